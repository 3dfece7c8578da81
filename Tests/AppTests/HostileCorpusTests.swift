import Fluent
import Foundation
import RadhusCore
import SQLKit
import Testing
import VaporTesting

@testable import App

/// Issue 17's standing hostile-input test: a corpus of nasty values driven through every form a
/// crawl of the site finds (anonymous, citizen and each staff role) and every property and path
/// parameter of the API. Whatever comes back: never a 5xx; a refusal says something a person can
/// act on; a refused text field shows what was typed; and afterwards the journal still verifies
/// and no stored text holds a character `PlainText` refuses. Runs on both databases.
extension AppTests {
    @Suite struct HostileCorpusTests {
        /// One nasty value: as text, and how it is sent in a form body (already percent-encoded)
        /// and as a JSON value (a literal, or raw bytes that are not UTF-8).
        struct Nasty {
            var label: String
            var text: String
            var form: String
            var json: [UInt8]

            init(_ label: String, _ text: String) {
                self.label = label
                self.text = text
                form = WebClient.percentEncode(text)
                let literal = try! JSONEncoder().encode(text)
                json = Array(literal)
            }

            /// Bytes that are not UTF-8 (Latin-1 «ø», a lone continuation byte).
            static let notUTF8 = Nasty(
                label: "not UTF-8", text: "Pr\u{FFFD}vestad", form: "Pr%F8vestad",
                json: Array("\"Pr".utf8) + [0xF8] + Array("vestad\"".utf8))

            private init(label: String, text: String, form: String, json: [UInt8]) {
                self.label = label
                self.text = text
                self.form = form
                self.json = json
            }
        }

        static let corpus: [Nasty] = [
            Nasty("NUL", "abc\u{0}def"), Nasty("escape", "Kari\u{1B}[31m"), Nasty("DEL", "a\u{7F}b"),
            Nasty("C1", "a\u{85}b"), Nasty("RLO", "Kari \u{202E}nnamdroN"), Nasty("isolate", "x\u{2066}y"),
            Nasty("BOM", "\u{FEFF}Kari"), Nasty("noncharacter", "Kari\u{FFFF}"), Nasty("line separator", "a\u{2028}b"),
            Nasty("tab", "a\tb"),
            Nasty("newlines", "a\r\nb\nc"), Nasty("long", String(repeating: "Å", count: 5000)),
            Nasty("huge", String(repeating: "A", count: 70_000)), Nasty("empty", ""), Nasty("spaces", "   "),
            Nasty("SQL", "'; DROP TABLE cases; --"), Nasty("SQL or", "1' OR '1'='1"),
            Nasty("HTML", "<script>alert(1)</script>"), Nasty("attribute", "\"><img src=x onerror=alert(1)>"),
            Nasty("template", "{{elevens_navn}} ${7*7} {% raw %}"), Nasty("path", "../../etc/passwd"),
            Nasty("big number", "99999999999999999999999999"), Nasty("exponent", "1e309"),
            Nasty("negative", "-1"), Nasty("decimal", "1,5"), Nasty("NaN", "NaN"), Nasty("Arabic digit", "٣"),
            Nasty("impossible date", "31.02.2027"), Nasty("zero date", "00.00.0000"),
            Nasty("ISO nonsense", "2027-13-45"), Nasty("long year", "15.08.20271"),
            Nasty("emoji", "👩‍👩‍👧 Kari"), Nasty("combining", "Ka\u{0301}\u{0301}\u{0301}ri"), .notUTF8,
        ]

        struct Form: Hashable {
            var method: String
            var action: String
            var fields: [Field]
            var page: String

            struct Field: Hashable {
                var name: String
                var value: String
                /// Typed by a person (text, textarea): what was typed must come back on a refusal.
                var typed: Bool
            }

            /// The same form on another case or entry (an id in the path) is the same form.
            var key: String {
                let shape = action.replacingOccurrences(
                    of: #"[0-9a-fA-F]{8}-[0-9a-fA-F-]{27}"#, with: "{id}", options: .regularExpression
                )
                .replacingOccurrences(of: #"/\d+(/|$)"#, with: "/{n}$1", options: .regularExpression)
                return method + " " + shape + " " + fields.map(\.name).sorted().joined(separator: ",")
            }
        }

