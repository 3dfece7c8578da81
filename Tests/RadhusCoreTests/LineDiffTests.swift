import RadhusCore
import Testing

@Suite struct LineDiffTests {
    @Test func aChangedLineIsARemovalAndAnAddition() {
        let old = "id: skoleskyss\nversion: 1\ndeadline:\n  days: 21\n  kind: calendar"
        let new = "id: skoleskyss\nversion: 2\ndeadline:\n  days: 14\n  kind: calendar"
        let lines = LineDiff.lines(old, new)
        #expect(
            lines.filter { if case .removed = $0 { true } else { false } } == [
                .removed("version: 1"), .removed("  days: 21"),
            ])
        #expect(
            lines.filter { if case .added = $0 { true } else { false } } == [
                .added("version: 2"), .added("  days: 14"),
            ])
        #expect(lines.count == 7)
    }

    @Test func hunksKeepContextAndMergeCloseChanges() {
        let old = (1...20).map { "line \($0)" }.joined(separator: "\n")
        var newLines = (1...20).map { "line \($0)" }
        newLines[2] = "changed 3"
        newLines[5] = "changed 6"
        newLines[17] = "changed 18"
        let hunks = LineDiff.hunks(old, newLines.joined(separator: "\n"), context: 2)
        #expect(hunks.count == 2, "3 and 6 are close, 18 is far")
        #expect(hunks[0].oldStart == 1 && hunks[0].lines.first == .same("line 1"))
        #expect(hunks[0].lines.last == .same("line 8"))
        #expect(
            hunks[1].oldStart == 16
                && hunks[1].lines == [
                    .same("line 16"), .same("line 17"), .removed("line 18"), .added("changed 18"),
                    .same("line 19"), .same("line 20"),
                ])
        #expect(LineDiff.hunks(old, old).isEmpty)
    }
}
