import Fluent
import Foundation
import RadhusCore
import Vapor

/// `/ansatt/tjenester`: the kommune's services from the shared catalogue. Adopt a service in
/// one step, set the kommune's own parts (contact, letter signature, local guidelines, its own
/// choices) without forking the rest, see what a new version changes and upgrade, and — for
/// the services the kommune publishes — publish a new version. For the leader and the admin.
enum ServicesController {
    static func requireManager(_ req: Request) throws -> StaffContext {
        try req.requireStaff(\.mayManageSettings, otherwise: "Bare leder eller administrator kan styre kommunens tjenester.")
    }

    static func serviceID(_ req: Request) -> String { req.parameters.get("service") ?? "" }

    @Sendable static func page(req: Request) async throws -> Page {
        let staff = try requireManager(req)
        let listings = try await CatalogController.listings(on: req.db)
        let adoptions = Dictionary(try await staff.scope.query(ServiceAdoption.self, on: req.db).all().map { ($0.serviceID, $0) },
                                   uniquingKeysWith: { a, _ in a })
        let ctx = req.pageContext(area: .staff)
        let message = req.query[String.self, at: "melding"]
        return Layout.page(ctx, title: ["Tjenester"]) {
            if let message {
                el("div", .cls("panel-success"), .attr("role", "status")) { el("p") { message == "tatt-i-bruk" ? "Tjenesten er tatt i bruk. Innbyggerne kan søke nå." : "Endringen er lagret." } }
            }
            el("h1") { "Tjenester i \(staff.municipality.name)" }
            el("p") {
                "Tjenestene kommer fra den felles "
                el("a", .href(SiteURL.catalog.path)) { "tjenestekatalogen" }
                ". Kommunen setter sine egne deler (kontakt, signatur, lokale retningslinjer og egne valg), resten følger utgiveren."
            }
            el("h2") { "I bruk" }
            el("ul", .cls("card-list")) {
                for l in listings {
                    if let a = adoptions[l.id] {
                        el("li", .cls("card")) {
                            el("h3", .cls("card-title")) { el("a", .href(SiteURL.staffService(l.id).path)) { l.title } }
                            el("p") { "Versjon \(a.version), utgitt av \(l.publisher)." }
                            if l.latest.version > a.version {
                                el("p") { el("strong", .cls("tag")) { "Ny versjon \(l.latest.version)" }; " Se hva som er endret, og oppgrader på tjenestens side." }
                            }
                        }
                    }
                }
            }
            el("h2") { "Tilgjengelig i katalogen" }
            el("ul", .cls("card-list")) {
                for l in listings where adoptions[l.id] == nil {
                    el("li", .cls("card")) {
                        el("h3", .cls("card-title")) { l.title }
                        el("p") { "Versjon \(l.latest.version), utgitt av \(l.publisher). Brukes av \(l.users.count) kommune\(l.users.count == 1 ? "" : "r")." }
                        el("form", .attr("method", "post"), .attr("action", SiteURL.adopt(service: l.id).path), .cls("inline-form")) {
                            Layout.csrfField(ctx.csrf)
                            el("button", .type("submit"), .cls("button")) { el("span") { "Ta i bruk" }; el("span", .cls("visually-hidden")) { " \(l.title)" } }
                        }
                    }
                }
            }
        }
    }

    @Sendable static func adopt(req: Request) async throws -> Response {
        let staff = try requireManager(req)
        _ = try await CatalogService(req: req).adopt(serviceID(req), kommune: staff.municipality, actor: staff.signature)
        req.logger.info("service adopted", metadata: ["service": .string(serviceID(req)), "kommune": .string(staff.municipality.number)])
        return req.redirect(to: SiteURL.staffService(serviceID(req), message: "tatt-i-bruk").path, redirectType: .normal)
    }

    struct LocalForm: Content {
        var kontakt: String?
        var signatur: String?
        var retningslinjer: String?
        /// `valg[<field id>]`: one choice per line.
        var valg: [String: String]?
    }

    /// One service: what the kommune has set for itself, and a newer version's changes.
    @Sendable static func service(req: Request) async throws -> Page {
        let staff = try requireManager(req)
        return try await render(req, staff: staff, form: nil, problems: [:])
    }

