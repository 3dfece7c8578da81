import Crypto
import Foundation
import RadhusCore
import RadhusRules
import Vapor
import Yams

/// The service definitions this installation offers, loaded once at boot from
/// `ServiceDefinitions/<id>/service.yaml`. A broken file stops the boot with a message naming it.
public struct ShippedServices: Sendable {
    public let services: [ServiceDefinition]
    /// The compiled rules of each service that has them, by service id.
    public let rules: [String: ServiceRules]
    /// Each service's files as read (service.yaml and its rule file), by service id: what
    /// `radhus serve` publishes in the catalogue as the built-in version of each service.
    public let files: [String: [String: String]]
    /// Each service's case decisions (completeness, deadline, fee; issue 24), by service id.
    public let decisions: [String: [String: ServiceRules]]

    public init(
        services: [ServiceDefinition], rules: [String: ServiceRules] = [:], files: [String: [String: String]] = [:],
        decisions: [String: [String: ServiceRules]] = [:]
    ) {
        self.services = services
        self.rules = rules
        self.files = files
        self.decisions = decisions
    }

    public func service(_ id: String) -> ServiceDefinition? { services.first { $0.id == id } }

    public struct LoadError: Error, CustomStringConvertible {
        public var description: String
    }

    public static func load(from directory: String) throws -> ShippedServices {
        let fm = FileManager.default
        guard let entries = try? fm.contentsOfDirectory(atPath: directory) else {
            throw LoadError(description: "Fant ikke tjenestemappen \(directory) (set RADHUS_SERVICES_DIR)")
        }
        var services: [ServiceDefinition] = []
        var rules: [String: ServiceRules] = [:]
        var files: [String: [String: String]] = [:]
        var decisions: [String: [String: ServiceRules]] = [:]
        for entry in entries.sorted() {
            let file = "\(directory)/\(entry)/service.yaml"
            guard fm.fileExists(atPath: file) else { continue }
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
                throw LoadError(description: "\(file): cannot be read (\(error))")
            }
            let (read, problems) = ServiceSchema.read(text)
            guard problems.isEmpty, let def = read else {
                throw LoadError(description: "\(file): " + problems.joined(separator: "; "))
            }
            guard def.id == entry else {
                throw LoadError(description: "\(file): id '\(def.id)' must match its folder name '\(entry)'")
            }
            // Every DMN file the definition names, read once: the outcome rules and the case
            // decisions (issue 24) compile from these texts, and they are what is published.
            files[def.id] = ["service.yaml": text]
            for name in def.decisionFiles {
                let path = "\(directory)/\(entry)/\(name)"
                guard let content = try? String(contentsOfFile: path, encoding: .utf8) else {
                    throw LoadError(description: "\(path): kan ikke leses")
                }
                files[def.id]?[name] = content
            }
            if let binding = def.rules, let content = files[def.id]?[binding.file] {
                do {
                    rules[def.id] = try ServiceRules(binding: binding, data: Data(content.utf8), file: binding.file)
                } catch {
                    throw LoadError(description: "\(directory)/\(entry)/\(error)")
                }
            }
            let (compiled, decisionProblems) = ServicePackage.caseDecisions(def, files: files[def.id] ?? [:])
            guard decisionProblems.isEmpty else {
                throw LoadError(description: "\(directory)/\(entry): " + decisionProblems.joined(separator: "; "))
            }
            decisions[def.id] = compiled
            services.append(def)
        }
        guard !services.isEmpty else { throw LoadError(description: "\(directory) has no service definitions") }
        return ShippedServices(services: services, rules: rules, files: files, decisions: decisions)
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let ctx):
            return "mangler «\(key.stringValue)» i \(path(ctx.codingPath))"
        case DecodingError.typeMismatch(_, let ctx), DecodingError.valueNotFound(_, let ctx),
            DecodingError.dataCorrupted(let ctx):
            return "\(ctx.debugDescription) i \(path(ctx.codingPath))"
        default:
            return "\(error)"
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty
            ? "øverste nivå" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
