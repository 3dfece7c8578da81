import Foundation

/// A reporting period: whole days in Europe/Oslo, `from` and `to` inclusive, as yyyymmdd
/// numbers (the way the case facts are keyed by day).
public struct ReportPeriod: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable { case month, quarter, year, custom }

    public var kind: Kind
    public var from: Int
    public var to: Int

    public init(kind: Kind, from: Int, to: Int) {
        self.kind = kind
        self.from = from
        self.to = to
    }

    public static func day(_ date: Date, calendar: NorwegianCalendar = .init()) -> Int {
        let c = calendar.dateComponents(date)
        return c.year! * 10_000 + c.month! * 100 + c.day!
    }

    static func lastDay(year: Int, month: Int) -> Int {
        [31, (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][
            month - 1]
    }

    public static func month(_ year: Int, _ month: Int) -> ReportPeriod {
        ReportPeriod(
            kind: .month, from: year * 10_000 + month * 100 + 1,
            to: year * 10_000 + month * 100 + lastDay(year: year, month: month))
    }

    public static func quarter(_ year: Int, _ q: Int) -> ReportPeriod {
        let first = (q - 1) * 3 + 1
        return ReportPeriod(
            kind: .quarter, from: year * 10_000 + first * 100 + 1,
            to: year * 10_000 + (first + 2) * 100 + lastDay(year: year, month: first + 2))
    }

    public static func year(_ year: Int) -> ReportPeriod {
        ReportPeriod(kind: .year, from: year * 10_000 + 101, to: year * 10_000 + 1231)
    }

    /// The twelve months ending with the one that holds `day`, oldest first (for trends).
    public static func trailingMonths(endingAt day: Int, count: Int = 12) -> [ReportPeriod] {
        var y = day / 10_000
        var m = day / 100 % 100
        var out: [ReportPeriod] = []
        for _ in 0..<count {
            out.append(.month(y, m))
            m -= 1
            if m == 0 {
                m = 12
                y -= 1
            }
        }
        return out.reversed()
    }

    /// The start of the day after `to`, in Europe/Oslo: the instant the period ends.
    public func endInstant(calendar: NorwegianCalendar = .init()) -> Date {
        let last = calendar.parseDate(String(format: "%04d-%02d-%02d", to / 10_000, to / 100 % 100, to % 100))!
        return calendar.addingCalendarDays(1, to: calendar.startOfDay(last))
    }

    /// How the period is written in Norwegian: "mars 2026", "2. kvartal 2026", "2026", "1.3.2026–15.3.2026".
    public var label: String { label(.nb) }

    /// How the period is written: "mars 2026" / "March 2026", "2. kvartal 2026" / "Q2 2026" …
    public func label(_ language: Language) -> String {
        let months =
            language == .en
            ? [
                "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December",
            ]
            : [
                "januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
                "november", "desember",
            ]
        let y = from / 10_000
        let m = from / 100 % 100
        switch kind {
        case .month: return "\(months[m - 1]) \(y)"
        case .quarter: return language == .en ? "Q\((m - 1) / 3 + 1) \(y)" : "\((m - 1) / 3 + 1). kvartal \(y)"
        case .year: return "\(y)"
        case .custom:
            func d(_ v: Int) -> String { "\(v % 100).\(v / 100 % 100).\(v / 10_000)" }
            return "\(d(from))–\(d(to))"
        }
    }

    /// A short key for storing notes per period ("2026-03", "2026-Q2", "2026", "20260301-20260315").
    public var key: String {
        let y = from / 10_000
        let m = from / 100 % 100
        switch kind {
        case .month: return String(format: "%04d-%02d", y, m)
        case .quarter: return "\(y)-Q\((m - 1) / 3 + 1)"
        case .year: return "\(y)"
        case .custom: return "\(from)-\(to)"
        }
    }
}

/// The nearest-rank percentile: the smallest value with at least `p` of the values at or below it
/// (the median is p = 0.5). Nil for no values.
public func nearestRankPercentile(_ sorted: [Int], _ p: Double) -> Int? {
    guard !sorted.isEmpty else { return nil }
    let rank = Int((p * Double(sorted.count)).rounded(.up))
    return sorted[max(0, min(sorted.count - 1, rank - 1))]
}