    static func render(_ req: Request, staff: StaffContext, form: LocalForm?, problems: [String: String]) async throws -> Page {
        let id = serviceID(req)
        guard let adoption = try await staff.scope.query(ServiceAdoption.self, on: req.db).filter(\.$serviceID == id).first(),
              let current = try await req.services.offered(municipalityID: staff.municipality.id, id: id, on: req.db),
              let listing = try await CatalogController.listings(on: req.db).first(where: { $0.id == id }) else {
            throw RadhusError.notFound("\(staff.municipality.name) bruker ikke denne tjenesten. Ta den i bruk fra tjenestelisten.")
        }
        let local = current.local ?? .init()
        let newer = listing.versions.filter { $0.version > adoption.version }
        let usedFiles = listing.versions.first { $0.version == adoption.version }?.files ?? [:]
        let ctx = req.pageContext(area: .staff)
        let message = req.query[String.self, at: "melding"]
        let choiceFields = current.fields.filter { $0.type == .choice }
        let cal = NorwegianCalendar()
        return Layout.page(ctx, title: [current.title.nb, "Tjenester"], status: problems.isEmpty ? .ok : .unprocessableEntity) {
            if !problems.isEmpty {
                Layout.errorSummary(fieldProblems: problems)
            }
            if let message {
                el("div", .cls("panel-success"), .attr("role", "status")) {
                    el("p") {
                        switch message {
                        case "tatt-i-bruk": "Tjenesten er tatt i bruk. Innbyggerne kan søke nå; sett gjerne kommunens egne deler under."
                        case "oppgradert": "Tjenesten er oppgradert. Kommunens egne deler er beholdt. Saker som alt er sendt inn, behandles etter versjonen de ble sendt under."
                        default: "Endringene er lagret."
                        }
                    }
                }
            }
            el("p") { el("a", .href(SiteURL.services.path)) { "Alle tjenester" } }
            el("h1") { current.title.nb }
            el("p") { "Versjon \(adoption.version), utgitt av \(listing.publisher). Søknadsside: "; el("a", .href(SiteURL.service(kommune: staff.municipality.number, service: id).path)) { SiteURL.service(kommune: staff.municipality.number, service: id).path } }
            for v in newer.reversed() {
                el("section", .cls("card"), .attr("aria-labelledby", "ny-\(v.version)")) {
                    el("h2", .id("ny-\(v.version)")) { "Ny versjon \(v.version) fra \(v.publisherName)" }
                    el("p") { "Utgitt \(cal.norwegianDate(v.publishedAt)): \(v.changes)" }
                    for name in Set(usedFiles.keys).union(v.files.keys).sorted() {
                        let hunks = LineDiff.hunks(usedFiles[name] ?? "", v.files[name] ?? "")
                        if !hunks.isEmpty {
                            el("h3") { "Endringer i \(name)" }
                            for h in hunks { diffTable(h, file: name) }
                        }
                    }
                    el("form", .attr("method", "post"), .attr("action", SiteURL.serviceUpgrade(service: id).path), .cls("inline-form")) {
                        Layout.csrfField(ctx.csrf)
                        void("input", .type("hidden"), .name("versjon"), .value(String(v.version)))
                        el("button", .type("submit"), .cls("button")) { "Oppgrader til versjon \(v.version)" }
                    }
                }
            }
            el("h2") { "Kommunens egne deler" }
            el("form", .attr("method", "post"), .attr("action", SiteURL.serviceLocal(service: id).path), .attr("novalidate", ""), .cls("card")) {
                Layout.csrfField(ctx.csrf)
                FormView.textInput(id: "kontakt", label: "Kontakt om tjenesten", hint: "Vises på søknadssiden og nederst i brevene, for eksempel «Oppvekst, tlf. 38 07 50 00».",
                                   value: form?.kontakt ?? local.contact ?? "", error: problems["kontakt"], type: "text")
                FormView.textInput(id: "signatur", label: "Signatur i brevene", hint: "Står over kommunens navn under «Med vennlig hilsen», for eksempel «Skoleskyssteamet».",
                                   value: form?.signatur ?? local.signature ?? "", error: problems["signatur"], type: "text")
                FormView.textArea(id: "retningslinjer", label: "Lokale retningslinjer (valgfritt)",
                                  hint: "Vises for søkerne og saksbehandlerne, for eksempel kommunens egne kriterier for farlig skolevei.",
                                  value: form?.retningslinjer ?? local.criteria ?? "", error: problems["retningslinjer"])
                for f in choiceFields {
                    FormView.textArea(id: "valg-\(f.id)", name: "valg[\(f.id)]", label: "Kommunens valg for «\(f.label.nb)»",
                                      hint: "Ett valg per linje. La feltet stå tomt for å bruke utgiverens liste.",
                                      value: form?.valg?[f.id] ?? (local.options?[f.id] ?? []).map(\.label.nb).joined(separator: "\n"),
                                      error: problems["valg-\(f.id)"], rows: 5)
                }
                el("button", .type("submit"), .cls("button")) { "Lagre kommunens deler" }
            }
            if listing.versions.last?.publisherID == staff.municipality.id {
                el("h2") { "Gi ut en ny versjon" }
                el("p") { el("a", .href(SiteURL.servicePublish(service: id).path)) { "Gi ut versjon \(listing.latest.version + 1) av \(current.title.nb)" } }
            }
        }
    }

