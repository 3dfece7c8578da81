import Fluent
import Foundation
import RadhusCore
import SQLKit
import Vapor

/// The shared service catalogue: publishing versions, exporting and importing packages, and
/// a kommune adopting a service, setting its own parts and upgrading. One transaction per
/// command; a package, once published, is never changed.
public struct CatalogService: Sendable {
    let db: any Database
    let writer: WriteCoordinator
    let clock: any Clock
    let registry: ServiceRegistry

    public init(app: Application) {
        db = app.db
        writer = app.writer
        clock = app.clock
        registry = app.services
    }

    init(req: Request) {
        db = req.db
        writer = req.writer
        clock = req.application.clock
        registry = req.services
    }

    // MARK: Packages

    /// Publishes the built-in services (`ServiceDefinitions/`) that are not in the catalogue yet, as
    /// Radhus's own (or, in the demo, as the kommune `publishers` names). Run at every start.
    public func publishBuiltIns(publishers: [String: String] = [:]) async throws {
        let base = registry.base
        let now = clock.now()
        try await writer.write(on: db) { tx in
            for s in base.services {
                guard let files = base.files[s.id] else { continue }
                if try await ServicePackageRecord.query(on: tx).filter(\.$serviceID == s.id).filter(
                    \.$version == s.version
                ).first() != nil {
                    continue
                }
                let publisher =
                    try await publishers[s.id].asyncMap { try await Municipality.snapshot(number: $0, on: tx) } ?? nil
                try await Self.insert(
                    id: s.id, version: s.version, title: s.title.nb, publisherID: publisher?.id,
                    publisherName: publisher?.name ?? "Radhus (standardtjeneste)",
                    changes: "Første versjon.", files: files, now: now, on: tx)
            }
        }
    }

    static func insert(
        id: String, version: Int, title: String, publisherID: UUID?, publisherName: String, changes: String,
        files: [String: String], now: Date, on tx: any Database
    ) async throws {
        let row = ServicePackageRecord()
        row.serviceID = id
        row.version = version
        row.title = title
        row.publisherID = publisherID
        row.publisherName = publisherName
        row.changes = changes
        row.filesJSON = String(decoding: try JSONEncoder.sorted.encode(files), as: UTF8.self)
        row.sha256 = ServicePackage.digest(files)
        row.publishedAt = now
        try await row.create(on: tx)
    }

    public enum PublishResult: Sendable {
        case published(version: Int)
        case invalid([String])
    }

    /// A kommune publishes a new version of a service it publishes (or a new service): the
    /// version in service.yaml must be the next one.
    public func publish(
        files: [String: String], changes: String, by kommune: Municipality.Snapshot,
        expectedID: String? = nil
    ) async throws -> PublishResult {
        let def: ServiceDefinition
        do { (def, _) = try ServicePackage.compile(files: files) } catch { return .invalid(error.messages) }
        if let expectedID, def.id != expectedID {
            return .invalid([
                "service.yaml: id må være «\(expectedID)» (en ny tjeneste får en ny id, ikke en ny versjon av denne)."
            ])
        }
        let changes = changes.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !changes.isEmpty, changes.count <= 2000 else {
            return .invalid(["Skriv hva som er endret (høyst 2000 tegn)."])
        }
        let now = clock.now()
        return try await writer.write(on: db) { tx in
            switch try await Self.placeInCatalogue(def, by: kommune, on: tx) {
            case .othersService(let message): throw RadhusError.forbidden(message)
            case .wrongVersion(let message): return .invalid([message])
            case nil: break
            }
            try await Self.insert(
                id: def.id, version: def.version, title: def.title.nb, publisherID: kommune.id,
                publisherName: kommune.name, changes: changes, files: files, now: now, on: tx)
            return .published(version: def.version)
        }
    }

    /// Why `def` cannot go in the catalogue as `kommune`'s, if it cannot: the id is another
    /// publisher's, or the version is not the next one.
    enum PlaceProblem: Sendable {
        case othersService(String)
        case wrongVersion(String)
        var message: String {
            switch self {
            case .othersService(let m), .wrongVersion(let m): m
            }
        }
    }

