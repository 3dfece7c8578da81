import Crypto
import Foundation
import RadhusCore
import RadhusRules
import Yams

/// A tjenestepakke: one version of a service, as one kommune publishes it and another imports
/// it — the service definition (form, outcomes and letters, deadline, legal basis, archive
/// classification) and its rule files, byte for byte, with a checksum over them.
public struct ServicePackage: Codable, Sendable, Equatable {
    public static let currentFormat = "radhus-tjenestepakke/1"

    public struct Publisher: Codable, Sendable, Equatable {
        public var kommune: String
        public var name: String
    }

    public var format: String
    public var service: String
    public var version: Int
    public var title: String
    /// Nil: one of Radhus's own standard services.
    public var publisher: Publisher?
    public var publishedAt: Date
    public var changes: String
    public var files: [String: String]
    public var sha256: String

    /// The JSON form of a package (ISO 8601 dates, sorted keys), for export and import.
    public static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        e.dateEncodingStrategy = .iso8601
        return e
    }

    public static var decoder: JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }

    /// SHA-256 over the files in name order (`name\n` + length + `\n` + content), hex.
    public static func digest(_ files: [String: String]) -> String {
        var data = Data()
        for name in files.keys.sorted() {
            let content = Data(files[name]!.utf8)
            data.append(Data("\(name)\n\(content.count)\n".utf8))
            data.append(content)
        }
        return hexString(SHA256.hash(data: data))
    }

    /// Why a package cannot be used, in words for the person who made it.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var messages: [String]
        public var description: String { messages.joined(separator: "; ") }
    }

    /// The definition and compiled rules in `files`, or every problem found.
    /// `stored`: a package the catalogue already holds (`ServiceSchema.read`).
    public static func compile(files: [String: String], stored: Bool = false) throws(Problem) -> (
        ServiceDefinition, ServiceRules?
    ) {
        let c = try compiled(files: files, stored: stored)
        return (c.definition, c.rules)
    }

    /// The definition, its outcome rules and its case decisions (issue 24), each compiled once.
    static func compiled(files: [String: String], stored: Bool = false) throws(Problem) -> (
        definition: ServiceDefinition, rules: ServiceRules?, decisions: [String: ServiceRules]
    ) {
        var problems: [String] = []
        if files.count > 10 { problems.append("En pakke kan ha høyst 10 filer.") }
        for (name, content) in files {
            if name.isEmpty || name.count > 60
                || !name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || "._-".contains($0)) })
            {
                problems.append(
                    "Filnavnet «\(name.prefix(60))» kan bare ha små bokstaver, sifre, punktum, bindestrek og understrek."
                )
            }
            if content.utf8.count > 1_000_000 { problems.append("\(name) er større enn 1 MB.") }
        }
        guard let yaml = files["service.yaml"] else {
            throw Problem(messages: problems + ["Pakken mangler service.yaml."])
        }
        guard problems.isEmpty else { throw Problem(messages: problems) }
        let (read, found) = ServiceSchema.read(yaml, stored: stored)
        guard let def = read else { throw Problem(messages: found.map { "service.yaml: \($0)" }) }
        problems += found.map { "service.yaml: \($0)" }
        if def.local != nil {
            problems.append("service.yaml: «local» settes av hver kommune når den tar tjenesten i bruk, ikke i pakken.")
        }
        var rules: ServiceRules? = nil
        if let binding = def.rules {
            if let dmn = files[binding.file] {
                do { rules = try ServiceRules(binding: binding, data: Data(dmn.utf8), file: binding.file) } catch {
                    problems.append("\(error)")
                }
            } else {
                problems.append("service.yaml viser til regelfilen \(binding.file), som ikke er i pakken.")
            }
        }
        let decisions = caseDecisions(def, files: files)
        problems += decisions.problems
        guard problems.isEmpty else { throw Problem(messages: problems) }
        return (def, rules, decisions.compiled)
    }

    /// The definition's case decisions (issue 24: completeness, deadline, fee) compiled from
    /// the package's files, by purpose, or what is wrong with them.
    static func caseDecisions(_ def: ServiceDefinition, files: [String: String]) -> (
        compiled: [String: ServiceRules], problems: [String]
    ) {
        var compiled: [String: ServiceRules] = [:]
        var problems: [String] = []
        for (purpose, binding) in def.caseDecisions.sorted(by: { $0.key < $1.key }) {
            guard let dmn = files[binding.file] else {
                problems.append("service.yaml viser til regelfilen \(binding.file), som ikke er i pakken.")
                continue
            }
            do {
                compiled[purpose] = try ServiceRules(binding: binding.asRules, data: Data(dmn.utf8), file: binding.file)
            } catch { problems.append("\(error)") }
        }
        return (compiled, problems)
    }
}
