import Fluent
import Foundation
import RadhusCore
import Testing
import VaporTesting

@testable import App

/// Page models queried directly, without HTTP, and the case ledger's rules.
extension AppTests {
    @Suite struct PageModelTests {
        /// A member of staff of the kommune, as the middleware would make them.
        static func staff(_ app: Application, _ username: String) async throws -> StaffContext {
            let user = try #require(try await StaffUser.query(on: app.db).filter(\.$username == username).first())
            let m = try #require(try await Municipality.find(user.municipalityID, on: app.db))
            return StaffContext(
                userID: try user.requireID(), username: user.username, displayName: user.displayName,
                role: try #require(StaffRole(rawValue: user.role)), municipality: try m.snapshot())
        }

        static func submit(_ app: Application, kommune: String, applicant: String, at date: Date) async throws
            -> SubmissionReceipt
        {
            let m = try await app.municipality(kommune).snapshot()
            let service = try #require(
                try await app.services.offered(municipalityID: m.id, id: "barnehageplass", on: app.db))
            let command = SubmitApplication(
                municipality: m, service: service, applicant: try Fodselsnummer(applicant, policy: .synthetic),
                answers: ValidatedAnswers(values: ["barnets_navn": "Nora"]), idempotencyKey: nil)
            return try await SubmissionService(db: app.db, writer: app.writer, clock: ManualClock(date)).submit(command)
        }

        @Test func theQueueShowsTheOwnKommunesOpenCasesSoonestDeadlineFirst() async throws {
            try await withRadhus { app in
                // setup: two cases in Harstad (one long past its deadline), one in Kristiansand
                let now = Date()
                let old = try await Self.submit(
                    app, kommune: "5503", applicant: People.ida, at: now.addingTimeInterval(-200 * 86_400))
                let fresh = try await Self.submit(app, kommune: "5503", applicant: People.ola, at: now)
                _ = try await Self.submit(app, kommune: "4204", applicant: People.ida, at: now)
                let staff = try await Self.staff(app, "harstad.saksbehandler")
                // act
                let model = try await Queue.Model.query(
                    Queue.Filter(), staff: staff, services: app.services, now: now, on: app.db)
                // check: only Harstad's, soonest deadline first, the old one marked overdue
                #expect(model.total == 2)
                #expect(model.rows.map(\.id) == [old.caseID, fresh.caseID])
                #expect(model.rows.map(\.overdue) == [true, false])
                #expect(model.kommune == "Harstad kommune")
                // act: a filter on a status no case has
                let decided = try await Queue.Model.query(
                    Queue.Filter(status: CaseStatus.avsluttet.rawValue), staff: staff,
                    services: app.services, now: now, on: app.db)
                // check
                #expect(decided.rows.isEmpty && decided.total == 0)
            }
        }

        @Test func theCasePageMasksTheApplicantUntilRevealed() async throws {
            try await withRadhus { app in
                // setup
                let receipt = try await Self.submit(app, kommune: "5503", applicant: People.ida, at: Date())
                let staff = try await Self.staff(app, "harstad.saksbehandler")
                let record = try #require(try await CaseRecord.find(receipt.caseID, on: app.db))
                // act
                let masked = try await StaffCase.Model.query(
                    record: record, staff: staff, services: app.services, revealed: false,
                    identityPolicy: .synthetic, now: Date(), on: app.db)
                let revealed = try await StaffCase.Model.query(
                    record: record, staff: staff, services: app.services, revealed: true,
                    identityPolicy: .synthetic, now: Date(), on: app.db)
                // check
                #expect(masked.applicant != People.ida && masked.applicant.contains("*"))
                #expect(revealed.applicant == People.ida)
                #expect(masked.events.map(\.kind) == [CaseEventKind.submitted.rawValue])
                #expect(masked.service?.id == "barnehageplass" && masked.mayDecide)
            }
        }

        @Test func aCitizenSeesOnlyTheirOwnCasesAndLetters() async throws {
            try await withRadhus { app in
                // setup
                let mine = try await Self.submit(app, kommune: "5503", applicant: People.ida, at: Date())
                _ = try await Self.submit(app, kommune: "5503", applicant: People.ola, at: Date())
                let ida = try Fodselsnummer(People.ida, policy: .synthetic)
                // act
                let cases = try await MyCases.Model.query(
                    citizen: ida, services: app.services,
                    drafts: Drafts(db: app.db, writer: app.writer, clock: app.clock), on: app.db)
                let inbox = try await Inbox.Model.query(citizen: ida, on: app.db)
                // check
                #expect(cases.rows.map(\.id) == [mine.caseID])
                #expect(cases.rows.first?.kommune == "Harstad kommune")
                #expect(inbox.letters.isEmpty)
            }
        }

