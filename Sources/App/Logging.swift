import Foundation
import Logging

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

    public func log(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?,
                    source: String, file: String, function: String, line: UInt) {
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
