import Foundation

/// CSV for Norwegian Excel (semicolon-separated): one cell at a time.
public enum CSV {
    /// A text cell. Quoted when it holds the separator, a quote or a line break. A cell that
    /// starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be read by a spreadsheet
    /// as a formula (`=HYPERLINK(…)` sends the sheet's data to another site): it gets a leading
    /// apostrophe, which spreadsheets show as text, as OWASP's CSV-injection advice says. Only for
    /// text people wrote: numbers Radhus computes are written as they are.
    public static func textCell(_ s: String, separator: Character = ";") -> String {
        var text = s
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
        let needsQuotes = text.contains(separator) || text.contains("\"") || text.contains("\n") || text.contains("\r")
        return needsQuotes ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
