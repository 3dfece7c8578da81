import Foundation

/// The travel a video meeting saves the citizen (issue 22's gains): the trip to the kommune's
/// office and back, by the distance from their postnummer where the kommune has given it and
/// the kommune's average otherwise, priced per kilometre and per hour, with the car's CO₂.
/// Every figure is the kommune's own (the report shows the computation beside the result).
public struct TravelSettings: Sendable, Equatable {
    /// One way, kilometres and minutes, when the postnummer is not in `byPostnummer`.
    public var averageKm: Double
    public var averageMinutes: Int
    /// Kroner per kilometre driven (the state's car allowance is 3,50) and per hour of the
    /// citizen's time.
    public var costPerKm: Double
    public var costPerHour: Double
    /// Grams of CO₂ per kilometre (an average car).
    public var co2GramsPerKm: Double
    /// One-way distance and time from a postnummer to the office.
    public var byPostnummer: [String: Trip]

    public struct Trip: Sendable, Equatable {
        public var km: Double
        public var minutes: Int
        public init(km: Double, minutes: Int) {
            self.km = km
            self.minutes = minutes
        }
    }

    public static let standard = TravelSettings(
        averageKm: 15, averageMinutes: 20, costPerKm: 3.5, costPerHour: 250, co2GramsPerKm: 120, byPostnummer: [:])

    public init(
        averageKm: Double, averageMinutes: Int, costPerKm: Double, costPerHour: Double, co2GramsPerKm: Double,
        byPostnummer: [String: Trip]
    ) {
        self.averageKm = averageKm
        self.averageMinutes = averageMinutes
        self.costPerKm = costPerKm
        self.costPerHour = costPerHour
        self.co2GramsPerKm = co2GramsPerKm
        self.byPostnummer = byPostnummer
    }

    /// `9405 12 15` per line: postnummer, kilometres one way, minutes one way. Returns the
    /// table, or the first line that is not like that (1-based) when one is not.
    public static func parseDistances(_ text: String) -> Result<[String: Trip], LineProblem> {
        var out: [String: Trip] = [:]
        for (i, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)  // a browser sends CRLF
            if line.isEmpty { continue }
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard parts.count == 3, parts[0].count == 4, parts[0].allSatisfy(\.isASCII), Int(parts[0]) != nil,
                let km = Double(parts[1].replacingOccurrences(of: ",", with: ".")), km >= 0, km <= 2000,
                let minutes = Int(parts[2]), (0...1440).contains(minutes)
            else { return .failure(LineProblem(line: i + 1)) }
            out[parts[0]] = Trip(km: km, minutes: minutes)
        }
        return .success(out)
    }

    public struct LineProblem: Error, Equatable { public var line: Int }

    /// The table as the form shows it, sorted by postnummer.
    public static func distancesText(_ table: [String: Trip]) -> String {
        table.keys.sorted().map { k in
            let t = table[k]!
            let km = t.km == t.km.rounded() ? String(Int(t.km)) : String(t.km)
            return "\(k) \(km) \(t.minutes)"
        }.joined(separator: "\n")
    }

    /// The trip one citizen did not make (there and back).
    public func trip(postnummer: String?) -> Trip {
        let one = postnummer.flatMap { byPostnummer[$0] } ?? Trip(km: averageKm, minutes: averageMinutes)
        return Trip(km: one.km * 2, minutes: one.minutes * 2)
    }

    /// The travel avoided by these video meetings (each the citizen's postnummer, when known).
    public func avoided(postnummers: [String?]) -> TravelAvoided {
        var r = TravelAvoided()
        for p in postnummers {
            let t = trip(postnummer: p)
            r.meetings += 1
            if p.map({ byPostnummer[$0] != nil }) == true { r.byDistance += 1 }
            r.km += t.km
            r.hours += Double(t.minutes) / 60
        }
        r.cost = r.km * costPerKm + r.hours * costPerHour
        r.co2Kg = r.km * co2GramsPerKm / 1000
        return r
    }
}

public struct TravelAvoided: Sendable, Equatable {
    public var meetings = 0
    /// Of them, how many by the postnummer's own distance (the rest by the average).
    public var byDistance = 0
    public var km: Double = 0
    public var hours: Double = 0
    public var cost: Double = 0
    public var co2Kg: Double = 0
    public init() {}
}
