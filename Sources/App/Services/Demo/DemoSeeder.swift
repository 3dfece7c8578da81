import Fluent
import Foundation
import RadhusCore
import SQLKit
import Vapor

/// Demo kommuner, staff and synthetic citizens. Every identity here is synthetic
/// (Tenor-style, month + 80): never a real person's fødselsnummer.
public enum DemoData {
    public static let password = "radhus-demo"

    public struct Kommune: Sendable {
        public var number: String
        public var name: String
        public var slug: String
        public var brandColor: String
    }

    public static let kommuner: [Kommune] = [
        Kommune(number: "5503", name: "Harstad kommune", slug: "harstad", brandColor: "#0b4f6c"),
        Kommune(number: "4204", name: "Kristiansand kommune", slug: "kristiansand", brandColor: "#7a1f2b"),
    ]

    public struct Staff: Sendable {
        public var username: String
        public var name: String
        public var role: StaffRole
    }

    public static func staff(for kommune: Kommune) -> [Staff] {
        let first =
            kommune.slug == "harstad"
            ? ("Hanne Hansen", "Leif Larsen", "Aina Arntzen", "Ove Olsen")
            : ("Kari Kristiansen", "Lars Lunde", "Anne Aas", "Per Pettersen")
        return [
            Staff(username: "\(kommune.slug).saksbehandler", name: first.0, role: .saksbehandler),
            Staff(username: "\(kommune.slug).leder", name: first.1, role: .leder),
            Staff(username: "\(kommune.slug).arkivar", name: first.2, role: .arkivar),
            Staff(username: "\(kommune.slug).admin", name: first.3, role: .admin),
        ]
    }

    /// Synthetic test citizens (parents), and children to apply for.
    public struct Citizen: Sendable {
        public var name: String
        public var fnr: String
    }

    public static let citizens: [Citizen] = [
        Citizen(name: "Ida Testesen", fnr: Fodselsnummer.synthetic(day: 12, month: 3, year: 1988)!),
        Citizen(name: "Ola Prøvestad", fnr: Fodselsnummer.synthetic(day: 5, month: 11, year: 1979)!),
        Citizen(name: "Siri Demodal", fnr: Fodselsnummer.synthetic(day: 28, month: 6, year: 1992)!),
    ]

    /// Contact details as the contact register would give them: Ida and Ola get e-mail notices,
    /// Siri has reserved herself against digital post (her letters go on paper).
    public struct Contact: Sendable {
        public var fnr: String
        public var email: String?
        public var reserved: Bool
        public var address: String
    }

    public static let contacts: [Contact] = [
        Contact(
            fnr: citizens[0].fnr, email: "ida.testesen@example.test", reserved: false,
            address: "Ida Testesen\nStorgata 12\n9405 Harstad"),
        Contact(
            fnr: citizens[1].fnr, email: "ola.provestad@example.test", reserved: false,
            address: "Ola Prøvestad\nMarkens gate 3\n4611 Kristiansand S"),
        Contact(fnr: citizens[2].fnr, email: nil, reserved: true, address: "Siri Demodal\nFjellveien 7\n9407 Harstad"),
    ]

    /// The shared services in the demo catalogue: Harstad publishes skoleskyss and Kristiansand
    /// the kindergarten service. Harstad uses both; Kristiansand has not yet adopted skoleskyss,
    /// so the catalogue's one-step adoption can be tried at once.
    /// Harstad also publishes the parking permit (issue 19: a service written only as data, with
    /// an attachment).
    /// And the two building-permit services (issue 24), which Kristiansand has not adopted:
    /// adopting one with its own gebyrregulativ is the catalogue's test of them.
    public static let publishers: [String: String] = [
        "skoleskyss": "5503", "barnehageplass": "4204", "parkeringstillatelse": "5503",
        "byggesak-uten-ansvar": "5503", "byggesak-med-ansvar": "5503",
    ]
    public static let adoptions: [String: [String]] = [
        "5503": [
            "barnehageplass", "byggesak-med-ansvar", "byggesak-uten-ansvar", "parkeringstillatelse", "skoleskyss",
        ],
        "4204": ["barnehageplass"],
    ]

    public static let children: [Citizen] = [
        Citizen(name: "Emma Testesen (født 2025)", fnr: Fodselsnummer.synthetic(day: 14, month: 2, year: 2025)!),
        Citizen(name: "Noah Prøvestad (født 2017)", fnr: Fodselsnummer.synthetic(day: 3, month: 9, year: 2017)!),
        Citizen(name: "Nora Demodal (født 2019)", fnr: Fodselsnummer.synthetic(day: 21, month: 1, year: 2019)!),
    ]
}

public struct DemoSeeder: Sendable {
    let db: any Database
    let writer: WriteCoordinator
    let bcryptCost: Int
    /// When given, the demo catalogue too: the built-in services published by their demo
    /// publishers, and each kommune's adoptions.
    let catalog: CatalogService?

    public init(db: any Database, writer: WriteCoordinator, bcryptCost: Int, catalog: CatalogService? = nil) {
        self.db = db
        self.writer = writer
        self.bcryptCost = bcryptCost
        self.catalog = catalog
    }

    /// True when the database has no kommune yet (a fresh start).
    public func isEmpty() async throws -> Bool { try await Municipality.query(on: db).count() == 0 }