/// The KPIs of one service (or all) in one kommune and period, each a count from the case
/// facts — never typed in. Shares are nil when there is nothing to divide by.
public struct KPIs: Sendable, Equatable {
    /// Applications received (submitted in the period), and how many of them digitally.
    public var received = 0
    public var receivedDigitally = 0
    /// Decisions made in the period, and how many by rules alone.
    public var decided = 0
    public var automated = 0
    /// Processing time (submitted → decided) of the cases decided in the period, seconds.
    public var processingMedian: Int?
    public var processingP90: Int?
    /// Sum of processing times, seconds (for the average and the waiting saved).
    public var processingTotal = 0
    /// Decided in the period after the statutory deadline.
    public var decidedLate = 0
    /// Still open when the period ended, with the deadline already passed.
    public var openOverdue = 0
    /// Letters sent with the decisions of the period: delivered digitally, printed, read.
    public var letters = 0
    public var printed = 0
    public var read = 0

    public init() {}

    public var digitalShare: Double? { received == 0 ? nil : Double(receivedDigitally) / Double(received) }
    public var automationRate: Double? { decided == 0 ? nil : Double(automated) / Double(decided) }
    public var lettersDigital: Int { letters - printed }
    public var readRate: Double? { letters == 0 ? nil : Double(read) / Double(letters) }
    public var manualDecisions: Int { decided - automated }
}

/// What a kommune recorded about a service before the change (the KS method's baseline).
public struct Baseline: Sendable, Equatable, Codable {
    /// Staff minutes a manual case takes (registration, assessment, decision, letter).
    public var minutesPerManualCase: Double
    /// Processing time before, in days (what citizens waited).
    public var processingDaysBefore: Double
    /// Postage, printing and handling per printed letter, kroner.
    public var kronerPerPrintedLetter: Double
    /// Travel per physical meeting, kroner (video meetings come with a later issue; no meetings are avoided yet).
    public var kronerPerMeeting: Double
    public var source: String
    public var measuredOn: String

    public init(
        minutesPerManualCase: Double, processingDaysBefore: Double, kronerPerPrintedLetter: Double,
        kronerPerMeeting: Double,
        source: String, measuredOn: String
    ) {
        self.minutesPerManualCase = minutesPerManualCase
        self.processingDaysBefore = processingDaysBefore
        self.kronerPerPrintedLetter = kronerPerPrintedLetter
        self.kronerPerMeeting = kronerPerMeeting
        self.source = source
        self.measuredOn = measuredOn
    }
}

/// The gains against a baseline, each with the counts it comes from (the KS method:
/// avoided costs in kroner, time saved in hours and FTE, quality as days of waiting saved).
public struct Gains: Sendable, Equatable {
    public var hoursSaved: Double
    public var fte: Double
    public var kronerAvoided: Double
    public var waitingDaysSaved: Double
    /// How each figure was computed, for the report's "Slik er tallet regnet ut".
    public var hoursExplained: LocalizedText
    public var kronerExplained: LocalizedText
    public var waitingExplained: LocalizedText

    public init(
        hoursSaved: Double, fte: Double, kronerAvoided: Double, waitingDaysSaved: Double,
        hoursExplained: LocalizedText, kronerExplained: LocalizedText, waitingExplained: LocalizedText
    ) {
        self.hoursSaved = hoursSaved
        self.fte = fte
        self.kronerAvoided = kronerAvoided
        self.waitingDaysSaved = waitingDaysSaved
        self.hoursExplained = hoursExplained
        self.kronerExplained = kronerExplained
        self.waitingExplained = waitingExplained
    }

