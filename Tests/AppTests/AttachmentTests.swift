import Fluent
import Foundation
import RadhusCore
import SQLKit
import Testing
import VaporTesting

@testable import App

/// Issue 19: attachments — a file input in the form, each file scanned by the real clamd
/// before it is taken, kept outside the database, linked to the case when it is sent,
/// downloaded by the caseworker (logged) and the citizen.
extension AppTests {
    @Suite struct AttachmentTests {
        static let form = "/k/5503/parkeringstillatelse/soknad"
        /// A small but real PDF.
        static let pdf = Data("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n%%EOF\n".utf8)

        static let answers: [String: String] = [
            // Sent from the attachment's page (step 3 of 4), with the earlier pages' answers.
            "steg": "legeerklaering",
            "gjelder_fnr": People.ida, "navn": "Ida Testesen", "adresse.gate": "Storgata 12",
            "adresse.postnummer": "9405", "adresse.poststed": "Harstad", "rolle": "sjafor",
            "begrunnelse": "Jeg kan gå høyst 50 meter med rullator.",
        ]

        /// clamd, the app configured to use it, and Ida logged in on the parking permit's form.
        static func withCitizenOnForm(
            clamd: Bool = true, _ body: (Application, WebClient) async throws -> Void
        ) async throws {
            let scanner = clamd ? try TestClamd() : nil
            defer { scanner?.stop() }
            try await withRadhus(tweak: { $0.clamd = scanner?.socket ?? "/nonexistent/clamd.sock" }) { app in
                let web = WebClient(app)
                try await web.loginCitizen(People.ida)
                try await web.get(Self.form)
                try await body(app, web)
            }
        }

        /// «Last opp filen» with the answers and one file.
        @discardableResult
        static func upload(
            _ web: WebClient, _ name: String, _ data: Data, extra: [String: String] = [:]
        ) async throws -> WebClient.Page {
            var fields = Self.answers.merging(extra) { _, new in new }
            fields["handling"] = "last-opp"
            return try await web.postMultipart(
                Self.form, fields, files: [.init(field: "legeerklaering", name: name, data: data)])
        }

        /// The last page (contact details, nothing required): on to the check page.
        static func toCheck(_ web: WebClient) async throws -> WebClient.Page {
            let last = try await web.postMultipart(Self.form, ["steg": "kontakt"])
            #expect(last.location == "/k/5503/parkeringstillatelse/sjekk", "\(last.status) \(last.body.prefix(300))")
            return try await web.get("/k/5503/parkeringstillatelse/sjekk")
        }

        static func count(_ app: Application) async throws -> Int {
            try await app.db.sql.raw("SELECT COUNT(*) AS n FROM attachments").first()?.decode(
                column: "n", as: Int.self) ?? -1
        }

        static func filesOnDisk(_ app: Application) -> [String] {
            let root = app.radhusConfig.filesDirectory
            let all = FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []
            return all.filter { !$0.hasPrefix("tmp") && $0.split(separator: "/").count == 3 }
        }

        @Test(
            "the scanner: a clean file is clean, EICAR is found, no clamd is unavailable",
            .enabled(if: TestClamd.available, TestClamd.reason))
        func scannerVerdicts() async throws {
            let clamd = try TestClamd()
            defer { clamd.stop() }
            let dir = FileManager.default.temporaryDirectory
            let clean = dir.appendingPathComponent("clean-\(UUID()).pdf")
            let virus = dir.appendingPathComponent("eicar-\(UUID()).pdf")
            try Self.pdf.write(to: clean)
            // EICAR inside a file that starts as a PDF: caught by content, not by name.
            try (Data("%PDF-1.4\n".utf8) + TestClamd.eicar).write(to: virus)
            defer {
                try? FileManager.default.removeItem(at: clean)
                try? FileManager.default.removeItem(at: virus)
            }
            let scanner = ClamdScanner(address: .unix(clamd.socket))
            #expect(try await scanner.scan(file: clean) == .clean)
            guard case .infected(let name) = try await scanner.scan(file: virus) else {
                Issue.record("EICAR was not found")
                return
            }
            #expect(name.contains("Radhus-Test-EICAR"))
            await #expect(throws: ScannerUnavailable.self) {
                try await ClamdScanner(address: .unix(clamd.directory + "/nothing.sock")).scan(file: clean)
            }
        }

