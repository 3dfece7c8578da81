import Fluent
import Foundation
import RadhusCore
import Vapor

/// The kindergarten admission (issue 23): the kommune's rounds (leaders set them up and run the
/// matching), the round's overview and export; the applicant's answer to an offer.
enum AdmissionController {
    static func service(_ req: Request) -> AdmissionService {
        AdmissionService(
            db: req.db, writer: req.writer, clock: req.application.clock, services: req.services,
            policy: req.application.radhusConfig.identityPolicy)
    }

    static func requireLeader(_ req: Request) throws -> StaffContext {
        try req.requireStaff(
            \.mayManageSettings,
            otherwise: LocalizedText(
                nb: "Bare ledere kan sette opp og kjøre opptaket.",
                en: "Only leaders can set up and run the admission.",
                nn: "Berre leiarar kan setje opp og køyre opptaket."))
    }

    @Sendable static func page(req: Request) async throws -> Page {
        let staff = try requireLeader(req)
        return try await render(req, staff: staff, form: AdmissionService.RoundForm(), problems: [:])
    }

    static func render(
        _ req: Request, staff: StaffContext, form: AdmissionService.RoundForm, problems: [String: String]
    ) async throws -> Page {
        let rounds = try await staff.scope.query(AdmissionRound.self, on: req.db).sort(\.$number).all()
        return AdmissionPage.list(
            rounds, form: form, problems: problems, created: req.query[String.self, at: "opprettet"] != nil,
            ctx: req.pageContext(area: .staff, forms: true))
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let staff = try requireLeader(req)
        let v = req.formInput.values
        let form = AdmissionService.RoundForm(
            title: v["tittel"] ?? "", deadline: v["frist"] ?? "", startDate: v["oppstart"] ?? "",
            answerDays: v["svarfrist"] ?? "", wishLimit: v["onsker"] ?? "", places: v["plasser"] ?? "")
        do {
            _ = try await service(req).createRound(form, kommune: staff.municipality, t: req.strings)
        } catch let refused as AdmissionService.Refused {
            var page = try await render(req, staff: staff, form: form, problems: refused.problems)
            page.status = .unprocessableEntity
            return try await page.encodeResponse(for: req)
        }
        return req.redirect(to: SiteURL.admission(created: true).path, redirectType: .normal)
    }