    static func diffTable(_ h: LineDiff.Hunk, file: String) -> Node {
        el("div", .cls("table-wrap"), .attr("tabindex", "0"), .attr("role", "region"), .attr("aria-label", "Endringer i \(file) fra linje \(h.oldStart)")) {
            el("table", .cls("diff")) {
                el("thead") { el("tr") { el("th", .attr("scope", "col")) { "Endring" }; el("th", .attr("scope", "col")) { "Linje" } } }
                el("tbody") {
                    for line in h.lines {
                        switch line {
                        case .same(let text): el("tr") { el("td") { "" }; el("td") { el("code") { text } } }
                        case .removed(let text): el("tr", .cls("diff-removed")) { el("td") { "Fjernet" }; el("td") { el("del") { el("code") { text } } } }
                        case .added(let text): el("tr", .cls("diff-added")) { el("td") { "Lagt til" }; el("td") { el("ins") { el("code") { text } } } }
                        }
                    }
                }
            }
        }
    }

    @Sendable static func saveLocal(req: Request) async throws -> Response {
        let staff = try requireManager(req)
        let id = serviceID(req)
        let form = (try? req.content.decode(LocalForm.self)) ?? LocalForm()
        guard let current = try await req.services.offered(municipalityID: staff.municipality.id, id: id, on: req.db) else {
            throw RadhusError.notFound("\(staff.municipality.name) bruker ikke denne tjenesten.")
        }
        func clean(_ s: String?) -> String? {
            let t = (s ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            return t.isEmpty ? nil : t
        }
        var problems: [String: String] = [:]
        let contact = clean(form.kontakt), signature = clean(form.signatur), criteria = clean(form.retningslinjer)
        if (contact?.count ?? 0) > 300 { problems["kontakt"] = "Kontakten kan ha høyst 300 tegn" }
        if (signature?.count ?? 0) > 200 { problems["signatur"] = "Signaturen kan ha høyst 200 tegn" }
        if (criteria?.count ?? 0) > 4000 { problems["retningslinjer"] = "Retningslinjene kan ha høyst 4000 tegn" }
        var options: [String: [FieldDefinition.Option]] = [:]
        for f in current.fields where f.type == .choice {
            let labels = (form.valg?[f.id] ?? "").split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !labels.isEmpty else { continue }
            let values = labels.map(slug)
            if labels.count > 200 || labels.contains(where: { $0.count > 120 }) {
                problems["valg-\(f.id)"] = "Høyst 200 valg, hvert på høyst 120 tegn"
            } else if Set(values).count != values.count || values.contains("") {
                problems["valg-\(f.id)"] = "Hvert valg må ha sitt eget navn (to linjer er like, eller en linje har bare tegn)"
            } else {
                options[f.id] = zip(values, labels).map { FieldDefinition.Option(value: $0, label: LocalizedText(nb: $1)) }
            }
        }
        if !problems.isEmpty {
            return try await render(req, staff: staff, form: form, problems: problems).encodeResponse(for: req)
        }
        try await CatalogService(req: req).setLocalParts(
            id, .init(contact: contact, signature: signature, criteria: criteria, options: options.isEmpty ? nil : options),
            kommune: staff.municipality, actor: staff.signature)
        return req.redirect(to: SiteURL.staffService(id, message: "lagret").path, redirectType: .normal)
    }

    /// A choice's stored value: lower-case ASCII letters, digits and hyphens (æøå spelled out).
    static func slug(_ label: String) -> String {
        let spelled = label.lowercased().replacingOccurrences(of: "æ", with: "ae").replacingOccurrences(of: "ø", with: "o")
            .replacingOccurrences(of: "å", with: "a")
        let folded = spelled.folding(options: .diacriticInsensitive, locale: nil)
        return folded.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? String($0) : "-" }.joined()
            .split(separator: "-").joined(separator: "-")
    }

    struct UpgradeForm: Content { var versjon: Int? }