        @Test func everyFormAndAPIPropertyWithstandsTheCorpus() async throws {
            try await withRadhus { app in
                // setup: a case for the staff pages to show, on record
                let citizen = WebClient(app)
                try await citizen.loginCitizen(People.ida)
                _ = try await citizen.applySkoleskyss()
                try await JournalRegistrar(app: app).registerPending()

                var failures: [String] = []
                var sent = 0
                var formsSeen: Set<String> = []
                let c = try await AppTests.PublicAPITests.Client.make(app)
                // …and a building permit (issue 24) with Ola as the neighbour: his link's page
                // and its comment form are the anonymous side of the crawl
                let neighbours = """
                    "gnr":"1","bnr":"2","eiendom_adresse":"Storgata 1, 9405 Harstad","tiltakstype":"fasade",
                    "beskrivelse":"Ny kledning.","dispensasjon":"nei","naboer":"1","naboer.0.navn":"Ola Prøvestad",
                    "naboer.0.fnr":"\(People.ola)","naboer.0.adresse":"Storgata 3, 9405 Harstad"
                    """
                let permit = try await c.call(
                    .POST, "/kommuner/5503/tjenester/byggesak-uten-ansvar/soknader",
                    json: #"{"applicant":"\#(People.ida)","answers":{\#(neighbours)}}"#, key: "corpus-permit")
                #expect(permit.status == .created, "\(permit.body)")
                let notice = try #require(
                    try await LetterRecord.query(on: app.db).filter(\.$recipientFnr == People.ola).first())
                let link = try #require(WebClient.firstMatch(#"(/nabovarsel/[A-Za-z0-9_-]+)"#, in: notice.body))
                // act: the API first (the forms' run changes the kommune's settings), every
                // property of the two bodies and every path parameter
                failures += try await Self.api(c, app: app, sent: &sent)
                // act: every form the crawl finds, each field with each value
                let roles: [(String, WebClient, [String])] = [
                    ("anonymous", WebClient(app), ["/", "/logg-inn", "/ansatt/logg-inn", "/k/5503/postjournal", link]),
                    ("citizen", citizen, ["/", "/k/5503", "/min-profil", "/mine-saker"]),
                ]
                var all = roles
                for role in ["saksbehandler", "leder", "arkivar", "admin"] {
                    let staff = WebClient(app)
                    try await staff.loginStaff("harstad.\(role)")
                    all.append(
                        (
                            role, staff,
                            [
                                "/ansatt/saker", "/ansatt/utsending", "/ansatt/rapport", "/ansatt/rapport/grunnlag",
                                "/ansatt/sammenligning", "/ansatt/papirsoknad", "/ansatt/undersokelse",
                                "/ansatt/modenhet",
                                "/ansatt/tjenester", "/ansatt/api-klienter", "/ansatt/automatisering",
                                "/ansatt/tilgangslogg",
                            ]
                        ))
                }
                for (role, web, starts) in all {
                    for form in try await Self.crawl(web, from: starts) where formsSeen.insert(form.key).inserted {
                        for field in form.fields where field.name != CSRF.field {
                            for nasty in Self.corpus {
                                sent += 1
                                let problem = try await Self.send(form, field: field, nasty: nasty, web: web)
                                if let problem {
                                    failures.append("\(role) \(form.key) [\(field.name)] \(nasty.label): \(problem)")
                                }
                            }
                        }
                    }
                }
                // act: the pages' path parameters (a kommune, a service, a case, a journal entry)
                for (role, web, _) in all {
                    for template in [
                        "/k/{}", "/k/5503/{}", "/k/5503/{}/soknad", "/k/5503/postjournal/{}/innsyn", "/ansatt/saker/{}",
                        "/katalog/{}", "/ansatt/tjenester/{}", "/mine-saker/{}", "/innboks/{}",
                    ] {
                        for nasty in Self.corpus where nasty.text.count < 3000 && !nasty.text.isEmpty {
                            sent += 1
                            let page = try await web.get(template.replacingOccurrences(of: "{}", with: nasty.form))
                            if page.status.code >= 500 {
                                failures.append("\(role) GET \(template) \(nasty.label): \(page.status.code)")
                            }
                        }
                    }
                }
                #expect(formsSeen.count >= 20, "the crawl found \(formsSeen.count) forms: \(formsSeen.sorted())")
                if ProcessInfo.processInfo.environment["CORPUS_DEBUG"] != nil {
                    print(
                        "corpus: \(sent) requests, \(formsSeen.count) forms:\n"
                            + formsSeen.sorted().joined(separator: "\n"))
                }

                // check
                #expect(
                    failures.isEmpty,
                    Comment(rawValue: "\(failures.count) of \(sent):\n" + failures.prefix(40).joined(separator: "\n")))
                try await JournalRegistrar(app: app).registerPending()
                guard case .success = try await ArchiveVerifier(db: app.db).verify() else {
                    Issue.record("the journal does not verify after the corpus")
                    return
                }
                #expect(try await Self.storedTextWithRefusedCharacters(app).isEmpty)
            }
        }