        @Test func theLedgerRefusesAMoveTheStateMachineDoesNotAllow() async throws {
            try await withRadhus { app in
                // setup: a case decided by a caseworker
                let receipt = try await Self.submit(app, kommune: "5503", applicant: People.ida, at: Date())
                let staff = try await Self.staff(app, "harstad.saksbehandler")
                let m = staff.municipality
                try await app.writer.write(on: app.db) { tx in
                    try await CaseLedger.move(
                        receipt.caseID, municipality: m.id, from: .mottatt, by: .decide, at: Date(),
                        actor: staff.signature, facts: .init(automated: false), on: tx)
                }
                // act / check: it cannot be opened again or decided twice, and nothing is written
                await #expect(throws: RadhusError.self) {
                    try await app.writer.write(on: app.db) { tx in
                        try await CaseLedger.move(
                            receipt.caseID, municipality: m.id, from: .avsluttet, by: .open, at: Date(),
                            actor: staff.signature, on: tx)
                    }
                }
                let events = try await CaseEventRecord.query(on: app.db).filter(\.$caseID == receipt.caseID).sort(\.$at)
                    .all()
                #expect(events.map(\.kind) == ["submitted", "decided"])
                let record = try #require(try await CaseRecord.find(receipt.caseID, on: app.db))
                #expect(record.caseStatus == .avsluttet && record.decidedAt != nil)
            }
        }

        @Test func eventsCarryTheFactsTheirReadersNeed() async throws {
            try await withRadhus { app in
                // setup / act: a submission, sequenced into the feed
                let receipt = try await Self.submit(app, kommune: "5503", applicant: People.ida, at: Date())
                _ = try await EventFeed(app: app).sequencePending()
                // check: the feed row of `submitted` names the service, the channel and the due date
                let row = try #require(
                    try await app.db.sql.select().columns("type", "service_id", "channel", "due_at").from(
                        FeedEvent.schema
                    )
                    .where("case_id", .equal, receipt.caseID).first())
                #expect(try row.decode(column: "type", as: String.self) == CaseEventKind.submitted.feedType)
                #expect(try row.decode(column: "service_id", as: String?.self) == "barnehageplass")
                #expect(try row.decode(column: "channel", as: String?.self) == "digital")
                let due = try #require(try row.decode(column: "due_at", as: Date?.self))
                #expect(abs(due.timeIntervalSince(receipt.dueAt)) < 1)
            }
        }

        /// Every route the site registers is a `SiteRoute`, and every `SiteRoute` is registered:
        /// links built from SiteURL cannot point at nothing.
        @Test func everySiteRouteIsRegisteredAndNothingElse() async throws {
            try await withRadhus(seed: false) { app in
                // setup
                let registered = Set(app.routes.all.map { "/" + $0.path.map(\.description).joined(separator: "/") })
                // check: every pattern is a route (the API's own operations come from its spec)
                for route in SiteRoute.allCases where route != .api {
                    let pattern = route == .home ? "/" : route.rawValue
                    #expect(registered.contains(pattern), "\(route) is not registered")
                }
                let api = registered.filter { SiteRoute.isAPI($0) }
                let others = registered.subtracting(api)
                let known = Set(SiteRoute.allCases.map { $0 == .home ? "/" : $0.rawValue })
                #expect(
                    others.subtracting(known).isEmpty, "routes outside SiteRoute: \(others.subtracting(known).sorted())"
                )
            }
        }

        /// The workspace follows the reader's language like the portal does (bokmål by default).
        @Test func theWorkspaceSpeaksEnglishWhenAskedTo() async throws {
            try await withRadhus { app in
                // setup
                let staff = WebClient(app)
                try await staff.loginStaff("harstad.leder")
                // act
                let norwegian = try await staff.get(SiteURL.queue(service: nil, status: nil).path)
                staff.cookies["radhus_lang"] = "en"
                let english = try await staff.get(SiteURL.queue(service: nil, status: nil).path)
                let report = try await staff.get(SiteURL.report().path)
                // check
                #expect(
                    norwegian.body.contains(#"<html lang="nb""#) && norwegian.body.contains("Saker i Harstad kommune"))
                #expect(english.body.contains(#"<html lang="en""#) && english.body.contains("Cases in Harstad kommune"))
                #expect(
                    report.status == .ok && report.body.contains("Key figures") && !report.body.contains("Hovedtall"))
            }
        }
    }
}
