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
        try req.requireStaff(
            \.mayManageSettings,
            otherwise: LocalizedText(
                nb: "Bare leder eller administrator kan styre kommunens tjenester.",
                en: "Only a leader or an administrator can manage the municipality's services.",
                nn: "Berre leiar eller administrator kan styre tenestene til kommunen."))
    }

    static func serviceID(_ req: Request) -> String { req.parameters.get("service") ?? "" }

    @Sendable static func page(req: Request) async throws -> Page {
        let staff = try requireManager(req)
        return Services.view(
            try await Services.Model.query(staff: staff, on: req.db), message: req.query[String.self, at: "melding"],
            ctx: req.pageContext(area: .staff))
    }

    @Sendable static func adopt(req: Request) async throws -> Response {
        let staff = try requireManager(req)
        _ = try await CatalogService(req: req).adopt(
            serviceID(req), kommune: staff.municipality, actor: staff.signature)
        req.logger.info(
            "service adopted",
            metadata: ["service": .string(serviceID(req)), "kommune": .string(staff.municipality.number)])
        return req.redirect(
            to: SiteURL.staffService(serviceID(req), message: "tatt-i-bruk").path, redirectType: .normal)
    }

    struct LocalForm: Content {
        var kontakt: String?
        var signatur: String?
        var retningslinjer: String?
        /// `valg[<field id>]`: one choice per line.
        var valg: [String: String]?
        /// `ja`: the two-person check for this service's decisions.
        var totrinn: String?
        /// An external meeting link template (issue 22).
        var motelenke: String?
        /// The kommune's own gebyrregulativ, a DMN file (issue 24).
        var gebyr: String?
    }

    /// One service: what the kommune has set for itself, and a newer version's changes.
    @Sendable static func service(req: Request) async throws -> Page {
        let staff = try requireManager(req)
        return try await render(req, staff: staff, form: nil, problems: [:])
    }

    static func render(_ req: Request, staff: StaffContext, form: LocalForm?, problems: [String: String]) async throws
        -> Page
    {
        let model = try await ServiceSettings.Model.query(
            id: serviceID(req), staff: staff, services: req.services, on: req.db)
        let values = form.map {
            ServiceSettings.FormValues(
                contact: $0.kontakt, signature: $0.signatur, criteria: $0.retningslinjer, choices: $0.valg,
                twoPersonCheck: $0.totrinn == "ja", meetingLink: $0.motelenke, feeRules: $0.gebyr)
        }
        return ServiceSettings.view(
            model, form: values, problems: problems, message: req.query[String.self, at: "melding"],
            ctx: req.pageContext(area: .staff))
    }

    @Sendable static func saveLocal(req: Request) async throws -> Response {
        let staff = try requireManager(req)
        let id = serviceID(req)
        let form = try req.form(LocalForm.self)
        guard let current = try await req.services.offered(municipalityID: staff.municipality.id, id: id, on: req.db)
        else {
            throw RadhusError.localized(
                .notFound,
                LocalizedText(
                    nb: "\(staff.municipality.name) bruker ikke denne tjenesten.",
                    en: "\(staff.municipality.name) does not use this service.",
                    nn: "\(staff.municipality.name) bruker ikkje denne tenesta."))
        }
        func clean(_ s: String?) -> String? {
            let t = (s ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            return t.isEmpty ? nil : t
        }
        let t = req.strings
        var problems: [String: String] = [:]
        let contact = clean(form.kontakt)
        let signature = clean(form.signatur)
        let criteria = clean(form.retningslinjer)
        if (contact?.count ?? 0) > 300 { problems["kontakt"] = t.atMostCharacters(t.serviceContact, 300) }
        if (signature?.count ?? 0) > 200 { problems["signatur"] = t.atMostCharacters(t.letterSignature, 200) }
        let meetingLink = clean(form.motelenke)
        if let link = meetingLink, !ServiceDefinition.LocalParts.isMeetingLink(link) {
            problems["motelenke"] = t.meetingLinkFormat
        }
        // The kommune's own fee table: compiled like the publisher's, with the same decision and
        // inputs; the publisher's own text (unchanged) is not stored as the kommune's.
        var feeRules = clean(form.gebyr)
        if let fee = current.fee, let text = feeRules {
            let publisherText = try await ServicePackageRecord.query(on: req.db).filter(\.$serviceID == id)
                .filter(\.$version == current.version).first()?.files[fee.file]
            if text.utf8.count > 200_000 {
                problems["gebyr"] = t.atMostCharacters(BuildingTexts.feeTable[t.lang], 200_000)
            } else if text == publisherText?.trimmingCharacters(in: .whitespacesAndNewlines) {
                feeRules = nil
            } else {
                do {
                    _ = try ServiceRules(binding: fee.binding.asRules, data: Data(text.utf8), file: fee.file)
                } catch {
                    problems["gebyr"] = BuildingTexts.feeTableInvalid("\(error)", t.lang)
                }
            }
        } else {
            feeRules = nil
        }
        if (criteria?.count ?? 0) > 4000 {
            problems["retningslinjer"] = t.atMostCharacters(t.localGuidelinesShort, 4000)
        }
        var options: [String: [FieldDefinition.Option]] = [:]
        // The publisher's own definition (without the kommune's parts): its options' values stay
        // the values of the same choices in the kommune's list.
        let published = try await req.services.entry(id, version: current.version, on: req.db)?.definition
        for f in current.fields where f.type == .choice {
            let labels = (form.valg?[f.id] ?? "").split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !labels.isEmpty else { continue }
            let known = (published?.field(f.id)?.options ?? []) + (f.options ?? [])
            let values = labels.map { Self.value(of: $0, among: known) }
            let kept = Set(values)
            let needed = (published ?? current).comparedValues(of: f.id).filter { !kept.contains($0) }.sorted()
            if labels.count > 200 || labels.contains(where: { $0.count > 120 }) {
                problems["valg-\(f.id)"] = t.choicesTooMany
            } else if Set(values).count != values.count || values.contains("") {
                problems["valg-\(f.id)"] = t.choicesNotDistinct
            } else if !needed.isEmpty {
                problems["valg-\(f.id)"] = t.choicesNeeded(
                    needed.map { v in known.first { $0.value == v }?.label.nb ?? v })
            } else {
                // A choice the publisher has keeps its nynorsk and English names.
                options[f.id] = zip(values, labels).map { value, label in
                    let same = known.first { $0.value == value && $0.label.nb == label }
                    return FieldDefinition.Option(value: value, label: same?.label ?? LocalizedText(nb: label))
                }
            }
        }
        if !problems.isEmpty {
            return try await render(req, staff: staff, form: form, problems: problems).encodeResponse(for: req)
        }
        try await CatalogService(req: req).setLocalParts(
            id,
            .init(
                contact: contact, signature: signature, criteria: criteria, options: options.isEmpty ? nil : options,
                twoPersonCheck: form.totrinn == "ja" ? true : nil, meetingLink: meetingLink, feeRules: feeRules),
            kommune: staff.municipality, actor: staff.signature)
        return req.redirect(to: SiteURL.staffService(id, message: "lagret").path, redirectType: .normal)
    }

    /// The stored value of a choice in a kommune's list: the value the publisher (or the kommune's
    /// list before) gave the same label, so the service's conditions, letters and rules still
    /// recognise it («1 år» keeps the value `1`); else made from the label.
    static func value(of label: String, among known: [FieldDefinition.Option]) -> String {
        let wanted = label.lowercased()
        for option in known where Language.allCases.contains(where: { option.label[$0].lowercased() == wanted }) {
            return option.value
        }
        return slug(label)
    }

    /// A choice's stored value: lower-case ASCII letters, digits and hyphens (æøå spelled out).
    static func slug(_ label: String) -> String {
        let spelled = label.lowercased().replacingOccurrences(of: "æ", with: "ae").replacingOccurrences(
            of: "ø", with: "o"
        )
        .replacingOccurrences(of: "å", with: "a")
        let folded = spelled.folding(options: .diacriticInsensitive, locale: nil)
        return folded.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? String($0) : "-" }.joined()
            .split(separator: "-").joined(separator: "-")
    }

    @Sendable static func upgrade(req: Request) async throws -> Response {
        let staff = try requireManager(req)
        guard let version = req.formInput.values["versjon"].flatMap({ Int($0) }) else {
            throw RadhusError.localized(
                .badRequest,
                LocalizedText(
                    nb: "Velg versjonen du vil oppgradere til.", en: "Choose the version to upgrade to.",
                    nn: "Vel versjonen du vil oppgradere til."))
        }
        try await CatalogService(req: req).upgrade(
            serviceID(req), to: version, kommune: staff.municipality, actor: staff.signature)
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
        guard
            let latest = try await ServicePackageRecord.query(on: req.db).filter(\.$serviceID == id).sort(
                \.$version, .descending
            ).first()
        else {
            throw RadhusError.localized(
                .notFound,
                ErrorMessages.notInCatalogue(id))
        }
        let files = latest.files
        let ruleFile = files.keys.filter { $0 != "service.yaml" }.sorted().first
        return try await renderPublish(
            req, staff: staff, id: id, next: latest.version + 1,
            form: PublishForm(
                tjeneste: files["service.yaml"], regelfil: ruleFile,
                regler: ruleFile.flatMap { files[$0] }, endringer: ""), problems: [])
    }

    static func renderPublish(
        _ req: Request, staff: StaffContext, id: String, next: Int, form: PublishForm, problems: [String]
    ) async throws -> Page {
        let values = PublishVersion.FormValues(
            service: form.tjeneste ?? "", ruleFile: form.regelfil, rules: form.regler ?? "",
            changes: form.endringer ?? "")
        return PublishVersion.view(
            id: id, next: next, form: values, problems: problems, ctx: req.pageContext(area: .staff))
    }

    @Sendable static func publish(req: Request) async throws -> Response {
        let staff = try requireManager(req)
        let id = serviceID(req)
        let form = try req.form(PublishForm.self)
        var files = ["service.yaml": (form.tjeneste ?? "").replacingOccurrences(of: "\r\n", with: "\n")]
        if let rule = form.regelfil, !rule.isEmpty {
            files[rule] = (form.regler ?? "").replacingOccurrences(of: "\r\n", with: "\n")
        }
        let result = try await CatalogService(req: req).publish(
            files: files, changes: form.endringer ?? "", by: staff.municipality, expectedID: id)
        switch result {
        case .published:
            return req.redirect(to: SiteURL.staffService(id, message: "lagret").path, redirectType: .normal)
        case .invalid(let problems):
            let latest = try await ServicePackageRecord.query(on: req.db).filter(\.$serviceID == id).sort(
                \.$version, .descending
            ).first()
            return try await renderPublish(
                req, staff: staff, id: id, next: (latest?.version ?? 0) + 1, form: form, problems: problems
            )
            .encodeResponse(for: req)
        }
    }
}
