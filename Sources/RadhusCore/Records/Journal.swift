import Foundation

/// Noark 5 journalpost types (DOMAIN.md): inbound, outbound, internal notes.
public enum JournalpostType: String, Sendable, Codable, CaseIterable {
    case inbound = "I"
    case outbound = "U"
    case noteWithFollowUp = "N"
    case noteWithout = "X"

    /// The value Noark 5 exports use (arkivstruktur, løpende journal).
    public var noarkName: String {
        switch self {
        case .inbound: "Inngående dokument"
        case .outbound: "Utgående dokument"
        case .noteWithFollowUp: "Organinternt dokument for oppfølging"
        case .noteWithout: "Organinternt dokument uten oppfølging"
        }
    }

    /// The correspondent's role for this type (korrespondanseparttype).
    public var correspondentRole: String {
        switch self {
        case .inbound: "Avsender"
        case .outbound: "Mottaker"
        case .noteWithFollowUp, .noteWithout: "Intern mottaker"
        }
    }
}

/// Journal status: J journalført, F ferdigstilt, E ekspedert, A arkivert.
public enum JournalStatus: String, Sendable, Codable, CaseIterable {
    case journalfort = "J"
    case ferdigstilt = "F"
    case ekspedert = "E"
    case arkivert = "A"

    public var noarkName: String {
        switch self {
        case .journalfort: "Journalført"
        case .ferdigstilt: "Ferdigstilt fra saksbehandler"
        case .ekspedert: "Ekspedert"
        case .arkivert: "Arkivert"
        }
    }
}

/// Screening (skjerming): words of a title that the public journal must not show, and the
/// legal basis for hiding them.
public struct Screening: Sendable, Codable, Hashable {
    public var basis: String
    /// The answers whose values are screened in titles (e.g. the child's name).
    public var fields: [String]

    public init(basis: String, fields: [String]) {
        self.basis = basis
        self.fields = fields
    }

    public static let mask = "*****"

    /// The title with every screened value replaced (longest first, so a full name goes
    /// before a part of it).
    public static func publicTitle(_ title: String, hiding values: [String]) -> String {
        var t = title
        for v in values.filter({ !$0.isEmpty }).sorted(by: { $0.count > $1.count }) {
            t = t.replacingOccurrences(of: v, with: mask)
        }
        return t
    }
}
