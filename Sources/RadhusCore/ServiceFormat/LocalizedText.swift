import Foundation

/// The languages Radhus speaks: Norwegian in both written forms, bokmål and nynorsk, which
/// public bodies must answer in as the person writes (språklova § 10), and English.
public enum Language: String, Sendable, Codable, CaseIterable {
    case nb, nn, en

    /// The written form of Norwegian for letters and records: English readers get bokmål
    /// (an enkeltvedtak is written in Norwegian).
    public var written: Language { self == .en ? .nb : self }

    /// The language's own name, for the language links.
    public var name: String {
        switch self {
        case .nb: "Bokmål"
        case .nn: "Nynorsk"
        case .en: "English"
        }
    }
}

/// A text in bokmål, with nynorsk (required of shipped and published services, issue 19) and
/// English (optional); bokmål is the fallback.
public struct LocalizedText: Sendable, Codable, Hashable {
    public var nb: String
    public var nn: String?
    public var en: String?

    public init(nb: String, en: String? = nil, nn: String? = nil) {
        self.nb = nb
        self.en = en
        self.nn = nn
    }

    public subscript(language: Language) -> String {
        switch language {
        case .nb: nb
        case .nn: nn ?? nb
        case .en: en ?? nb
        }
    }

    /// Whether the text exists in `language` itself (not by falling back to bokmål).
    public func has(_ language: Language) -> Bool {
        switch language {
        case .nb: true
        case .nn: nn != nil
        case .en: en != nil
        }
    }
}
