import Crypto
import Foundation
import RadhusCore
import RadhusRules

/// A service's rules: the binding from its definition, the compiled model, and the file's
/// content and SHA-256 (the rule version stored with every evaluation).
public struct ServiceRules: Sendable {
    public let binding: RulesBinding
    public let model: DMNModel
    public let content: String
    public let hash: String
    /// Decisions in the file that cannot be compiled and that the service does not use: shown
    /// where the rule file is (they would refuse the service if it used them).
    public var unusedProblems: [DMNError] {
        let used = Set(model.problems(affecting: binding.decision).map(\.description))
        return model.problems.filter { !used.contains($0.description) }
    }

    public init(binding: RulesBinding, data: Data, file: String) throws(DMNError) {
        let model = try DMNModel.load(data, file: file)
        guard model.hasDecision(binding.decision) else {
            throw DMNError(
                file: file,
                message:
                    "har ingen beslutning «\(binding.decision)» (den har \(model.decisionNames.joined(separator: ", "))) — rett rules.decision i service.yaml"
            )
        }
        // A model loads per decision (issue 21): a service may publish with a decision it does
        // not use that cannot be compiled, never when its own decision uses one.
        if let broken = model.problems(affecting: binding.decision).first {
            throw DMNError(
                file: file, decision: broken.decision,
                message:
                    "kan ikke kompileres, og beslutningen «\(binding.decision)» bruker den: \(broken.detail)")
        }
        for input in binding.inputs where !model.inputNames.contains(input.name) {
            throw DMNError(
                file: file,
                message:
                    "har ingen inndata «\(input.name)» (den har \(model.inputNames.joined(separator: ", "))) — rett rules.inputs i service.yaml"
            )
        }
        self.binding = binding
        self.model = model
        self.content = String(decoding: data, as: UTF8.self)
        self.hash = Self.sha256(data)
    }

    public static func sha256(_ data: Data) -> String {
        hexString(SHA256.hash(data: data))
    }
}