        @Test(
            "upload, check page, send: the PDF is the case's; the caseworker's download is logged",
            .enabled(if: TestClamd.available, TestClamd.reason))
        func uploadAndSend() async throws {
            let clamd = try TestClamd()
            defer { clamd.stop() }
            try await withRadhus(tweak: { $0.clamd = clamd.socket }) { app in
                let web = WebClient(app)
                try await web.loginCitizen(People.ida)
                let page = try await web.get(Self.form + "?steg=legeerklaering")
                #expect(page.body.contains(#"enctype="multipart/form-data""#))
                #expect(page.body.contains(#"type="file""#))
                // «Last opp»: the file is taken, the typed answers kept, back to the form.
                var fields = Self.answers
                fields["handling"] = "last-opp"
                fields["legeerklaering.beskrivelse"] = "Legeerklæring fra fastlegen"
                let uploaded = try await web.postMultipart(
                    Self.form, fields,
                    files: [
                        .init(field: "legeerklaering", name: "erklæring.pdf", type: "application/pdf", data: Self.pdf)
                    ])
                #expect(uploaded.status == .seeOther, "\(uploaded.status) \(uploaded.body.prefix(400))")
                let back = try await web.get(Self.form)
                #expect(back.body.contains("erklæring.pdf"))
                #expect(back.body.contains("Legeerklæring fra fastlegen"))
                #expect(back.body.contains("Steg 3 av 4"), "back on the attachment's page")
                #expect(
                    try await web.get(Self.form + "?steg=person").body.contains("Storgata 12"),
                    "typed answers kept across the upload")
                #expect(try await Self.count(app) == 1)
                #expect(Self.filesOnDisk(app).count == 1)
                // «Gå videre» with no new file: the upload counts as the answer.
                let checked = try await web.postMultipart(Self.form, Self.answers)
                #expect(
                    checked.location == Self.form + "?steg=kontakt", "\(checked.status) \(checked.body.prefix(600))")
                let check = try await Self.toCheck(web)
                #expect(check.body.contains("erklæring.pdf"))
                let token = try #require(WebClient.firstMatch(#"name="token" value="([^"]+)""#, in: check.body))
                let sent = try await web.post("/k/5503/parkeringstillatelse/send", ["token": token])
                let receipt = try #require(sent.location)
                let caseID = try #require(UUID(uuidString: String(receipt.split(separator: "/")[1])))
                let stored = try await AttachmentService.forCase(
                    caseID, municipality: try await app.municipality("5503").requireID(), on: app.db)
                #expect(stored.count == 1)
                let file = try #require(stored.first)
                #expect(file.sha256 == SHA256.hash(data: Self.pdf).map { String(format: "%02x", $0) }.joined())
                #expect(file.mediaType == "application/pdf")
                // The citizen sees and downloads their own file.
                let mine = try await web.get("/mine-saker/\(caseID.uuidString)")
                #expect(mine.body.contains("erklæring.pdf"))
                let own = try await web.get(SiteURL.myAttachment(case: caseID, attachment: file.id).path)
                #expect(own.status == .ok)
                #expect(own.body == String(decoding: Self.pdf, as: UTF8.self))
                #expect(own.headers.first(name: .contentType) == "application/pdf")
                #expect(
                    own.headers.first(name: .contentDisposition)?.contains("filename*=UTF-8''erkl%C3%A6ring.pdf")
                        == true)
                // Another citizen does not.
                let other = WebClient(app)
                try await other.loginCitizen(People.ola)
                #expect(
                    try await other.get(SiteURL.myAttachment(case: caseID, attachment: file.id).path).status
                        == .notFound)
                // The caseworker downloads it, and the access log says so.
                let staff = WebClient(app)
                try await staff.loginStaff("harstad.saksbehandler")
                let casePage = try await staff.get(SiteURL.staffCase(caseID).path)
                #expect(casePage.body.contains(SiteURL.staffAttachment(case: caseID, attachment: file.id).path))
                let got = try await staff.get(SiteURL.staffAttachment(case: caseID, attachment: file.id).path)
                #expect(got.status == .ok)
                #expect(got.body == String(decoding: Self.pdf, as: UTF8.self))
                let logged = try await AccessLogEntry.query(on: app.db).filter(\.$caseID == caseID)
                    .filter(\.$action == AccessLogEntry.Action.readAttachment.rawValue).count()
                #expect(logged == 1)
                // Another kommune's caseworker: not found, nothing logged.
                let kristiansand = WebClient(app)
                try await kristiansand.loginStaff("kristiansand.saksbehandler")
                #expect(
                    try await kristiansand.get(SiteURL.staffAttachment(case: caseID, attachment: file.id).path).status
                        == .notFound)
            }
        }

        @Test(
            "EICAR, a HEIC photo, a text file, an empty file: each refused at the field, nothing stored",
            .enabled(if: TestClamd.available, TestClamd.reason))
        func refusedFiles() async throws {
            try await Self.withCitizenOnForm { app, web in
                var fields = Self.answers
                fields["handling"] = "last-opp"
                let heic = Data([0, 0, 0, 0x18] + Array("ftypheic".utf8) + [0, 0, 0, 0])
                for (name, data, message) in [
                    ("eicar.pdf", TestClamd.eicar, "inneholder virus"),
                    ("IMG_0001.HEIC", heic, "HEIC-format"),
                    ("notat.txt", Data("bare tekst".utf8), "Filen må være PDF, JPEG, PNG"),
                    ("tom.pdf", Data(), "Filen er tom"),
                ] {
                    let page = try await web.postMultipart(
                        Self.form, fields, files: [.init(field: "legeerklaering", name: name, data: data)])
                    #expect(page.status == .unprocessableEntity, "\(name): \(page.status)")
                    #expect(page.body.contains(message), "\(name): \(page.body.prefix(200))")
                    #expect(page.body.contains("Steg 3 av 4"), "\(name): the same page again")
                }
                #expect(try await Self.count(app) == 0)
                #expect(Self.filesOnDisk(app).isEmpty)
                let temporary = try FileManager.default.contentsOfDirectory(
                    atPath: app.radhusConfig.filesDirectory + "/tmp")
                #expect(temporary.isEmpty, "no temporary files left: \(temporary)")
                // «Gå videre» without a file: the required attachment is asked for.
                let missing = try await web.postMultipart(Self.form, Self.answers)
                #expect(missing.status == .unprocessableEntity)
                #expect(missing.body.contains("Last opp «legeerklæring»"))
            }
        }

        @Test("clamd down: the upload is refused with a Norwegian message, nothing stored")
        func scannerDown() async throws {
            try await Self.withCitizenOnForm(clamd: false) { app, web in
                let page = try await Self.upload(web, "a.pdf", Self.pdf)
                #expect(page.status == .unprocessableEntity)
                #expect(page.body.contains("virussjekken ikke svarer"))
                #expect(try await Self.count(app) == 0)
                #expect(Self.filesOnDisk(app).isEmpty)
            }
        }

        @Test("a forged or missing token: 403 and the file is not kept")
        func uploadNeedsToken() async throws {
            try await withRadhus { app in
                let web = WebClient(app)
                try await web.loginCitizen(People.ida)
                try await web.get(Self.form)
                var fields = Self.answers
                fields["_csrf"] = "forged.token"
                let page = try await web.postMultipart(
                    Self.form, fields, files: [.init(field: "legeerklaering", name: "a.pdf", data: Self.pdf)])
                #expect(page.status == .forbidden)
                #expect(try await Self.count(app) == 0)
                let temporary = try FileManager.default.contentsOfDirectory(
                    atPath: app.radhusConfig.filesDirectory + "/tmp")
                #expect(temporary.isEmpty)
            }
        }

        @Test(
            "a file removed from the draft is gone; someone else's draft file cannot be removed",
            .enabled(if: TestClamd.available, TestClamd.reason))
        func removeFromDraft() async throws {
            try await Self.withCitizenOnForm { app, web in
                try await Self.upload(web, "a.pdf", Self.pdf)
                let id = try #require(
                    try await app.db.sql.raw("SELECT id FROM attachments").first()?.decode(column: "id", as: UUID.self))
                // Ola cannot remove Ida's file.
                let ola = WebClient(app)
                try await ola.loginCitizen(People.ola)
                try await ola.get(Self.form)
                try await ola.postMultipart(Self.form, ["fjern": id.uuidString.lowercased()])
                #expect(try await Self.count(app) == 1)
                try await web.get(Self.form)
                let removed = try await web.postMultipart(Self.form, ["fjern": id.uuidString.lowercased()])
                #expect(removed.status == .seeOther)
                #expect(try await Self.count(app) == 0)
                #expect(Self.filesOnDisk(app).isEmpty)
            }
        }

        @Test(
            "the attachment is a document of the application's journalpost in the Noark 5 export, which validates",
            .enabled(if: TestClamd.available && RecordsTests.exportReady, "needs clamd, xmllint and the Noark 5 XSDs"))
        func attachmentInArchiveExport() async throws {
            let clamd = try TestClamd()
            defer { clamd.stop() }
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
                "radhus-export-\(UUID().uuidString)"
            )
            .path
            defer { try? FileManager.default.removeItem(atPath: dir) }
            try await withRadhus(tweak: { $0.clamd = clamd.socket }) { app in
                let web = WebClient(app)
                try await web.loginCitizen(People.ida)
                try await web.get(Self.form)
                var fields = Self.answers
                fields["legeerklaering.beskrivelse"] = "Legeerklæring"
                // «Gå videre» with the file chosen: uploaded and checked in one go.
                let checked = try await web.postMultipart(
                    Self.form, fields,
                    files: [.init(field: "legeerklaering", name: "lege.pdf", type: "application/pdf", data: Self.pdf)])
                #expect(checked.status == .seeOther, "\(checked.status) \(checked.body.prefix(400))")
                let check = try await Self.toCheck(web)
                let token = try #require(WebClient.firstMatch(#"name="token" value="([^"]+)""#, in: check.body))
                let receipt = try #require(
                    try await web.post("/k/5503/parkeringstillatelse/send", ["token": token]).location)
                let caseID = try #require(UUID(uuidString: String(receipt.split(separator: "/")[1])))
                let staff = WebClient(app)
                try await staff.loginStaff("harstad.saksbehandler")
                try await staff.get(SiteURL.staffCase(caseID).path)
                let decided = try await staff.post(
                    SiteURL.decide(caseID).path,
                    [
                        "utfall": "innvilget", "begrunnelse": "Legeerklæringen viser at vilkårene er oppfylt.",
                        "hjemmel": "forskrift om parkering for forflytningshemmede § 3",
                    ])
                // The decision value is asked for «innvilget», and checked like an answer.
                #expect(decided.status == .unprocessableEntity)
                #expect(decided.body.contains("Skriv tillatelsen gjelder til og med"))
                let cal = NorwegianCalendar()
                let until = Calendar(identifier: .gregorian).date(byAdding: .year, value: 3, to: Date())!
                let renew = Calendar(identifier: .gregorian).date(byAdding: .month, value: -2, to: until)!
                let redo = try await staff.post(
                    SiteURL.decide(caseID).path,
                    [
                        "utfall": "innvilget", "begrunnelse": "Legeerklæringen viser at vilkårene er oppfylt.",
                        "hjemmel": "forskrift om parkering for forflytningshemmede § 3",
                        "gyldig_til": cal.norwegianDate(until),
                    ])
                #expect(redo.status == .seeOther, "\(redo.status) \(redo.body.prefix(300))")
                let decision = try #require(
                    try await DecisionRecord.query(on: app.db).filter(\.$caseID == caseID).first())
                #expect(decision.values == ["gyldig_til": cal.isoDate(until)])
                // The letter shows the decision value and the date computed from it, and chose
                // the driver's sentence.
                let letter = try #require(try await LetterRecord.query(on: app.db).filter(\.$caseID == caseID).first())
                #expect(
                    letter.body.contains(
                        "gjelder fra \(cal.norwegianDate(Date())) til og med \(cal.norwegianDate(until))"))
                #expect(letter.body.contains("senest \(cal.norwegianDate(renew))"))
                #expect(letter.body.contains("Du får kortet som sjåfør"))
                #expect(!letter.body.contains("{{"))
                try await JournalRegistrar(app: app).registerPending()
                let today = NorwegianCalendar().isoDate(Date())
                let summary = try await ArchiveExporter(app: app).export(
                    kommune: "5503", from: today, to: today, into: dir, schemas: RecordsTests.schemas, now: Date())
                // The application, the letter, and the attachment.
                #expect(summary.documents == 3)
                let (status, output) = try RecordsTests.xmllint([
                    "--noout", "--schema", "\(dir)/arkivstruktur.xsd", "\(dir)/arkivstruktur.xml",
                ])
                #expect(status == 0, "arkivstruktur.xml: \(output)")
                let structure = try String(contentsOfFile: dir + "/arkivstruktur.xml", encoding: .utf8)
                #expect(structure.contains("<tilknyttetRegistreringSom>Vedlegg</tilknyttetRegistreringSom>"))
                // The service's own unit, not the kommune's first («Oppvekst og utdanning»).
                #expect(structure.contains("<administrativEnhet>Helse og omsorg</administrativEnhet>"))
                #expect(!structure.contains("<administrativEnhet>Oppvekst og utdanning</administrativEnhet>"))
                let path = try #require(
                    WebClient.firstMatch(
                        #"<referanseDokumentfil>([^<]+-vedlegg-1\.pdf)</referanseDokumentfil>"#, in: structure))
                let copied = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + path))
                #expect(copied == Self.pdf)
                #expect(structure.contains("<sjekksum>\(HashChain.digest(Self.pdf))</sjekksum>"))
            }
        }

        @Test(
            "a draft's files are swept with the draft (30 days untouched), rows and bytes",
            .enabled(if: TestClamd.available, TestClamd.reason))
        func draftFilesAreSwept() async throws {
            try await Self.withCitizenOnForm { app, web in
                try await Self.upload(web, "a.pdf", Self.pdf)
                #expect(try await SessionSweepJob.sweepDraftFiles(app, now: Date().addingTimeInterval(29 * 86400)) == 0)
                #expect(try await Self.count(app) == 1)
                // A draft touched since keeps its files: they live as long as the draft.
                try await app.db.sql.update("drafts").set("updated_at", to: Date().addingTimeInterval(30 * 86400)).run()
                #expect(try await SessionSweepJob.sweepDraftFiles(app, now: Date().addingTimeInterval(31 * 86400)) == 0)
                try await app.db.sql.update("drafts").set("updated_at", to: Date()).run()
                #expect(try await SessionSweepJob.sweepDraftFiles(app, now: Date().addingTimeInterval(31 * 86400)) == 1)
                #expect(try await Self.count(app) == 0)
                #expect(Self.filesOnDisk(app).isEmpty)
            }
        }

        @Test(
            "the API: upload for an applicant, submit with the id, read the case's attachments and download (logged)",
            .enabled(if: TestClamd.available, TestClamd.reason))
        func throughTheAPI() async throws {
            try await Self.withCitizenOnForm { app, _ in
                let api = try await PublicAPITests.Client.make(app)
                var headers = HTTPHeaders()
                headers.add(name: .authorization, value: "Bearer \(api.token)")
                headers.add(name: "Applicant", value: People.ola)
                let path = "/api/v1/kommuner/5503/tjenester/parkeringstillatelse/vedlegg"
                // EICAR: refused, 422, nothing kept.
                let virus = try await api.web.send(
                    .POST, path + "?field=legeerklaering&filename=x.pdf", bytes: Array(TestClamd.eicar),
                    contentType: "application/pdf", extraHeaders: headers)
                #expect(virus.status == .unprocessableEntity, "\(virus.status) \(virus.body)")
                #expect(virus.body.contains("virus"))
                // Not an attachment field: 422.
                let wrongField = try await api.web.send(
                    .POST, path + "?field=navn&filename=x.pdf", bytes: Array(Self.pdf), contentType: "application/pdf",
                    extraHeaders: headers)
                #expect(wrongField.status == .unprocessableEntity)
                let up = try await api.web.send(
                    .POST, path + "?field=legeerklaering&filename=lege.pdf&description=Fra%20fastlegen",
                    bytes: Array(Self.pdf), contentType: "application/pdf", extraHeaders: headers)
                #expect(up.status == .created, "\(up.status) \(up.body)")
                let id = try #require(try PublicAPITests.json(up)["id"] as? String)
                #expect(try PublicAPITests.json(up)["sha256"] as? String == HashChain.digest(Self.pdf))
                // Someone else's applicant cannot use Ola's file.
                let answers = """
                    "gjelder_fnr":"\(People.ola)","navn":"Ola Prøvestad","adresse.gate":"Markens gate 3",
                    "adresse.postnummer":"4611","adresse.poststed":"Kristiansand","rolle":"passasjer",
                    "begrunnelse":"Kort gangavstand.","ledsager":"ja","sjaforer":"1","sjaforer.0.navn":"Kari Nordmann","legeerklaering":"\(id)"
                    """
                let stolen = try await api.call(
                    .POST, "/kommuner/5503/tjenester/parkeringstillatelse/soknader",
                    json: #"{"applicant":"\#(People.ida)","answers":{\#(answers)}}"#, key: "k-stolen")
                #expect(stolen.status == .unprocessableEntity, "\(stolen.status) \(stolen.body)")
                let sent = try await api.call(
                    .POST, "/kommuner/5503/tjenester/parkeringstillatelse/soknader",
                    json: #"{"applicant":"\#(People.ola)","answers":{\#(answers)}}"#, key: "k-1")
                #expect(sent.status == .created, "\(sent.status) \(sent.body)")
                let caseID = try #require(try PublicAPITests.json(sent)["caseId"] as? String)
                let got = try await api.call(.GET, "/kommuner/5503/saker/\(caseID)")
                let files = try #require(try PublicAPITests.json(got)["attachments"] as? [[String: Any]])
                #expect(files.count == 1 && files.first?["fileName"] as? String == "lege.pdf")
                #expect(
                    (try PublicAPITests.json(got)["answers"] as? [String: String])?["legeerklaering.navn"] == "lege.pdf"
                )
                let download = try await api.call(.GET, "/kommuner/5503/saker/\(caseID)/vedlegg/\(id)")
                #expect(download.status == .ok)
                #expect(download.body == String(decoding: Self.pdf, as: UTF8.self))
                #expect(download.headers.first(name: "Digest-SHA256") == HashChain.digest(Self.pdf))
                let logged = try await AccessLogEntry.query(on: app.db)
                    .filter(\.$caseID == UUID(uuidString: caseID)!)
                    .filter(\.$action == AccessLogEntry.Action.readAttachment.rawValue).count()
                #expect(logged == 1)
                // The decision through the API carries the decision value, checked like the form's.
                let decisionPath = "/kommuner/5503/saker/\(caseID)/vedtak"
                let base =
                    #""outcome":"innvilget","reasons":"Legeerklæringen viser vilkårene.","legalBasis":"forskrift om parkering for forflytningshemmede § 3","decidedBy":"Kari Fagsystem""#
                let missing = try await api.call(.POST, decisionPath, json: "{\(base)}")
                #expect(missing.status == .unprocessableEntity, "\(missing.status) \(missing.body)")
                #expect(missing.body.contains("values.gyldig_til"))
                let until = NorwegianCalendar().isoDate(Date().addingTimeInterval(2 * 365 * 86400))
                let decided = try await api.call(
                    .POST, decisionPath, json: #"{\#(base),"values":{"gyldig_til":"\#(until)"}}"#)
                #expect(decided.status == .created, "\(decided.status) \(decided.body)")
                #expect((try PublicAPITests.json(decided)["values"] as? [String: String])?["gyldig_til"] == until)
                // Another kommune's client: not found.
                let other = try await PublicAPITests.Client.make(app, kommune: "4204")
                #expect(try await other.call(.GET, "/kommuner/4204/saker/\(caseID)/vedlegg/\(id)").status == .notFound)
            }
        }
    }
}
