/// A line diff (longest common subsequence), for showing what a new version of a shared
/// service changes before a kommune upgrades to it.
public enum LineDiff {
    public enum Line: Sendable, Equatable {
        case same(String)
        case removed(String)
        case added(String)
    }

    /// A run of changes with up to `context` unchanged lines around it; `oldStart` and
    /// `newStart` are 1-based line numbers.
    public struct Hunk: Sendable, Equatable {
        public var oldStart: Int
        public var newStart: Int
        public var lines: [Line]
    }

    public static func lines(_ old: String, _ new: String) -> [Line] {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // LCS table from the end: service files are a few hundred lines, so O(n·m) is fine.
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var out: [Line] = []
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                out.append(.same(a[i]))
                i += 1
                j += 1
            } else if i < a.count, j == b.count || table[i + 1][j] >= table[i][j + 1] {
                out.append(.removed(a[i]))
                i += 1  // removals first, as diffs read
            } else {
                out.append(.added(b[j]))
                j += 1
            }
        }
        return out
    }

    public static func hunks(_ old: String, _ new: String, context: Int = 2) -> [Hunk] {
        let all = lines(old, new)
        var hunks: [Hunk] = []
        var oldLine = 1
        var newLine = 1
        var current: Hunk? = nil
        var trailing = 0  // unchanged lines appended since the last change
        for (index, line) in all.enumerated() {
            switch line {
            case .same:
                if current != nil {
                    // Changes closer than 2 × context share a hunk; otherwise close it with
                    // `context` lines after the last change.
                    if trailing < 2 * context {
                        current!.lines.append(line)
                        trailing += 1
                    } else {
                        current!.lines.removeLast(trailing - context)
                        hunks.append(current!)
                        current = nil
                    }
                }
                oldLine += 1
                newLine += 1
            case .removed, .added:
                if current == nil {
                    // Start with up to `context` lines before.
                    let start = max(0, index - context)
                    let before = Array(all[start..<index])
                    current = Hunk(oldStart: oldLine - before.count, newStart: newLine - before.count, lines: before)
                }
                current!.lines.append(line)
                trailing = 0
                if case .removed = line { oldLine += 1 } else { newLine += 1 }
            }
        }
        if var current {
            current.lines.removeLast(max(0, trailing - context))
            hunks.append(current)
        }
        return hunks
    }
}
