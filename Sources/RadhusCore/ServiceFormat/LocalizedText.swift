import Foundation

/// The languages Radhus speaks: bokmål first, English second.
public enum Language: String, Sendable, Codable, CaseIterable {
    case nb, en
}

/// A text in bokmål with an optional English version (bokmål is the fallback).
public struct LocalizedText: Sendable, Codable, Hashable {
    public var nb: String
    public var en: String?

    public init(nb: String, en: String? = nil) {
        self.nb = nb
        self.en = en
    }

    public subscript(language: Language) -> String {
        switch language {
        case .nb: nb
        case .en: en ?? nb
        }
    }
}