    /// Adds the demo kommuner and their staff. Idempotent: a kommune that exists is left alone.
    public func seed() async throws {
        // One bcrypt hash for the shared demo password: hashing is slow by design.
        let hash = try Bcrypt.hash(DemoData.password, cost: bcryptCost)
        try await writer.write(on: db) { tx in
            for k in DemoData.kommuner {
                if try await Municipality.query(on: tx).filter(\.$number == k.number).first() != nil { continue }
                let m = Municipality(
                    id: UUID(), number: k.number, name: k.name, brandColor: k.brandColor,
                    contactEmail: "postmottak@\(k.slug).kommune.no")
                try await m.create(on: tx)
                let unit = MunicipalUnit(id: UUID(), municipalityID: m.id!, name: "Oppvekst og utdanning")
                try await unit.create(on: tx)
                for s in DemoData.staff(for: k) {
                    try await StaffUser(
                        municipalityID: m.id!, unitID: unit.id, username: s.username, passwordHash: hash,
                        displayName: s.name, role: s.role.rawValue
                    ).create(on: tx)
                }
                // The appeal bodies' addresses (issue 20), so an upheld appeal can be sent on in
                // the demo: reserved `.example` domains, never a real mailbox.
                let settings = DispatchSettings()
                settings.municipalityID = m.id!
                settings.printAfterWorkingDays = DispatchSettings.defaultPrintAfterWorkingDays
                settings.statsforvalterenEmail = "klage@statsforvalteren.example"
                settings.klagenemndEmail = "klagenemnd@\(k.slug).example"
                settings.changedBy = "demo"
                settings.changedAt = Date()
                try await settings.create(on: tx)
            }
            for c in DemoData.contacts
            where try await CitizenContact.query(on: tx).filter(\.$fnr == c.fnr).first() == nil {
                let contact = CitizenContact()
                contact.fnr = c.fnr
                contact.email = c.email
                contact.reserved = c.reserved
                contact.postalAddress = c.address
                contact.updatedAt = Date()
                try await contact.create(on: tx)
            }
        }
        guard let catalog else { return }
        try await catalog.publishBuiltIns(publishers: DemoData.publishers)
        for (number, services) in DemoData.adoptions {
            guard let m = try await Municipality.snapshot(number: number, on: db) else { continue }
            let have = Set(
                try await ServiceAdoption.query(on: db).filter(\.$municipalityID == m.id).all().map(\.serviceID))
            // Only what this installation ships: the demo starts with any set of service folders.
            for id in services where !have.contains(id) && catalog.registry.base.service(id) != nil {
                _ = try await catalog.adopt(id, kommune: m, actor: "demo")
            }
        }
    }

    /// Removes every case, letter, session and demo row, then seeds again.
    public func reset() async throws {
        try await writer.write(on: db) { tx in
            for table in [
                "appeals", "decision_proposals", "information_requests", "case_messages", "saved_filters",
                "journal_documents",
                "journal_entries", "journal_chains", "access_log_chains", "webhook_subscriptions",
                "event_feed", "event_feed_head", "case_facts", "insights_daily", "insights_processing", "insights_head",
                "report_notes", "benefit_baselines", "insight_settings", "survey_answers", "survey_participation",
                "process_inventory",
                "action_measures",
            ] {
                try await tx.sql.delete(from: table).run()
            }
            try await ServiceAdoption.query(on: tx).delete()
            try await ServicePackageRecord.query(on: tx).delete()
            try await APIClient.query(on: tx).delete()
            try await ShipmentEventRecord.query(on: tx).delete()
            try await ShipmentRecord.query(on: tx).delete()
            try await DispatchSettings.query(on: tx).delete()
            try await CitizenContact.query(on: tx).delete()
            try await CitizenRecord.query(on: tx).delete()
            try await RuleEvaluationRecord.query(on: tx).delete()
            try await AutomationSetting.query(on: tx).delete()
            try await tx.sql.delete(from: "rule_versions").run()
            try await AccessLogEntry.query(on: tx).delete()
            try await LetterRecord.query(on: tx).delete()
            try await DecisionRecord.query(on: tx).delete()
            try await CaseEventRecord.query(on: tx).delete()
            try await CaseRecord.query(on: tx).delete()
            try await tx.sql.delete(from: CaseCounter.schema).run()
            try await SessionRecord.query(on: tx).delete()
            try await StaffUser.query(on: tx).delete()
            try await MunicipalUnit.query(on: tx).delete()
            try await Municipality.query(on: tx).delete()
        }
        try await seed()
    }

    /// What `radhus serve` prints so a person can try it at once.
    public static func loginsText(baseURL: String) -> String {
        var lines = [
            "Demo logins (test mode, synthetic identities only):",
            "  Citizens: \(baseURL)/logg-inn  — type one of these synthetic fødselsnummer:",
        ]
        for c in DemoData.citizens { lines.append("    \(c.fnr)  \(c.name)") }
        lines.append("  Children to apply for:")
        for c in DemoData.children { lines.append("    \(c.fnr)  \(c.name)") }
        lines.append("  Staff: \(baseURL)/ansatt/logg-inn  — password '\(DemoData.password)' for all:")
        for k in DemoData.kommuner {
            lines.append("    " + DemoData.staff(for: k).map(\.username).joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