    public static func compute(_ k: KPIs, baseline b: Baseline, hoursPerFTE: Double) -> Gains {
        // Every automated decision is a manual case nobody had to do.
        let hours = Double(k.automated) * b.minutesPerManualCase / 60
        let fte = hoursPerFTE > 0 ? hours / hoursPerFTE : 0
        // Every letter delivered digitally is a letter not printed, posted and handled.
        let kroner = Double(k.lettersDigital) * b.kronerPerPrintedLetter
        // Each decided case against the waiting before; a case that took longer counts against.
        let actualDays = Double(k.processingTotal) / 86_400
        let waiting = Double(k.decided) * b.processingDaysBefore - actualDays
        return Gains(
            hoursSaved: hours, fte: fte, kronerAvoided: kroner, waitingDaysSaved: waiting,
            hoursExplained: .init(
                nb:
                    "\(k.automated) automatiske vedtak × \(Self.number(b.minutesPerManualCase)) minutter per manuell sak ÷ 60 = \(Self.number(hours)) timer; ÷ \(Self.number(hoursPerFTE)) timer per årsverk = \(Self.number(fte, decimals: 2)) årsverk",
                en:
                    "\(k.automated) automated decisions × \(Self.number(b.minutesPerManualCase)) minutes per manual case ÷ 60 = \(Self.number(hours)) hours; ÷ \(Self.number(hoursPerFTE)) hours per FTE = \(Self.number(fte, decimals: 2)) FTE"
            ),
            kronerExplained: .init(
                nb:
                    "\(k.lettersDigital) brev levert digitalt (\(k.letters) sendt − \(k.printed) skrevet ut) × \(Self.number(b.kronerPerPrintedLetter)) kr per utskrevet brev = \(Self.number(kroner)) kr",
                en:
                    "\(k.lettersDigital) letters delivered digitally (\(k.letters) sent − \(k.printed) printed) × \(Self.number(b.kronerPerPrintedLetter)) kr per printed letter = \(Self.number(kroner)) kr"
            ),
            waitingExplained: .init(
                nb:
                    "\(k.decided) avgjorte saker × \(Self.number(b.processingDaysBefore)) dager før − \(Self.number(actualDays)) dager faktisk behandlingstid til sammen = \(Self.number(waiting)) dager",
                en:
                    "\(k.decided) decided cases × \(Self.number(b.processingDaysBefore)) days before − \(Self.number(actualDays)) days of actual processing in all = \(Self.number(waiting)) days"
            )
        )
    }

    /// Norwegian number formatting: decimal comma, space as thousands separator.
    public static func number(_ v: Double, decimals: Int = 1) -> String {
        let f = NumberFormatter()
        f.locale = Locale(identifier: "nb_NO")
        f.numberStyle = .decimal
        f.minimumFractionDigits = 0
        f.maximumFractionDigits = decimals
        f.groupingSeparator = "\u{00A0}"
        f.decimalSeparator = ","
        return f.string(from: NSNumber(value: v)) ?? String(v)
    }
}

/// The buckets of the processing-time histogram that the daily rollups keep, so a percentile
/// over a year reads a few thousand histogram rows instead of every decided case.
///
/// Below 128 seconds every second is its own bucket (automated decisions take 0–2 s, and they
/// are most cases of a rule-governed service). From 128 s on a bucket is 1/64 of its power of
/// two wide (HDR-histogram style: 2 s wide at 128 s, about 2 h 15 min at one week). The
/// histogram finds the bucket that holds the wanted rank; the exact value is then picked from
/// the case facts within that bucket's range, so percentiles stay exact, not approximated.
public enum ProcessingHistogram {
    static let exact = 128
    static let subBits = 6

    /// The bucket of a processing time in seconds (negative times count as 0).
    public static func bucket(_ seconds: Int) -> Int {
        let v = max(0, seconds)
        if v < exact { return v }
        let e = Int.bitWidth - v.leadingZeroBitCount - 1  // floor(log2 v), ≥ 7
        let shift = e - subBits
        return exact + (e - 7) << subBits + (v >> shift) - (1 << subBits)
    }

    /// The seconds that fall in a bucket: `lo..<hi`.
    public static func range(_ bucket: Int) -> Range<Int> {
        if bucket < exact { return max(0, bucket)..<(max(0, bucket) + 1) }
        let i = bucket - exact
        let e = i >> subBits + 7
        let sub = i & ((1 << subBits) - 1)
        let shift = e - subBits
        let lo = ((1 << subBits) + sub) << shift
        return lo..<(lo + (1 << shift))
    }

    /// Where the nearest-rank `p`-percentile of `n` values lies in a histogram (bucket → count):
    /// the bucket, and the rank within it (1-based). Nil for no values.
    public static func locate(_ p: Double, of n: Int, in histogram: [Int: Int]) -> (bucket: Int, rank: Int)? {
        guard n > 0 else { return nil }
        let rank = max(1, Int((p * Double(n)).rounded(.up)))
        var seen = 0
        for b in histogram.keys.sorted() {
            let c = histogram[b]!
            if seen + c >= rank { return (b, rank - seen) }
            seen += c
        }
        return nil
    }
}