    static func roundID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("round", as: UUID.self) else {
            throw RadhusError.localized(.notFound, ErrorMessages.roundNotFound)
        }
        return id
    }

    @Sendable static func round(req: Request) async throws -> Page {
        let staff = try requireLeader(req)
        let model = try await AdmissionPage.Overview.query(roundID: try roundID(req), staff: staff, on: req.db)
        return AdmissionPage.overview(
            model, matched: req.query[Int.self, at: "kjort"], ctx: req.pageContext(area: .staff, forms: true))
    }

    @Sendable static func run(req: Request) async throws -> Response {
        let staff = try requireLeader(req)
        let id = try roundID(req)
        let n = try await service(req).run(roundID: id, kommune: staff.municipality, actor: staff.signature)
        return req.redirect(to: SiteURL.admissionRound(id, matched: n).path, redirectType: .normal)
    }

    /// The offers at private kindergartens, for them to take in (CSV for Norwegian Excel). The
    /// children's names are personal data: the download is in the access log per case.
    @Sendable static func export(req: Request) async throws -> Response {
        let staff = try requireLeader(req)
        let id = try roundID(req)
        let model = try await AdmissionPage.Overview.query(roundID: id, staff: staff, on: req.db)
        var lines = [
            ["Barnehage", "Aldersgruppe", "Saksnummer", "Barnets navn", "Oppstart", "Status"].joined(separator: ";")
        ]
        let privateUnits = Dictionary(
            model.units.filter(\.isPrivate).map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        let now = req.application.clock.now()
        var read: [AccessLogEntry] = []
        for e in model.entries {
            guard let u = e.unitID.flatMap({ privateUnits[$0] }), let c = model.cases[e.caseID] else { continue }
            lines.append(
                [
                    u.name, u.ageGroup, c.saksnummer.description, c.answers.values["barnets_navn"] ?? "",
                    model.round.startDate, e.status,
                ].map { CSV.textCell($0) }.joined(separator: ";"))
            read.append(
                AccessLogEntry(
                    municipalityID: staff.municipality.id, staffID: staff.userID, staffRole: staff.role.rawValue,
                    caseID: e.caseID, action: .readDocument, at: now))
        }
        let entries = read
        try await req.writer.write(on: req.db) { tx in try await JournalChain.appendAccess(entries, on: tx) }
        return ReportController.csvResponse(lines, fileName: "opptak-\(model.round.number)-private.csv")
    }

    /// The applicant's answer to an offer.
    @Sendable static func answer(req: Request) async throws -> Response {
        let fnr = try req.requireCitizen()
        let record = try await req.ownCase()
        guard let answer = req.formInput.values["svar"].flatMap(AdmissionService.Answer.init(rawValue:)) else {
            throw RadhusError.localized(
                .unprocessableEntity,
                LocalizedText(nb: "Velg et svar.", en: "Choose an answer.", nn: "Vel eit svar."))
        }
        try await service(req).answer(caseID: try record.requireID(), applicant: fnr, answer)
        return req.redirect(
            to: SiteURL.myCase(try record.requireID(), flash: .offerAnswered).path, redirectType: .normal)
    }

    // MARK: Changing the wishes

    static func wishesModel(_ req: Request, record: CaseRecord) async throws -> AdmissionPage.Wishes {
        guard record.serviceID == AdmissionService.serviceID, record.caseStatus.isOpen,
            let m = try await Municipality.find(record.municipalityID, on: req.db)
        else { throw RadhusError.localized(.notFound, ErrorMessages.caseNotFound) }
        let options =
            try await req.services.offered(
                municipalityID: record.municipalityID, id: AdmissionService.serviceID, on: req.db)?.field("barnehage")?
            .options(for: m.number) ?? []
        let changed = try await AdmissionWishes.query(on: req.db).filter(\.$caseID == record.requireID()).first()
        let answers = record.answers.values
        var current = changed?.wishes ?? AdmissionService.wishFields.compactMap { answers[$0] }.filter { !$0.isEmpty }
        current += Array(repeating: "", count: max(0, AdmissionService.wishFields.count - current.count))
        return AdmissionPage.Wishes(
            caseID: try record.requireID(), saksnummer: record.saksnummer.description, kommune: try m.snapshot(),
            options: options.map { ($0.value, $0.label) }, chosen: current, problems: [:])
    }

    @Sendable static func wishesPage(req: Request) async throws -> Page {
        let record = try await req.ownCase()
        let model = try await wishesModel(req, record: record)
        return AdmissionPage.wishes(model, ctx: req.pageContext(kommune: model.kommune, forms: true))
    }

    @Sendable static func changeWishes(req: Request) async throws -> Response {
        let fnr = try req.requireCitizen()
        let record = try await req.ownCase()
        let chosen = AdmissionService.wishFields.map { req.formInput.values[$0] ?? "" }
        do {
            try await service(req).changeWishes(
                caseID: try record.requireID(), applicant: fnr, wishes: chosen, t: req.strings)
        } catch let refused as AdmissionService.Refused {
            var model = try await wishesModel(req, record: record)
            model.chosen = chosen
            model.problems = refused.problems
            return try await AdmissionPage.wishes(
                model, status: .unprocessableEntity, ctx: req.pageContext(kommune: model.kommune, forms: true)
            ).encodeResponse(for: req)
        }
        return req.redirect(
            to: SiteURL.myCase(try record.requireID(), flash: .wishesChanged).path, redirectType: .normal)
    }
}