    static func placeInCatalogue(_ def: ServiceDefinition, by kommune: Municipality.Snapshot, on db: any Database)
        async throws -> PlaceProblem?
    {
        let existing = try await ServicePackageRecord.query(on: db).filter(\.$serviceID == def.id).sort(
            \.$version, .descending
        ).all()
        if let first = existing.last, first.publisherID != kommune.id {
            return .othersService(
                "Bare \(first.publisherName) kan gi ut nye versjoner av «\(first.title)» (id «\(def.id)»). Gi tjenesten en egen id."
            )
        }
        let next = (existing.first?.version ?? 0) + 1
        guard def.version == next else {
            return .wrongVersion(
                "service.yaml: versjonen må være \(next) (den neste etter \(next - 1)), ikke \(def.version).")
        }
        return nil
    }

    /// The package of one version, for download and for another installation.
    public func export(id: String, version: Int) async throws -> ServicePackage? {
        guard
            let row = try await ServicePackageRecord.query(on: db).filter(\.$serviceID == id).filter(
                \.$version == version
            ).first()
        else {
            return nil
        }
        let publisher: ServicePackage.Publisher? =
            try await row.publisherID.asyncMap { id in
                try await Municipality.find(id, on: db).map {
                    ServicePackage.Publisher(kommune: $0.number, name: $0.name)
                }
            } ?? nil
        return ServicePackage(
            format: ServicePackage.currentFormat, service: row.serviceID, version: row.version, title: row.title,
            publisher: publisher, publishedAt: row.publishedAt, changes: row.changes, files: row.files,
            sha256: row.sha256)
    }

    public enum ImportResult: Sendable, Equatable { case imported, alreadyThere }

    /// Imports a package from another installation (the operator's `radhus catalog import`).
    /// The same version with the same content again is a no-op; with other content, refused.
    public func importPackage(_ p: ServicePackage) async throws -> ImportResult {
        var problems: [String] = []
        if p.format != ServicePackage.currentFormat {
            problems.append("Ukjent pakkeformat «\(p.format)» (ventet \(ServicePackage.currentFormat)).")
        }
        if ServicePackage.digest(p.files) != p.sha256 {
            problems.append("Sjekksummen stemmer ikke med filene: pakken er endret eller ødelagt.")
        }
        guard problems.isEmpty else { throw ServicePackage.Problem(messages: problems) }
        let (def, _) = try ServicePackage.compile(files: p.files)
        guard def.id == p.service, def.version == p.version else {
            throw ServicePackage.Problem(messages: [
                "Pakken sier \(p.service) versjon \(p.version), men service.yaml sier \(def.id) versjon \(def.version)."
            ])
        }
        let now = clock.now()
        return try await writer.write(on: db) { tx in
            if let existing = try await ServicePackageRecord.query(on: tx).filter(\.$serviceID == p.service).filter(
                \.$version == p.version
            ).first() {
                guard existing.sha256 == p.sha256 else {
                    throw RadhusError.localized(
                        .conflict,
                        LocalizedText(
                            nb: "\(p.service) versjon \(p.version) finnes allerede med annet innhold.",
                            en: "\(p.service) version \(p.version) exists already with other content.",
                            nn: "\(p.service) versjon \(p.version) finst alt med anna innhald."))
                }
                return .alreadyThere
            }
            let publisher =
                try await p.publisher.asyncMap { try await Municipality.snapshot(number: $0.kommune, on: tx) } ?? nil
            try await Self.insert(
                id: p.service, version: p.version, title: p.title, publisherID: publisher?.id,
                publisherName: p.publisher?.name ?? "Radhus (standardtjeneste)", changes: p.changes, files: p.files,
                now: now, on: tx)
            return .imported
        }
    }

    public func latestVersion(of id: String) async throws -> Int? {
        try await ServicePackageRecord.query(on: db).filter(\.$serviceID == id).sort(\.$version, .descending).first()?
            .version
    }

    /// One line per package version: id, version, publisher, and who uses it.
    public func summary() async throws -> [String] {
        let adoptions = try await ServiceAdoption.query(on: db).all()
        let names = Dictionary(
            try await Municipality.query(on: db).all().map { ($0.id!, $0.number) }, uniquingKeysWith: { a, _ in a })
        return try await ServicePackageRecord.query(on: db).sort(\.$serviceID).sort(\.$version).all().map { p in
            let users = adoptions.filter { $0.serviceID == p.serviceID && $0.version == p.version }.compactMap {
                names[$0.municipalityID]
            }
            return
                "\(p.serviceID)\tv\(p.version)\t\(p.publisherName)\tused by: \(users.isEmpty ? "-" : users.sorted().joined(separator: ", "))"
        }
    }

