import Foundation
import Logging
import RadhusCore

/// One JSON object per line: time, level, message, metadata. Structured for log shippers.
/// Nothing in Radhus puts personal data in a message or metadata (case ids and kommune
/// numbers only; fødselsnummer print masked even by accident, see `Fodselsnummer.description`).
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String

    public init(label: String, level: Logger.Level = .info) {
        self.label = label
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(
        level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?,
        source: String, file: String, function: String, line: UInt
    ) {
        var fields: [String: String] = [:]
        for (k, v) in self.metadata.merging(explicit ?? [:], uniquingKeysWith: { $1 }) { fields[k] = "\(v)" }
        fields["time"] = ISO8601DateFormatter().string(from: Date())
        fields["level"] = level.rawValue
        fields["message"] = message.description
        fields["logger"] = label
        let data = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data()
        FileHandle.standardError.write(data + Data("\n".utf8))
    }
}

/// Wraps every log handler Radhus installs. FluentKit logs each query at debug level with
/// every value it binds ("Running query", with inputs and filters) — session data,
/// fødselsnummer, answers. Of those lines only the table and the action are kept.
public struct PrivacyLogHandler: LogHandler {
    public var inner: any LogHandler

    public init(wrapping inner: any LogHandler) { self.inner = inner }

    public var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    public var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }

    static let safeQueryKeys: Set<String> = ["schema", "action", "database-id"]

    public func log(
        level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?,
        source: String, file: String, function: String, line: UInt
    ) {
        var kept = metadata
        if source == "FluentKit" || source.hasPrefix("Fluent") || source == "SQLKit" {
            kept = metadata?.filter { Self.safeQueryKeys.contains($0.key) }
        }
        // A path may hold a fødselsnummer (someone typed `/k/12838800058`): eleven digits in a
        // row are masked in every message and every string value (issue 17).
        kept = kept?.mapValues { value in
            if case .string(let s) = value { return .string(Self.clean(s)) }
            return value
        }
        inner.log(
            level: level, message: "\(Self.clean(message.description))", metadata: kept, source: source,
            file: file, function: function, line: line)
    }

    /// What a log line may carry of a text: eleven-digit runs masked, and every character
    /// `PlainText` refuses written as its code (`\u{1B}`), so a path typed with an escape
    /// sequence cannot recolour or rewrite an operator's terminal, and a NUL cannot cut a line
    /// (the corpus's paths reached the log raw: issue 17).
    static func clean(_ s: String) -> String {
        let masked = maskingElevenDigits(s)
        guard PlainText.refused(in: masked) != nil else { return masked }
        var out = String.UnicodeScalarView()
        for c in masked.unicodeScalars {
            if PlainText.isAllowed(c, multiline: false) {
                out.append(c)
            } else {
                out.append(contentsOf: "\\u{\(String(c.value, radix: 16, uppercase: true))}".unicodeScalars)
            }
        }
        return String(out)
    }

    /// Each run of exactly eleven digits (a fødselsnummer's length) as eleven asterisks.
    static func maskingElevenDigits(_ s: String) -> String {
        guard s.utf8.count >= 11 else { return s }
        var out = ""
        var run = ""
        func flush() {
            out += run.count == 11 ? String(repeating: "*", count: 11) : run
            run = ""
        }
        for c in s {
            if c.isASCII && c.isNumber {
                run.append(c)
            } else {
                flush()
                out.append(c)
            }
        }
        flush()
        return out
    }
}
