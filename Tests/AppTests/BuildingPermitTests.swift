import Fluent
import Foundation
import RadhusCore
import SQLKit
import Testing
import VaporTesting

@testable import App

extension AppTests {
    /// Issue 24: building permits as data — the checklist's request, the neighbours' notices and
    /// links, the statutory deadline in weeks with its pauses, the fee reduced when the kommune
    /// is late, the invoice basis; and a second kommune adopting with its own gebyrregulativ.
    @Suite struct BuildingPermitTests {
        static let cal = NorwegianCalendar()
        static func oslo(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 10) -> Date {
            cal.calendar.date(from: DateComponents(year: y, month: m, day: d, hour: h))!
        }
        static let siri = DemoData.citizens[2].fnr
        static let service = "byggesak-med-ansvar"

        /// Uploads the drawings for Ola through the API and applies (one step, a 60 m²
        /// extension, Ida and Siri as neighbours) without the site plan and the plan of
        /// responsibilities. Returns the case.
        static func apply(_ app: Application, kommune: String = "5503", key: String = "b-1") async throws -> UUID {
            let api = try await PublicAPITests.Client.make(app, kommune: kommune)
            var headers = HTTPHeaders()
            headers.add(name: .authorization, value: "Bearer \(api.token)")
            headers.add(name: "Applicant", value: People.ola)
            let up = try await api.web.send(
                .POST, "/api/v1/kommuner/\(kommune)/tjenester/\(service)/vedlegg?field=tegninger&filename=plan.pdf",
                bytes: Array(AttachmentTests.pdf), contentType: "application/pdf", extraHeaders: headers)
            #expect(up.status == .created, "\(up.status) \(up.body)")
            let drawings = try #require(try PublicAPITests.json(up)["id"] as? String)
            let answers = """
                "gnr":"12","bnr":"34","eiendom_adresse":"Storgata 1, 9405 Harstad","soknadstype":"ett_trinn",
                "ansvarlig_soker":"Bygg og Bolig AS","ansvarlig_orgnr":"123456785","tiltakstype":"tilbygg",
                "areal":"60","beskrivelse":"Tilbygg på 60 m² mot sør.","tegninger":"\(drawings)","dispensasjon":"nei",
                "naboer":"2","naboer.0.navn":"Ida Testesen","naboer.0.fnr":"\(People.ida)",
                "naboer.0.adresse":"Storgata 3, 9405 Harstad","naboer.1.navn":"Siri Demodal",
                "naboer.1.fnr":"\(siri)","naboer.1.adresse":"Fjellveien 7, 9407 Harstad"
                """
            let sent = try await api.call(
                .POST, "/kommuner/\(kommune)/tjenester/\(service)/soknader",
                json: #"{"applicant":"\#(People.ola)","answers":{\#(answers)}}"#, key: key)
            #expect(sent.status == .created, "\(sent.status) \(sent.body)")
            let id = try #require(try PublicAPITests.json(sent)["caseId"] as? String)
            return try #require(UUID(uuidString: id))
        }

        /// The token in a neighbour's letter.
        static func link(_ app: Application, caseID: UUID, fnr: String) async throws -> String {
            let letter = try #require(
                try await LetterRecord.query(on: app.db).filter(\.$caseID == caseID).filter(\.$recipientFnr == fnr)
                    .first())
            return try #require(WebClient.firstMatch(#"/nabovarsel/([A-Za-z0-9_-]+)"#, in: letter.body))
        }