    // MARK: Adoption

    /// The kommune starts offering the newest version of a service, in one step.
    public func adopt(_ id: String, kommune: Municipality.Snapshot, actor: String) async throws -> Int {
        guard
            let latest = try await ServicePackageRecord.query(on: db).filter(\.$serviceID == id).sort(
                \.$version, .descending
            ).first()
        else {
            throw RadhusError.localized(
                .notFound,
                LocalizedText(
                    nb: "Fant ikke tjenesten «\(id)» i katalogen.",
                    en: "The service “\(id)” was not found in the catalogue.",
                    nn: "Fann ikkje tenesta «\(id)» i katalogen."))
        }
        // Compiles (and caches) it before anyone can apply.
        _ = try await registry.entry(id, version: latest.version, on: db)
        let now = clock.now()
        try await writer.write(on: db) { tx in
            if try await ServiceAdoption.query(on: tx).filter(\.$municipalityID == kommune.id).filter(
                \.$serviceID == id
            ).first() != nil {
                throw RadhusError.localized(
                    .conflict,
                    LocalizedText(
                        nb: "\(kommune.name) bruker allerede «\(latest.title)».",
                        en: "\(kommune.name) uses “\(latest.title)” already.",
                        nn: "\(kommune.name) bruker alt «\(latest.title)»."))
            }
            let a = ServiceAdoption()
            a.municipalityID = kommune.id
            a.serviceID = id
            a.version = latest.version
            a.localJSON = "{}"
            a.changedBy = actor
            a.changedAt = now
            try await a.create(on: tx)
        }
        return latest.version
    }

    /// Sets the kommune's own parts of a service it uses; the rest stays the publisher's.
    public func setLocalParts(
        _ id: String, _ parts: ServiceDefinition.LocalParts, kommune: Municipality.Snapshot, actor: String
    ) async throws {
        let now = clock.now()
        let json = String(decoding: try JSONEncoder.sorted.encode(parts), as: UTF8.self)
        try await writer.write(on: db) { tx in
            guard
                let a = try await TenantScope(municipalityID: kommune.id).query(ServiceAdoption.self, on: tx)
                    .filter(\.$serviceID == id).first()
            else {
                throw RadhusError.localized(
                    .notFound,
                    ErrorMessages.serviceNotUsed)
            }
            a.localJSON = json
            a.changedBy = actor
            a.changedAt = now
            try await a.update(on: tx)
        }
    }

    /// Moves the kommune to a newer version; its own parts are kept. Cases already submitted
    /// stay with the version they were submitted under.
    public func upgrade(_ id: String, to version: Int, kommune: Municipality.Snapshot, actor: String) async throws {
        guard try await registry.entry(id, version: version, on: db) != nil else {
            throw RadhusError.localized(
                .notFound,
                LocalizedText(
                    nb: "Fant ikke versjon \(version) av tjenesten.",
                    en: "Version \(version) of the service was not found.",
                    nn: "Fann ikkje versjon \(version) av tenesta."))
        }
        let now = clock.now()
        try await writer.write(on: db) { tx in
            guard
                let a = try await TenantScope(municipalityID: kommune.id).query(ServiceAdoption.self, on: tx)
                    .filter(\.$serviceID == id).first()
            else {
                throw RadhusError.localized(
                    .notFound,
                    ErrorMessages.serviceNotUsed)
            }
            guard version > a.version else {
                throw RadhusError.localized(
                    .conflict,
                    LocalizedText(
                        nb: "Kommunen bruker allerede versjon \(a.version).",
                        en: "The municipality uses version \(a.version) already.",
                        nn: "Kommunen bruker alt versjon \(a.version)."))
            }
            a.version = version
            a.changedBy = actor
            a.changedAt = now
            try await a.update(on: tx)
        }
    }
}

extension Optional {
    /// `map` with an async transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
