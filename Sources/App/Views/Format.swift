import Foundation
import RadhusCore

/// Numbers as the reports show and read them (Norwegian: decimal comma, space between thousands).
enum Format {
    static func percent(_ v: Double?) -> String { v.map { Gains.number($0 * 100) + " %" } ?? "–" }

    /// A duration in hours below a day, days above, in the page's language.
    static func days(_ seconds: Int?, t: Strings) -> String {
        guard let s = seconds else { return "–" }
        if s < 86_400 { return s < 3600 ? t.underAnHour : t.hours(Gains.number(Double(s) / 3600)) }
        return t.days(Gains.number(Double(s) / 86_400))
    }

    /// A number as typed in a form: decimal comma or point, spaces (also no-break) between thousands.
    static func decimal(_ raw: String?) -> Double? {
        let t = (raw ?? "").trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "")
            .replacingOccurrences(of: "\u{00A0}", with: "")
            .replacingOccurrences(of: ",", with: ".")
        guard !t.isEmpty, let v = Double(t), v.isFinite else { return nil }
        return v
    }

    /// A stored ISO date (`2027-06-30`) as people read and write it here (`30.06.2027`).
    static func norwegianDate(iso: String) -> String {
        let cal = NorwegianCalendar()
        return cal.parseDate(iso).map(cal.norwegianDate) ?? iso
    }
}