        @Test(
            "the checklist asks, the answer completes, a neighbour comments, 12 weeks, decided late: 75 % off",
            .enabled(if: TestClamd.available, TestClamd.reason))
        func aBuildingPermitFromApplicationToFee() async throws {
            let clamd = try TestClamd()
            defer { clamd.stop() }
            let clock = ManualClock(Self.oslo(2026, 3, 2))
            try await withRadhus(clock: clock, tweak: { $0.clamd = clamd.socket }) { app in
                let caseID = try await Self.apply(app)
                // The checklist found the site plan and the plan of responsibilities missing: the
                // case waits for the applicant, the clock has not started.
                var record = try #require(try await CaseRecord.find(caseID, on: app.db))
                #expect(record.caseStatus == .venterPaSoker)
                #expect(record.clockStartedAt == nil)
                let request = try #require(
                    try await InformationRequest.query(on: app.db).filter(\.$caseID == caseID).first())
                #expect(request.documentFields == ["situasjonsplan", "gjennomforingsplan"])
                #expect(request.text.contains("Situasjonsplan: Tiltaket må vises på en situasjonsplan"))
                // Both neighbours got a letter with a link; the event names no one.
                let notices = try await ThirdPartyNotice.query(on: app.db).filter(\.$caseID == caseID)
                    .sort(\.$position).all()
                #expect(notices.map(\.fnr) == [People.ida, Self.siri])
                #expect(notices.allSatisfy { $0.letterID != nil && $0.openedAt == nil })
                let idaLetter = try #require(
                    try await LetterRecord.query(on: app.db).filter(\.$recipientFnr == People.ida).first())
                #expect(idaLetter.title == "Nabovarsel: tilbygg over 50 m² på Storgata 1, 9405 Harstad")
                #expect(idaLetter.body.contains("Fristen for merknader er 16.03.2026"))
                #expect(
                    try await ShipmentRecord.query(on: app.db).filter(\.$letterID == idaLetter.id!).count() == 1,
                    "the notice is on the dispatch path")
                let events = try await DialogueTests.events(app, caseID)
                #expect(events.contains("third_parties_notified") && events.contains("documents_missing"))
                // Ola answers two days later with the two documents, each in its own field.
                clock.set(Self.oslo(2026, 3, 4))
                let ola = WebClient(app)
                try await ola.loginCitizen(People.ola)
                let page = try await ola.get(SiteURL.myCase(caseID).path)
                #expect(page.body.contains("Starter når søknaden er komplett"))
                #expect(page.body.contains(#"name="vedlegg-situasjonsplan""#))
                #expect(page.body.contains(#"name="vedlegg-gjennomforingsplan""#))
                let answered = try await ola.postMultipart(
                    SiteURL.myCaseMessage(caseID).path, ["tekst": "Her er situasjonsplanen og gjennomføringsplanen."],
                    files: [
                        .init(
                            field: "vedlegg-situasjonsplan", name: "situasjon.pdf", type: "application/pdf",
                            data: AttachmentTests.pdf),
                        .init(
                            field: "vedlegg-gjennomforingsplan", name: "gjennomforing.pdf", type: "application/pdf",
                            data: AttachmentTests.pdf),
                    ])
                #expect(answered.status == .seeOther, "\(answered.status) \(answered.body.prefix(500))")
                // Complete: the clock starts on the day of the answer, 3 weeks (no objection yet).
                record = try #require(try await CaseRecord.find(caseID, on: app.db))
                #expect(record.caseStatus == .underBehandling)
                #expect(record.clockWeeks == 3)
                #expect(record.clockStartedAt.map(Self.cal.isoDate) == "2026-03-04")
                #expect(Self.cal.isoDate(record.dueAt) == "2026-03-25")
                #expect(
                    try await ola.get(SiteURL.myCase(caseID).path).body.contains(
                        "3 uker, til og med 25.03.2026 (plan- og bygningsloven § 21-7)"))
                let files = try await AttachmentService.forCase(caseID, municipality: record.municipalityID, on: app.db)
                #expect(Set(files.map(\.fieldID)) == ["tegninger", "situasjonsplan", "gjennomforingsplan"])
                // Ida opens her link without an account and comments: the deadline becomes 12 weeks.
                let token = try await Self.link(app, caseID: caseID, fnr: People.ida)
                let neighbour = WebClient(app)
                let open = try await neighbour.get(SiteURL.thirdParty(token).path)
                #expect(open.status == .ok, "\(open.status) \(open.body.prefix(300))")
                #expect(open.body.contains("Tilbygg på 60 m² mot sør.") && open.body.contains("situasjon.pdf"))
                #expect(!open.body.contains(People.ola) && !open.body.contains(Self.siri), "no identities")
                let drawing = try #require(files.first { $0.fieldID == "tegninger" })
                #expect(
                    try await neighbour.get(SiteURL.thirdPartyAttachment(token: token, attachment: drawing.id).path)
                        .status == .ok)
                let empty = try await neighbour.post(SiteURL.thirdParty(token).path, ["merknad": "  "])
                #expect(empty.status == .unprocessableEntity && empty.body.contains("Skriv merknaden din."))
                let commented = try await neighbour.post(
                    SiteURL.thirdParty(token).path, ["merknad": "Tilbygget tar sola fra hagen min om ettermiddagen."])
                #expect(commented.status == .seeOther, "\(commented.status) \(commented.body.prefix(300))")
                let again = try await neighbour.post(SiteURL.thirdParty(token).path, ["merknad": "En til."])
                #expect(again.status == .conflict)
                record = try #require(try await CaseRecord.find(caseID, on: app.db))
                #expect(record.clockWeeks == 12)
                #expect(Self.cal.isoDate(record.dueAt) == "2026-05-27")
                let ida = try #require(
                    try await ThirdPartyNotice.query(on: app.db).filter(\.$fnr == People.ida).first())
                #expect(ida.openedAt != nil && ida.commentMessageID != nil)
                // The applicant reads the comment on their case.
                #expect(try await ola.get(SiteURL.myCase(caseID).path).body.contains("tar sola fra hagen"))
                // A link for nothing, and Siri's after the comment deadline: gone.
                #expect(
                    try await neighbour.get(SiteURL.thirdParty(String(repeating: "x", count: 43)).path).status
                        == .notFound)
                let siriToken = try await Self.link(app, caseID: caseID, fnr: Self.siri)
                clock.set(Self.oslo(2026, 3, 17))
                #expect(try await neighbour.get(SiteURL.thirdParty(siriToken).path).status == .gone)
                // Decided 2 weeks and 1 day after the last day (27 May): 3 weeks begun, 75 % off.
                clock.set(Self.oslo(2026, 6, 11))
                let worker = WebClient(app)
                try await worker.loginStaff("harstad.saksbehandler")
                let staffPage = try await worker.get("/ansatt/saker/\(caseID.uuidString.lowercased())")
                #expect(staffPage.status == .ok)
                let decided = try await worker.post(
                    "/ansatt/saker/\(caseID.uuidString.lowercased())/vedtak",
                    [
                        "utfall": "innvilget", "begrunnelse": "Tiltaket er i samsvar med reguleringsplanen.",
                        "hjemmel": "plan- og bygningsloven § 20-3",
                        "vilkar": "Taket skal ha samme farge som huset.\nArbeidet skal være ferdig innen to år.",
                    ])
                #expect(decided.status == .seeOther, "\(decided.status) \(decided.body.prefix(800))")
                let fee = try #require(try await FeeRecord.query(on: app.db).filter(\.$caseID == caseID).first())
                #expect(fee.fee == 14_500 && fee.daysLate == 15 && fee.reductionPercent == 75)
                #expect(fee.reduction == 10_875 && fee.amountDue == 3_625)
                let letter = try #require(
                    try await LetterRecord.query(on: app.db).filter(\.$caseID == caseID)
                        .filter(\.$decisionID != nil).first())
                // Grouped as Norwegian writes thousands (a no-break space).
                let body = letter.body.replacingOccurrences(of: "\u{A0}", with: " ")
                    .replacingOccurrences(of: "\u{202F}", with: " ")
                #expect(body.contains("Taket skal ha samme farge som huset."))
                #expect(body.contains("Gebyret etter kommunens gebyrregulativ er 14 500 kr."))
                #expect(body.contains("redusert med 75 prosent, 10 875 kr (byggesaksforskriften § 7-6)"))
                #expect(body.contains("Du skal betale 3 625 kr."))
                let decision = try #require(
                    try await DecisionRecord.query(on: app.db).filter(\.$caseID == caseID).first())
                #expect(decision.values["gebyr_a_betale"] == "3625")
                #expect(try await DialogueTests.events(app, caseID).contains("fee_set"))
            }
        }

        /// Kristiansand adopts the service Harstad publishes and sets its own gebyrregulativ: a
        /// broken table is refused at the field, a good one decides Kristiansand's fee while
        /// Harstad's cases keep the publisher's.
        @Test(.enabled(if: TestClamd.available, TestClamd.reason))
        func aSecondKommuneAdoptsWithItsOwnFeeTable() async throws {
            let clamd = try TestClamd()
            defer { clamd.stop() }
            let clock = ManualClock(Self.oslo(2026, 9, 1))
            try await withRadhus(clock: clock, tweak: { $0.clamd = clamd.socket }) { app in
                let leader = WebClient(app)
                try await leader.loginStaff("kristiansand.leder")
                #expect(try await leader.get("/k/4204/byggesak-uten-ansvar").status == .notFound)
                #expect(try await leader.post(SiteURL.adopt(service: "byggesak-uten-ansvar").path).status == .seeOther)
                let settings = try await leader.get(SiteURL.staffService("byggesak-uten-ansvar").path)
                #expect(settings.body.contains("Kommunens gebyrregulativ (DMN)"))
                let publisher = try #require(
                    try String(
                        contentsOfFile: app.radhusConfig.servicesDirectory + "/byggesak-uten-ansvar/gebyr.dmn",
                        encoding: .utf8))
                #expect(settings.body.contains("Grunngebyr"), "the publisher's table to start from")
                let broken = try await leader.post(
                    SiteURL.serviceLocal(service: "byggesak-uten-ansvar").path,
                    ["gebyr": publisher.replacingOccurrences(of: #"name="Gebyr""#, with: #"name="Avgift""#)])
                #expect(
                    broken.status == .unprocessableEntity && broken.body.contains("Gebyrregulativet kan ikke brukes"))
                let own = publisher.replacingOccurrences(of: "<text>6500</text>", with: "<text>5200</text>")
                #expect(
                    try await leader.post(SiteURL.serviceLocal(service: "byggesak-uten-ansvar").path, ["gebyr": own])
                        .status == .seeOther)
                // A garage of 30 m², complete, decided in time: Kristiansand's 5 200 kr.
                func apply(_ kommune: String) async throws -> UUID {
                    let api = try await PublicAPITests.Client.make(app, kommune: kommune, name: "Fagsystem \(kommune)")
                    var headers = HTTPHeaders()
                    headers.add(name: .authorization, value: "Bearer \(api.token)")
                    headers.add(name: "Applicant", value: People.ola)
                    var ids: [String] = []
                    for field in ["tegninger", "situasjonsplan"] {
                        let up = try await api.web.send(
                            .POST,
                            "/api/v1/kommuner/\(kommune)/tjenester/byggesak-uten-ansvar/vedlegg?field=\(field)&filename=\(field).pdf",
                            bytes: Array(AttachmentTests.pdf), contentType: "application/pdf", extraHeaders: headers)
                        ids.append(try #require(try PublicAPITests.json(up)["id"] as? String))
                    }
                    let answers = """
                        "gnr":"5","bnr":"6","eiendom_adresse":"Markens gate 3, 4611 Kristiansand","tiltakstype":"garasje",
                        "areal":"30","beskrivelse":"Garasje.","tegninger":"\(ids[0])","situasjonsplan":"\(ids[1])",
                        "dispensasjon":"nei","naboer":"1","naboer.0.navn":"Ida Testesen","naboer.0.fnr":"\(People.ida)",
                        "naboer.0.adresse":"Markens gate 5, 4611 Kristiansand"
                        """
                    let sent = try await api.call(
                        .POST, "/kommuner/\(kommune)/tjenester/byggesak-uten-ansvar/soknader",
                        json: #"{"applicant":"\#(People.ola)","answers":{\#(answers)}}"#, key: "g-\(kommune)")
                    #expect(sent.status == .created, "\(sent.status) \(sent.body)")
                    let id = try #require(try PublicAPITests.json(sent)["caseId"] as? String)
                    return try #require(UUID(uuidString: id))
                }
                let k = try await apply("4204")
                let h = try await apply("5503")
                // Complete at once: the clock runs from the day of receipt, 3 weeks (no dispensation).
                let record = try #require(try await CaseRecord.find(k, on: app.db))
                #expect(record.caseStatus == .mottatt && record.clockWeeks == 3)
                #expect(Self.cal.isoDate(record.dueAt) == "2026-09-22")
                for (kommune, id, login) in [
                    ("4204", k, "kristiansand.saksbehandler"), ("5503", h, "harstad.saksbehandler"),
                ] {
                    let worker = WebClient(app)
                    try await worker.loginStaff(login)
                    let page = try await worker.get("/ansatt/saker/\(id.uuidString.lowercased())")
                    #expect(
                        page.body.contains("3 uker, til og med 22.09.2026 (plan- og bygningsloven § 21-7)"),
                        "\(kommune)")
                    let decided = try await worker.post(
                        "/ansatt/saker/\(id.uuidString.lowercased())/vedtak",
                        ["utfall": "innvilget", "begrunnelse": "I samsvar med planen.", "hjemmel": "pbl § 20-4"])
                    #expect(decided.status == .seeOther, "\(decided.body.prefix(500))")
                }
                // Ida's link from Kristiansand opens that case only: Harstad's case's file is not found
                // through it, though she is a neighbour there too.
                let kToken = try await Self.link(app, caseID: k, fnr: People.ida)
                let harstadFile = try #require(
                    try await AttachmentService.forCase(
                        h, municipality: try await app.municipality("5503").requireID(), on: app.db
                    )
                    .first)
                let anonymous = WebClient(app)
                #expect(
                    try await anonymous.get(
                        SiteURL.thirdPartyAttachment(token: kToken, attachment: harstadFile.id).path
                    )
                    .status == .notFound)
                let fees = try await FeeRecord.query(on: app.db).all()
                #expect(fees.first { $0.caseID == k }.map { $0.fee == 5_200 && $0.amountDue == 5_200 } == true)
                #expect(fees.first { $0.caseID == h }.map { $0.fee == 6_500 && $0.reductionPercent == 0 } == true)
                // The invoice basis for Kristiansand's economy system: its own fee, not Harstad's.
                try await leader.loginStaff("kristiansand.leder")
                let csv = try await leader.get(SiteURL.invoiceBasis(period: "2026-09").path)
                #expect(csv.status == .ok && csv.headers.first(name: .contentType)?.contains("text/csv") == true)
                #expect(csv.body.contains("5200") && !csv.body.contains("6500"))
            }
        }

        /// A rammetillatelse, then the igangsettingstillatelse and the ferdigattest as follow-up
        /// applications on the same case: each reopens it with 3 weeks of its own, is decided
        /// with its own outcomes and letter, and leaves the permit the decision in force.
        @Test(.enabled(if: TestClamd.available, TestClamd.reason))
        func followUpsOnTheSameCase() async throws {
            let clamd = try TestClamd()
            defer { clamd.stop() }
            let clock = ManualClock(Self.oslo(2026, 4, 13))
            try await withRadhus(clock: clock, tweak: { $0.clamd = clamd.socket }) { app in
                let api = try await PublicAPITests.Client.make(app)
                var headers = HTTPHeaders()
                headers.add(name: .authorization, value: "Bearer \(api.token)")
                headers.add(name: "Applicant", value: People.ola)
                var ids: [String] = []
                for field in ["tegninger", "situasjonsplan"] {
                    let up = try await api.web.send(
                        .POST,
                        "/api/v1/kommuner/5503/tjenester/\(Self.service)/vedlegg?field=\(field)&filename=\(field).pdf",
                        bytes: Array(AttachmentTests.pdf), contentType: "application/pdf", extraHeaders: headers)
                    ids.append(try #require(try PublicAPITests.json(up)["id"] as? String))
                }
                let answers = """
                    "gnr":"12","bnr":"34","eiendom_adresse":"Storgata 1, 9405 Harstad","soknadstype":"rammetillatelse",
                    "ansvarlig_soker":"Bygg og Bolig AS","ansvarlig_orgnr":"123456785","tiltakstype":"bolig",
                    "areal":"150","beskrivelse":"Enebolig.","tegninger":"\(ids[0])","situasjonsplan":"\(ids[1])",
                    "dispensasjon":"nei","naboer":"1","naboer.0.navn":"Ida Testesen","naboer.0.fnr":"\(People.ida)",
                    "naboer.0.adresse":"Storgata 3, 9405 Harstad"
                    """
                let sent = try await api.call(
                    .POST, "/kommuner/5503/tjenester/\(Self.service)/soknader",
                    json: #"{"applicant":"\#(People.ola)","answers":{\#(answers)}}"#, key: "ramme-1")
                #expect(sent.status == .created, "\(sent.status) \(sent.body)")
                let created = try #require(try PublicAPITests.json(sent)["caseId"] as? String)
                let caseID = try #require(UUID(uuidString: created))
                // A rammetillatelse has 12 weeks; complete at once (no plan of responsibilities yet).
                var record = try #require(try await CaseRecord.find(caseID, on: app.db))
                #expect(record.clockWeeks == 12 && record.caseStatus == .mottatt)
                let worker = WebClient(app)
                try await worker.loginStaff("harstad.saksbehandler")
                let path = "/ansatt/saker/\(caseID.uuidString.lowercased())"
                try await worker.get(path)
                let permit = try await worker.post(
                    path + "/vedtak",
                    ["utfall": "innvilget", "begrunnelse": "I samsvar med planen.", "hjemmel": "pbl § 20-3"])
                #expect(permit.status == .seeOther)
                // Ola applies for the igangsettingstillatelse: the form asks for its document.
                clock.set(Self.oslo(2026, 5, 4))
                let ola = WebClient(app)
                try await ola.loginCitizen(People.ola)
                let page = try await ola.get(SiteURL.myCase(caseID).path)
                #expect(page.body.contains("Søknad om igangsettingstillatelse"))
                #expect(
                    !page.body.contains("Søknad om ferdigattest"),
                    "the ferdigattest waits for the igangsettingstillatelse")
                let ig = SiteURL.myCaseFollowUp(caseID, kind: "igangsettingstillatelse").path
                let bare = try await ola.postMultipart(ig, ["tekst": "Vi vil begynne 1. juni."])
                #expect(bare.status == .unprocessableEntity && bare.body.contains("Legg ved dokumentene"))
                let applied = try await ola.postMultipart(
                    ig, ["tekst": "Vi vil begynne 1. juni."],
                    files: [
                        .init(
                            field: "vedlegg-ig_gjennomforingsplan", name: "gjennomforing.pdf", type: "application/pdf",
                            data: AttachmentTests.pdf)
                    ])
                #expect(applied.status == .seeOther, "\(applied.status) \(applied.body.prefix(500))")
                record = try #require(try await CaseRecord.find(caseID, on: app.db))
                #expect(record.caseStatus == .underBehandling)
                // Three weeks from Monday 4 May is Whit Monday: the deadline is Tuesday 26 May.
                #expect(Self.cal.isoDate(record.dueAt) == "2026-05-26")
                #expect(
                    try await ola.postMultipart(ig, ["tekst": "Igjen"]).status == .conflict,
                    "the case is with the kommune: the follow-up is not open to it now")
                // The caseworker decides it with its own outcomes (signed in again: weeks passed)
                try await worker.loginStaff("harstad.saksbehandler")
                let staffPage = try await worker.get(path)
                #expect(staffPage.body.contains("Igangsettingstillatelse gitt"))
                #expect(staffPage.body.contains("Søknad om igangsettingstillatelse: 3 uker"))
                let igDecided = try await worker.post(
                    path + "/vedtak",
                    ["utfall": "ig_gitt", "begrunnelse": "Ansvar er erklært.", "hjemmel": "pbl § 21-2"])
                #expect(igDecided.status == .seeOther, "\(igDecided.body.prefix(600))")
                // Then the ferdigattest
                clock.set(Self.oslo(2026, 10, 1))
                try await ola.loginCitizen(People.ola)
                #expect(try await ola.get(SiteURL.myCase(caseID).path).body.contains("Søknad om ferdigattest"))
                let done = try await ola.postMultipart(
                    SiteURL.myCaseFollowUp(caseID, kind: "ferdigattest").path, ["tekst": ""],
                    files: [
                        .init(
                            field: "vedlegg-sluttdokumentasjon", name: "som-bygget.pdf", type: "application/pdf",
                            data: AttachmentTests.pdf)
                    ])
                #expect(done.status == .seeOther)
                try await worker.loginStaff("harstad.saksbehandler")
                try await worker.get(path)
                #expect(
                    try await worker.post(
                        path + "/vedtak",
                        [
                            "utfall": "ferdigattest_gitt", "begrunnelse": "Sluttdokumentasjonen er i orden.",
                            "hjemmel": "pbl § 21-10",
                        ]
                    ).status == .seeOther)
                // Three decisions; the permit is the one in force; one fee; the letters' titles
                let decisions = try await DecisionRecord.query(on: app.db).filter(\.$caseID == caseID).all()
                #expect(decisions.count == 3 && decisions.filter { $0.followUpID != nil }.count == 2)
                #expect(try await DecisionRecord.query(on: app.db).inForce(case: caseID)?.outcome == "innvilget")
                #expect(try await FeeRecord.query(on: app.db).filter(\.$caseID == caseID).count() == 1)
                let titles = try await LetterRecord.query(on: app.db).filter(\.$caseID == caseID)
                    .filter(\.$decisionID != nil).all().map(\.title)
                #expect(titles.contains("Igangsettingstillatelse: Storgata 1, 9405 Harstad"))
                #expect(titles.contains("Ferdigattest: Storgata 1, 9405 Harstad"))
                #expect(!titles.contains { $0.contains("vurdere") })
                let events = try await DialogueTests.events(app, caseID)
                #expect(
                    events.filter { $0 == "decided" }.count == 1
                        && events.filter { $0 == "follow_up_decided" }.count == 2)
                // Nothing more to apply for
                #expect(!(try await ola.get(SiteURL.myCase(caseID).path).body.contains("/oppfolging/")))
            }
        }

        /// The notices' receipts (issue 24): a digital neighbour gets the letter in the inbox and
        /// an e-mail notice; one reserved against digital post gets it printed at once, to the
        /// register's address; one the contact register does not know gets it printed after two
        /// working days, to the address the applicant gave for them — not to the applicant's.
        @Test(.enabled(if: SMTPSink.available, SMTPSink.reason))
        func neighboursAreNotifiedDigitallyOrOnPaperToTheirOwnAddress() async throws {
            let sink = try SMTPSink()
            let printDir = DispatchTests.tempDir()
            let clock = ManualClock(Self.oslo(2026, 3, 2, 10))
            try await withRadhus(
                clock: clock,
                tweak: {
                    $0.smtpURL = "smtp://127.0.0.1:\(sink.port)"
                    $0.printDirectory = printDir
                }
            ) { app in
                let unknown = DemoData.children[0].fnr
                let api = try await PublicAPITests.Client.make(app)
                let answers = """
                    "gnr":"1","bnr":"2","eiendom_adresse":"Storgata 1, 9405 Harstad","tiltakstype":"fasade",
                    "beskrivelse":"Ny kledning.","dispensasjon":"nei","naboer":"3",
                    "naboer.0.navn":"Ida Testesen","naboer.0.fnr":"\(People.ida)","naboer.0.adresse":"Storgata 3, 9405 Harstad",
                    "naboer.1.navn":"Siri Demodal","naboer.1.fnr":"\(Self.siri)","naboer.1.adresse":"Storgata 4, 9405 Harstad",
                    "naboer.2.navn":"Emma Testesen","naboer.2.fnr":"\(unknown)","naboer.2.adresse":"Storgata 5, 9405 Harstad"
                    """
                let sent = try await api.call(
                    .POST, "/kommuner/5503/tjenester/byggesak-uten-ansvar/soknader",
                    json: #"{"applicant":"\#(People.ola)","answers":{\#(answers)}}"#, key: "notices")
                #expect(sent.status == .created, "\(sent.body)")
                let dispatcher = Dispatcher(app: app)
                try await dispatcher.drain()
                func shipment(_ fnr: String) async throws -> ShipmentRecord {
                    let letter = try #require(
                        try await LetterRecord.query(on: app.db).filter(\.$recipientFnr == fnr).first())
                    return try #require(
                        try await ShipmentRecord.query(on: app.db).filter(\.$letterID == letter.id!).first())
                }
                #expect(try await shipment(People.ida).shipmentStatus == .varslet)
                #expect(
                    sink.messages().contains { SMTPSink.header("To", in: $0) == "ida.testesen@example.test" },
                    "\(sink.messages().map { SMTPSink.header("To", in: $0) ?? "" })")
                #expect(try await shipment(Self.siri).shipmentStatus == .sendtPrint)
                #expect(try await shipment(unknown).shipmentStatus == .akseptert)
                // Two working days later the unread notice to Emma goes on paper too.
                clock.set(Self.oslo(2026, 3, 5, 1))
                try await dispatcher.drain()
                #expect(try await shipment(unknown).shipmentStatus == .sendtPrint)
                var recipients: [[String]] = []
                for batch in DispatchTests.batches(printDir) {
                    let manifest =
                        try JSONSerialization.jsonObject(
                            with: try Data(
                                contentsOf: URL(fileURLWithPath: printDir + "/utgaende/" + batch + "/manifest.json")))
                        as? [String: Any]
                    recipients += ((manifest?["letters"] as? [[String: Any]]) ?? []).compactMap {
                        $0["recipient"] as? [String]
                    }
                }
                #expect(recipients.contains(["Siri Demodal", "Fjellveien 7", "9407 Harstad"]), "\(recipients)")
                #expect(recipients.contains(["Emma Testesen", "Storgata 5", "9405 Harstad"]), "\(recipients)")
                // (Ola's own unread letter — the checklist's request — goes to his address, as it should.)
                #expect(recipients.filter { $0.contains("Markens gate 3") }.allSatisfy { $0.first == "Ola Prøvestad" })
            }
        }
    }
}
