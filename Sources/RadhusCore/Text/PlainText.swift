import Foundation

/// The one rule for text people type, wherever it enters (forms, the API, stored headers):
/// characters that cannot be seen are refused, not stored. A NUL cut stored text short on its
/// way back out of SQLite (the journal's hash no longer matched, and screening compared a
/// shortened name), and C1 controls and bidirectional overrides make a text show something
/// other than what it holds (a letter's signature spelled backwards). Refused everywhere: C0
/// controls (U+0000–U+001F) but for a line break and a tab in multi-line text, DEL, C1 controls
/// (U+0080–U+009F), the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069), the line and paragraph separators (U+2028, U+2029) outside multi-line text,
/// the byte-order mark / zero-width no-break space (U+FEFF), and the replacement character
/// (U+FFFD), which is what bytes that are not UTF-8 become when a form is read: the person is
/// told which field could not be read instead of losing the whole form; and the noncharacters
/// U+FFFE and U+FFFF, which XML (the archive) cannot hold.
public enum PlainText {
    /// The first character of `text` that is refused; nil when it may be stored as it is.
    public static func refused(in text: String, multiline: Bool = false) -> Unicode.Scalar? {
        text.unicodeScalars.first { !isAllowed($0, multiline: multiline) }
    }

    /// The text without the characters this rule refuses: for text that comes from another
    /// system (an identity provider's names), where there is nobody to ask to type it again.
    public static func removingRefused(_ text: String, multiline: Bool = false) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { isAllowed($0, multiline: multiline) }))
    }

    public static func isAllowed(_ c: Unicode.Scalar, multiline: Bool) -> Bool {
        switch c.value {
        case 0x0A, 0x0D, 0x09: return multiline
        case 0x00...0x1F, 0x7F, 0x80...0x9F: return false
        // U+FFFE and U+FFFF are not characters: XML 1.0 has no place for them (the archive
        // export would not validate), and no keyboard types them.
        case 0x202A...0x202E, 0x2066...0x2069, 0xFEFF, 0xFFFD, 0xFFFE, 0xFFFF: return false
        case 0x2028, 0x2029: return multiline
        default: return true
        }
    }

    /// How a refused character is named to a person: its code point and, where it has one, the
    /// name people may know it by.
    public static func describe(_ c: Unicode.Scalar) -> String {
        let code = String(format: "U+%04X", c.value)
        switch c.value {
        case 0x00: return "\(code) (NUL)"
        case 0x09: return "\(code) (tabulator)"
        case 0x0A, 0x0D: return "\(code) (linjeskift)"
        case 0x202E: return "\(code) (RIGHT-TO-LEFT OVERRIDE)"
        case 0xFFFD: return "\(code) (bytes som ikke er UTF-8)"
        default: return code
        }
    }
}