        // MARK: Pages

        /// Visits pages breadth-first from `starts` (links on this site, no logout, no downloads),
        /// up to a bound, and returns every form on them.
        static func crawl(_ web: WebClient, from starts: [String], limit: Int = 60) async throws -> [Form] {
            var queue = starts
            var seen: Set<String> = []
            var forms: [Form] = []
            var shapes: Set<String> = []
            while !queue.isEmpty, seen.count < limit {
                let path = queue.removeFirst()
                // One page of each shape: another case, entry or filter of a list has the same forms.
                let shape = String(path.split(separator: "?", maxSplits: 1).first ?? "").replacingOccurrences(
                    of: #"[0-9a-fA-F]{8}-[0-9a-fA-F-]{27}"#, with: "{id}", options: .regularExpression
                ).replacingOccurrences(of: #"/\d+(/|$)"#, with: "/{n}$1", options: .regularExpression)
                guard seen.insert(path).inserted, shapes.insert(shape).inserted else { continue }
                let page = try await web.get(path)
                guard page.status == .ok, page.headers.contentType == .html else { continue }
                forms += parseForms(page.body, page: path)
                for link in matches(##"href="(/[^"#]*)""##, in: page.body) {
                    let href = link.replacingOccurrences(of: "&amp;", with: "&")
                    if href.hasPrefix("/api") || href.hasPrefix("/assets") || href.contains(".csv")
                        || href.contains("/pakke") || href.hasPrefix("/sprak")
                    {
                        continue
                    }
                    queue.append(href)
                }
            }
            return forms
        }

        static func parseForms(_ html: String, page: String) -> [Form] {
            var out: [Form] = []
            for block in matches(#"(<form[^>]*>[\s\S]*?</form>)"#, in: html) {
                let open = matches(#"(<form[^>]*>)"#, in: block).first ?? ""
                let attrs = attributes(open)
                let method = (attrs["method"] ?? "get").uppercased()
                let action = (attrs["action"] ?? page).replacingOccurrences(of: "&amp;", with: "&")
                if action.contains("logg-ut") { continue }
                var fields: [Form.Field] = []
                var radios: Set<String> = []
                for tag in matches(#"(<input[^>]*>)"#, in: block) {
                    let a = attributes(tag)
                    guard let name = a["name"], !name.isEmpty else { continue }
                    let type = a["type"] ?? "text"
                    if type == "radio" {
                        if radios.insert(name).inserted {
                            fields.append(.init(name: name, value: a["value"] ?? "", typed: false))
                        }
                        continue
                    }
                    if type == "checkbox", a["checked"] == nil { continue }
                    if type == "submit" { continue }
                    fields.append(
                        .init(
                            name: name, value: unescape(a["value"] ?? ""),
                            typed: ["text", "email", "tel", "search"].contains(type)))
                }
                for m in matchGroups(#"<textarea([^>]*)>([\s\S]*?)</textarea>"#, in: block) {
                    if let name = attributes(m[0])["name"], !name.isEmpty {
                        fields.append(.init(name: name, value: unescape(m[1]), typed: true))
                    }
                }
                for m in matchGroups(#"<select([^>]*)>([\s\S]*?)</select>"#, in: block) {
                    guard let name = attributes(m[0])["name"] else { continue }
                    let chosen =
                        matchGroups(#"<option([^>]*)>"#, in: m[1]).map { attributes($0[0]) }
                        .first { $0["selected"] != nil }
                        ?? matchGroups(#"<option([^>]*)>"#, in: m[1]).map {
                            attributes($0[0])
                        }.first
                    fields.append(.init(name: name, value: chosen?["value"] ?? "", typed: false))
                }
                out.append(Form(method: method, action: action, fields: fields, page: page))
            }
            return out
        }

        /// Sends `form` with `field` set to `nasty`, the other fields as the page had them; returns
        /// what is wrong with the answer, or nil.
        static func send(_ form: Form, field: Form.Field, nasty: Nasty, web: WebClient) async throws -> String? {
            var parts: [String] = []
            for f in form.fields {
                let value =
                    f.name == CSRF.field
                    ? WebClient.percentEncode(web.csrf ?? f.value)
                    : (f == field ? nasty.form : WebClient.percentEncode(f.value))
                parts.append(WebClient.percentEncode(f.name) + "=" + value)
            }
            let body = parts.joined(separator: "&")
            let page: WebClient.Page
            if form.method == "GET" {
                let separator = form.action.contains("?") ? "&" : "?"
                page = try await web.send(.GET, form.action + separator + body, body: nil)
            } else {
                page = try await web.send(.POST, form.action, body: body)
            }
            if page.status.code >= 500 { return "\(page.status.code)" }
            guard page.status.code >= 400 else { return nil }
            // A refusal says what to do: a message at the field, or a page with a lead paragraph.
            guard
                page.body.contains("field-error") || page.body.contains(#"class="lead""#)
                    || page.body.contains("error-summary")
            else {
                return "\(page.status.code) without a message"
                    + (ProcessInfo.processInfo.environment["CORPUS_DEBUG"] != nil ? " " + page.body : "")
            }
            // A text field refused on a page that shows the form again shows what was typed
            // (refused characters as �); a refusal of the whole request (413, 403) has no form.
            if page.status == .unprocessableEntity, field.typed, nasty.text.count <= 1000,
                page.body.contains("field-error")
            {
                let shown = Node.escape(nasty.text.trimmingCharacters(in: .whitespacesAndNewlines))
                if !shown.isEmpty, !page.body.contains(shown) {
                    return "422 without what was typed"
                        + (ProcessInfo.processInfo.environment["CORPUS_DEBUG"] != nil ? " " + page.body : "")
                }
            }
            return nil
        }

        // MARK: API

        static func api(_ c: AppTests.PublicAPITests.Client, app: Application, sent: inout Int) async throws -> [String]
        {
            var failures: [String] = []
            let submit = "/api/v1/kommuner/5503/tjenester/skoleskyss/soknader"
            let answers: [String: String] = [
                "elevens_fnr": People.child, "elevens_navn": "Noah Prøvestad", "adresse.gate": "Storgata 1",
                "adresse.postnummer": "9405", "adresse.poststed": "Harstad", "skole": "kanebogen-skole", "trinn": "3",
                "avstand_km": "5,5", "farlig_skolevei": "nei", "helsebehov": "ja",
            ]
            func json(_ v: String) -> [UInt8] { Array(try! JSONEncoder().encode(v)) }
            func object(_ pairs: [(String, [UInt8])]) -> [UInt8] {
                var out: [UInt8] = Array("{".utf8)
                for (i, (k, v)) in pairs.enumerated() {
                    if i > 0 { out += Array(",".utf8) }
                    out += json(k) + Array(":".utf8) + v
                }
                return out + Array("}".utf8)
            }
            func check(_ what: String, _ page: WebClient.Page) {
                sent += 1
                if page.status.code >= 500 {
                    failures.append("API \(what): \(page.status.code)")
                } else if page.status.code >= 400, !page.body.contains("\"detail\""),
                    !page.body.contains("error_description")
                {
                    failures.append("API \(what): \(page.status.code) without a detail")
                }
            }
            var n = 0
            func post(_ path: String, _ body: [UInt8]) async throws -> WebClient.Page {
                n += 1
                var headers = HTTPHeaders()
                headers.add(name: .authorization, value: "Bearer \(c.token)")
                headers.add(name: "Idempotency-Key", value: "corpus-\(n)")
                return try await c.web.send(
                    .POST, path, bytes: body, contentType: "application/json", extraHeaders: headers)
            }
            // The application: the applicant, then each answer.
            for nasty in corpus {
                check(
                    "applicant \(nasty.label)",
                    try await post(
                        submit,
                        object([
                            ("applicant", nasty.json), ("answers", object(answers.map { ($0.key, json($0.value)) })),
                        ])))
                for key in answers.keys.sorted() {
                    var a = answers.map { ($0.key, json($0.value)) }
                    a.removeAll { $0.0 == key }
                    a.append((key, nasty.json))
                    check(
                        "answers.\(key) \(nasty.label)",
                        try await post(submit, object([("applicant", json(People.ola)), ("answers", object(a))])))
                }
            }
            // A decision: each property, on an open case (one that a valid value decides is
            // decided; later ones are then 409, which is an answer too).
            let made = try await post(
                submit,
                object([("applicant", json(People.ola)), ("answers", object(answers.map { ($0.key, json($0.value)) }))])
            )
            let caseID = try #require(
                matches(#""caseId"\s*:\s*"([^"]+)""#, in: made.body).first, "\(made.status) \(made.body)")
            _ = try #require(
                matches(#""caseId"\s*:\s*"([^"]+)""#, in: made.body).first
                    ?? matches(#""id"\s*:\s*"([^"]+)""#, in: made.body).first)
            let decide = "/api/v1/kommuner/5503/saker/\(caseID)/vedtak"
            let decision: [String: [UInt8]] = [
                "outcome": json("innvilget"), "reasons": json("Eleven har lang skolevei, over grensen."),
                "legalBasis": json("opplæringslova § 7-1"), "decidedBy": json("Saksbehandler"),
                "digitalOnly": Array("false".utf8),
            ]
            for nasty in corpus {
                for key in decision.keys.sorted() {
                    var d = decision
                    d[key] = nasty.json
                    check(
                        "decision.\(key) \(nasty.label)",
                        try await post(decide, object(d.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })))
                }
            }
            // Every path parameter of every operation, and the queries the API reads.
            var headers = HTTPHeaders()
            headers.add(name: .authorization, value: "Bearer \(c.token)")
            for (path, methods) in APIDocsController.methodsByPath() where methods.contains("GET") {
                let params = matches(#"\{([A-Za-z]+)\}"#, in: path)
                for param in params {
                    for nasty in corpus where nasty.text.count < 3000 {
                        var filled = path
                        for p in params {
                            let value =
                                p == param
                                ? nasty.form
                                : [
                                    "kommune": "5503", "service": "skoleskyss", "caseId": caseID,
                                    "documentId": UUID().uuidString,
                                ][p] ?? "x"
                            filled = filled.replacingOccurrences(of: "{\(p)}", with: value)
                        }
                        check(
                            "GET \(path) {\(param)} \(nasty.label)",
                            try await c.web.send(.GET, "/api/v1" + filled, body: nil, extraHeaders: headers))
                    }
                }
            }
            for nasty in corpus where nasty.text.count < 3000 {
                for query in ["status", "service", "after", "limit"] {
                    check(
                        "GET saker?\(query) \(nasty.label)",
                        try await c.web.send(
                            .GET, "/api/v1/kommuner/5503/saker?\(query)=\(nasty.form)", body: nil, extraHeaders: headers
                        ))
                }
            }
            return failures
        }

        // MARK: Afterwards

        /// Stored texts people typed that hold a character `PlainText` refuses (line breaks and
        /// tabs are allowed: multi-line text).
        static func storedTextWithRefusedCharacters(_ app: Application) async throws -> [String] {
            var out: [String] = []
            let columns: [(String, [String])] = [
                (CaseRecord.schema, ["answers"]),
                (DecisionRecord.schema, ["reasons", "legal_basis", "decided_by_name"]),
                ("journal_entries", ["title", "public_title"]), ("report_notes", ["text"]),
            ]
            for (table, names) in columns {
                for row in try await app.db.sql.select().columns(names.map { SQLIdentifier($0) }).from(table).all() {
                    for name in names {
                        guard let text = try? row.decode(column: name, as: String.self) else { continue }
                        // answers are JSON: read the values, whose escapes are the characters stored
                        let values =
                            name == "answers"
                            ? ((try? JSONDecoder().decode([String: String].self, from: Data(text.utf8)))?.values.map {
                                $0
                            } ?? [text])
                            : [text]
                        for v in values {
                            if let c = PlainText.refused(in: v, multiline: true) {
                                out.append("\(table).\(name): \(PlainText.describe(c))")
                            }
                        }
                    }
                }
            }
            return out
        }

        // MARK: HTML

        static func attributes(_ tag: String) -> [String: String] {
            var out: [String: String] = [:]
            for m in matchGroups(#"([a-zA-Z-]+)(?:="([^"]*)")?"#, in: tag) { out[m[0]] = m.count > 1 ? m[1] : "" }
            return out
        }

        static func unescape(_ s: String) -> String {
            s.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
                .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&amp;", with: "&")
        }

        static func matches(_ pattern: String, in text: String) -> [String] {
            matchGroups(pattern, in: text).compactMap(\.first)
        }

        static func matchGroups(_ pattern: String, in text: String) -> [[String]] {
            let re = try! NSRegularExpression(pattern: pattern)
            let ns = text as NSString
            return re.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { m in
                (1..<max(m.numberOfRanges, 2)).map { i in
                    i < m.numberOfRanges && m.range(at: i).location != NSNotFound
                        ? ns.substring(with: m.range(at: i)) : ""
                }
            }
        }
    }
}