    @Sendable static func upgrade(req: Request) async throws -> Response {
        let staff = try requireManager(req)
        guard let version = (try? req.content.decode(UpgradeForm.self))?.versjon else {
            throw RadhusError.badRequest("Velg versjonen du vil oppgradere til.")
        }
        try await CatalogService(req: req).upgrade(serviceID(req), to: version, kommune: staff.municipality, actor: staff.signature)
        return req.redirect(to: SiteURL.staffService(serviceID(req), message: "oppgradert").path, redirectType: .normal)
    }

    // MARK: Publishing

    struct PublishForm: Content {
        var tjeneste: String?
        var regelfil: String?
        var regler: String?
        var endringer: String?
    }

    @Sendable static func publishForm(req: Request) async throws -> Page {
        let staff = try requireManager(req)
        let id = serviceID(req)
        guard let latest = try await ServicePackageRecord.query(on: req.db).filter(\.$serviceID == id).sort(\.$version, .descending).first() else {
            throw RadhusError.notFound("Katalogen har ingen tjeneste som heter «\(id)».")
        }
        let files = latest.files
        let ruleFile = files.keys.filter { $0 != "service.yaml" }.sorted().first
        return try await renderPublish(req, staff: staff, id: id, next: latest.version + 1,
                                       form: PublishForm(tjeneste: files["service.yaml"], regelfil: ruleFile,
                                                         regler: ruleFile.flatMap { files[$0] }, endringer: ""), problems: [])
    }

    static func renderPublish(_ req: Request, staff: StaffContext, id: String, next: Int, form: PublishForm, problems: [String]) async throws -> Page {
        let ctx = req.pageContext(area: .staff)
        return Layout.page(ctx, title: ["Ny versjon", "Tjenester"], status: problems.isEmpty ? .ok : .unprocessableEntity) {
            if !problems.isEmpty {
                el("div", .cls("error-summary"), .attr("role", "alert"), .attr("tabindex", "-1"), .id("feil")) {
                    el("h2", .cls("error-summary-title")) { "Versjonen kan ikke gis ut ennå" }
                    el("ul") { for p in problems { el("li") { el("a", .href("#tjeneste")) { p } } } }
                }
            }
            el("p") { el("a", .href(SiteURL.staffService(id).path)) { "Tilbake til tjenesten" } }
            el("h1") { "Gi ut versjon \(next) av \(id)" }
            el("p") { "Kommunene som bruker tjenesten, får tilbud om å oppgradere og ser hva som er endret. Saker som alt er sendt inn, behandles etter versjonen de ble sendt under." }
            el("form", .attr("method", "post"), .attr("action", SiteURL.servicePublish(service: id).path), .attr("novalidate", ""), .cls("card")) {
                Layout.csrfField(ctx.csrf)
                FormView.textArea(id: "tjeneste", label: "service.yaml", hint: "Skjema, utfall og brev, frist, hjemmel og arkivklasse. Sett «version: \(next)».",
                                  value: form.tjeneste ?? "", error: nil, rows: 20, extra: [.attr("spellcheck", "false")])
                if let rule = form.regelfil {
                    void("input", .type("hidden"), .name("regelfil"), .value(rule))
                    FormView.textArea(id: "regler", label: rule, hint: "Reglene (DMN 1.3).", value: form.regler ?? "", error: nil, rows: 12,
                                      extra: [.attr("spellcheck", "false")])
                }
                FormView.textArea(id: "endringer", label: "Hva er endret", hint: "Kommunene leser dette før de oppgraderer.",
                                  value: form.endringer ?? "", error: nil, rows: 3)
                el("button", .type("submit"), .cls("button")) { "Gi ut versjon \(next)" }
            }
        }
    }

    @Sendable static func publish(req: Request) async throws -> Response {
        let staff = try requireManager(req)
        let id = serviceID(req)
        let form = (try? req.content.decode(PublishForm.self)) ?? PublishForm()
        var files = ["service.yaml": (form.tjeneste ?? "").replacingOccurrences(of: "\r\n", with: "\n")]
        if let rule = form.regelfil, !rule.isEmpty { files[rule] = (form.regler ?? "").replacingOccurrences(of: "\r\n", with: "\n") }
        let result = try await CatalogService(req: req).publish(files: files, changes: form.endringer ?? "", by: staff.municipality, expectedID: id)
        switch result {
        case .published:
            return req.redirect(to: SiteURL.staffService(id, message: "lagret").path, redirectType: .normal)
        case .invalid(let problems):
            let latest = try await ServicePackageRecord.query(on: req.db).filter(\.$serviceID == id).sort(\.$version, .descending).first()
            return try await renderPublish(req, staff: staff, id: id, next: (latest?.version ?? 0) + 1, form: form, problems: problems)
                .encodeResponse(for: req)
        }
    }
}
