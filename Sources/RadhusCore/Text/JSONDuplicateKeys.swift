import Foundation

/// Finds a key that appears twice in one JSON object. JSON decoders differ on such a body
/// (Foundation's keeps one of them, others the first or refuse it), so the API refuses it, as
/// the pages refuse a form field sent twice: one rule, and a second value never silently wins
/// (issue 17). Keys are compared after unescaping (`"a"` and `"\u0061"` are the same key).
public enum JSONDuplicateKeys {
    /// The path of the first duplicated key (`answers.navn`), or nil when there is none or the
    /// text is not JSON (the decoder then says what is wrong).
    public static func first(in bytes: [UInt8]) -> String? {
        var scanner = Scanner(bytes: bytes)
        return try? scanner.value(path: [])
    }

    private struct Malformed: Error {}

    private struct Scanner {
        let bytes: [UInt8]
        var i = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func skipSpace() {
            while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
        }

        /// Scans one value; returns the path of a duplicate key inside it, if any.
        mutating func value(path: [String]) throws -> String? {
            skipSpace()
            guard i < bytes.count else { throw Malformed() }
            switch bytes[i] {
            case UInt8(ascii: "{"):
                i += 1
                var seen: Set<String> = []
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
                    i += 1
                    return nil
                }
                while true {
                    skipSpace()
                    let key = try string()
                    if !seen.insert(key).inserted { return (path + [key]).joined(separator: ".") }
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw Malformed() }
                    i += 1
                    if let d = try value(path: path + [key]) { return d }
                    if try closes(UInt8(ascii: "}")) { return nil }
                }
            case UInt8(ascii: "["):
                i += 1
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
                    i += 1
                    return nil
                }
                var index = 0
                while true {
                    if let d = try value(path: path + ["[\(index)]"]) { return d }
                    index += 1
                    if try closes(UInt8(ascii: "]")) { return nil }
                }
            case UInt8(ascii: "\""):
                _ = try string()
                return nil
            default:
                // A number, true, false or null: up to the next delimiter.
                let start = i
                while i < bytes.count,
                    ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D]
                        .contains(bytes[i])
                {
                    i += 1
                }
                if i == start { throw Malformed() }
                return nil
            }
        }

        /// After a member: a comma (false: another follows) or `close` (true: the container ends).
        mutating func closes(_ close: UInt8) throws -> Bool {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ",") || bytes[i] == close else { throw Malformed() }
            i += 1
            return bytes[i - 1] == close
        }

        /// A string literal, unescaped by Foundation's decoder (so escapes mean what they mean).
        mutating func string() throws -> String {
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw Malformed() }
            let start = i
            i += 1
            while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
                i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1
            }
            guard i < bytes.count else { throw Malformed() }
            i += 1
            let literal = Data(bytes[start..<i])
            guard let s = try? JSONDecoder().decode(String.self, from: literal) else { throw Malformed() }
            return s
        }
    }
}
