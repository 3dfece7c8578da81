import Fluent
import Foundation
import NIOConcurrencyHelpers
import RadhusCore
import SQLKit
import Vapor

/// Every version of every service this installation knows, compiled once: the built-in ones
/// from `ServiceDefinitions/` and the rest from published packages in the database (loaded on first use,
/// so a package published through another node is found here too). Package versions never
/// change, so the cache never goes stale; adoptions change, and are read each time.
public final class ServiceRegistry: Sendable {
    public struct Entry: Sendable {
        public let definition: ServiceDefinition
        public let rules: ServiceRules?
        /// The case decisions (issue 24), by purpose: `completeness`, `deadline`, `fee`.
        public var decisions: [String: ServiceRules] = [:]
    }

    public let base: ShippedServices
    private let cache: NIOLockedValueBox<[String: Entry]>
    /// Kommuner's own fee tables (issue 24), compiled once per content (by its SHA-256).
    private let ownRules = NIOLockedValueBox([String: ServiceRules]())

    public init(base: ShippedServices) {
        self.base = base
        var seed: [String: Entry] = [:]
        for s in base.services {
            seed[Self.key(s.id, s.version)] = Entry(
                definition: s, rules: base.rules[s.id], decisions: base.decisions[s.id] ?? [:])
        }
        cache = NIOLockedValueBox(seed)
    }

    static func key(_ id: String, _ version: Int) -> String { "\(id)@\(version)" }

    /// Version `version` of service `id`, from the cache or the catalogue's packages.
    public func entry(_ id: String, version: Int, on db: any Database) async throws -> Entry? {
        if let e = cache.withLockedValue({ $0[Self.key(id, version)] }) { return e }
        guard
            let row = try await ServicePackageRecord.query(on: db).filter(\.$serviceID == id).filter(
                \.$version == version
            ).first()
        else {
            return nil
        }
        let c = try ServicePackage.compiled(files: row.files, stored: true)
        let entry = Entry(definition: c.definition, rules: c.rules, decisions: c.decisions)
        cache.withLockedValue { $0[Self.key(id, version)] = entry }
        return entry
    }

    /// The compiled rules of a definition this registry gave out.
    public func rules(for s: ServiceDefinition) -> ServiceRules? {
        cache.withLockedValue { $0[Self.key(s.id, s.version)]?.rules }
    }

    /// A case decision (issue 24) of a definition this registry gave out, by purpose; the fee
    /// from the kommune's own table when it set one (`LocalParts.feeRules`).
    public func decision(_ purpose: String, for s: ServiceDefinition) -> ServiceRules? {
        if purpose == "fee", let own = s.local?.feeRules, let binding = s.fee?.binding {
            let key = "\(s.id)@\(s.version)|" + ServiceRules.sha256(Data(own.utf8))
            if let compiled = ownRules.withLockedValue({ $0[key] }) { return compiled }
            guard let compiled = try? ServiceRules(binding: binding.asRules, data: Data(own.utf8), file: binding.file)
            else { return nil }
            ownRules.withLockedValue { $0[key] = compiled }
            return compiled
        }
        return cache.withLockedValue { $0[Self.key(s.id, s.version)]?.decisions[purpose] }
    }

    /// Whether a service's cases have a statutory deadline in weeks (issue 24), in any version.
    public func hasStatutoryDeadline(_ id: String) -> Bool {
        base.service(id)?.deadline.statutory != nil
            || cache.withLockedValue { c in
                c.values.contains { $0.definition.id == id && $0.definition.deadline.statutory != nil }
            }
    }

    /// A service's title for lists of cases, whatever version they were submitted under.
    public func title(of id: String) -> LocalizedText? {
        base.service(id)?.title
            ?? cache.withLockedValue { c in c.values.first { $0.definition.id == id }?.definition.title }
    }

    /// The administrative unit a service names for its records (issue 19), if it names one.
    public func archiveUnit(of id: String) -> String? {
        base.service(id)?.archive?.unit
            ?? cache.withLockedValue { c in c.values.first { $0.definition.id == id }?.definition.archive?.unit }
    }

    /// The services a kommune offers, as it offers them (its own parts applied), by title.
    public func offered(municipalityID: UUID, on db: any Database) async throws -> [ServiceDefinition] {
        var out: [ServiceDefinition] = []
        for a in try await ServiceAdoption.query(on: db).filter(\.$municipalityID == municipalityID).all() {
            if let e = try await entry(a.serviceID, version: a.version, on: db) {
                out.append(e.definition.localized(Self.local(a)))
            }
        }
        return out.sorted { $0.title.nb < $1.title.nb }
    }

    /// One service as the kommune offers it, or nil when it has not adopted it.
    public func offered(municipalityID: UUID, id: String, on db: any Database) async throws -> ServiceDefinition? {
        guard
            let a = try await ServiceAdoption.query(on: db).filter(\.$municipalityID == municipalityID).filter(
                \.$serviceID == id
            ).first(),
            let e = try await entry(id, version: a.version, on: db)
        else { return nil }
        return e.definition.localized(Self.local(a))
    }

    /// The version a case was submitted under, with the kommune's current own parts: a case
    /// is decided by the outcomes and letters of its own version, even after an upgrade.
    public func forCase(serviceID: String, version: Int, municipalityID: UUID, on db: any Database) async throws
        -> ServiceDefinition?
    {
        guard let e = try await entry(serviceID, version: version, on: db) else { return nil }
        let a = try await ServiceAdoption.query(on: db).filter(\.$municipalityID == municipalityID).filter(
            \.$serviceID == serviceID
        ).first()
        return e.definition.localized(a.flatMap(Self.local))
    }

    static func local(_ a: ServiceAdoption) -> ServiceDefinition.LocalParts? {
        let parts = try? JSONDecoder().decode(ServiceDefinition.LocalParts.self, from: Data(a.localJSON.utf8))
        return parts?.isEmpty == true ? nil : parts
    }
}
