import Fluent
import Foundation
import RadhusCore
import SQLKit

/// Letters to the people a case concerns who did not apply (issue 24: nabovarsel, plan- og
/// bygningsloven § 21-3), as a general capability of the service format (`thirdParties`). Each
/// listed person gets a letter on the dispatch path — their inbox and an e-mail notice where
/// they are digital, paper to the address the applicant gave otherwise — with a personal link
/// (only its SHA-256 is kept) to read the application and its documents and comment until the
/// comment deadline, without an account. A comment is an inbound document of the case
/// (journaled I), shown to the caseworker and the applicant, who may answer it.
enum ThirdPartyNotices {
    struct Listed: Sendable, Equatable {
        var position: Int
        var name: String
        var fnr: String
        var address: String
    }

    /// The people the application lists, in its order.
    static func listed(_ t: ServiceDefinition.ThirdParties, answers: [String: String]) -> [Listed] {
        let count = answers[t.field].flatMap(Int.init) ?? 0
        return (0..<count).compactMap { i in
            let at = { (q: String) in (answers["\(t.field).\(i).\(q)"] ?? "").trimmingCharacters(in: .whitespaces) }
            let fnr = at(t.personField)
            guard !fnr.isEmpty else { return nil }
            return Listed(position: i + 1, name: at(t.nameField), fnr: fnr, address: at(t.addressField))
        }
    }

    /// Sends the notices of a new case, in the submission's transaction. Returns how many.
    @discardableResult
    static func notify(
        _ c: CaseChecks.CaseRef, service: ServiceDefinition, municipality m: Municipality.Snapshot,
        config: RadhusConfig?, now: Date, on tx: any Database
    ) async throws -> Int {
        guard let t = service.thirdParties else { return 0 }
        let people = listed(t, answers: c.answers)
        guard !people.isEmpty else { return 0 }
        let cal = NorwegianCalendar()
        // The deadline runs to the end of its day, moved past a weekend or holiday.
        let day = cal.workingDay(onOrAfter: cal.addingCalendarDays(t.commentDays, to: cal.startOfDay(now)))
        let due = cal.endOfDay(day)
        for p in people {
            let token = APIClients.randomToken(bytes: 32)
            let link = config?.absoluteURL(SiteURL.thirdParty(token).path) ?? SiteURL.thirdParty(token).path
            let recipient = try await CaseLetters.recipient(p.fnr, on: tx.sql)
            let lang = recipient.language
            var display = service.letterDisplay(answers: c.answers, kommune: m.number, language: lang)
            let extra = [
                "mottaker": p.name, "lenke": link, "frist": cal.norwegianDate(day),
                "tiltak": service.field("tiltakstype").flatMap { f in
                    c.answers[f.id].flatMap { v in f.options?.first { $0.value == v }?.label[lang].lowercasedFirst }
                } ?? service.title[lang].lowercasedFirst,
            ]
            display.merge(extra) { _, new in new }
            var raw = c.answers
            raw.merge(extra) { _, new in new }
            var values = LetterTemplate.Values(display: display, raw: raw)
            values.language = lang
            let letter = t.letter.render(language: lang, values: values)
            let letterID = UUID()
            let notice = ThirdPartyNotice()
            notice.id = UUID()
            notice.municipalityID = m.id
            notice.caseID = c.id
            notice.position = p.position
            notice.name = p.name
            notice.fnr = p.fnr
            notice.address = p.address
            notice.tokenSHA256 = APIClients.digest(token)
            notice.commentDue = due
            notice.createdAt = now
            // The notice first: the dispatcher finds its envelope by the letter.
            notice.letterID = letterID
            try await notice.create(on: tx)
            try await CaseLetters.send(
                id: letterID, case: c.id, municipality: m.id, recipient: p.fnr, title: letter.title,
                body: letter.body + "\n\n" + LetterTexts.pick(lang, nb: "Med hilsen", nn: "Med helsing") + "\n"
                    + m.name,
                digitalOnly: false, now: now, on: tx)
        }
        // The event names no neighbour: the feed and the API carry it.
        try await CaseLedger.append(
            .thirdPartiesNotified, case: c.id, municipality: m.id, at: now, actor: "system",
            detail: "\(people.count) (\(t.basis))", on: tx)
        return people.count
    }

    /// The notice a link opens, while the case is open to comments or decided (then to read).
    static func find(token: String, on db: any Database) async throws -> ThirdPartyNotice? {
        guard token.count >= 20, token.count <= 100 else { return nil }
        return try await ThirdPartyNotice.query(on: db).filter(\.$tokenSHA256 == APIClients.digest(token)).first()
    }

    /// The envelope of a letter to a third party: the address the applicant gave, one line per
    /// comma-separated part, under the person's name. Nil for any other letter.
    static func envelope(letterID: UUID, on db: any Database) async throws -> [String]? {
        guard let n = try await ThirdPartyNotice.query(on: db).filter(\.$letterID == letterID).first() else {
            return nil
        }
        return [n.name]
            + n.address.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }
}

extension ThirdPartyNotices {
    /// A third party's comment through their link: an inbound document of the case (journaled
    /// I), marked for the caseworker; the statutory deadline is set again (a neighbour's
    /// objection may lengthen it). One comment per notice: a second is refused with a sentence.
    static func comment(
        noticeID: UUID, text: String, services: ServiceRegistry, policy: IdentityPolicy, clock: any Clock,
        writer: WriteCoordinator, on db: any Database
    ) async throws {
        try await writer.write(on: db) { tx in
            guard let notice = try await ThirdPartyNotice.query(on: tx).filter(\.$id == noticeID).first() else {
                throw RadhusError.localized(.notFound, ErrorMessages.thirdPartyLinkUnknown)
            }
            try await CaseLedger.lock(notice.caseID, on: tx)
            let now = clock.now()
            guard now <= notice.commentDue else {
                throw RadhusError.localized(.gone, ErrorMessages.thirdPartyLinkExpired)
            }
            guard notice.commentMessageID == nil else {
                throw RadhusError.localized(.conflict, ThirdPartyTexts.alreadyCommented)
            }
            guard
                let record = try await CaseRecord.query(on: tx).filter(\.$id == notice.caseID)
                    .filter(\.$municipalityID == notice.municipalityID).first()
            else { throw RadhusError.localized(.notFound, ErrorMessages.thirdPartyLinkUnknown) }
            guard record.caseStatus.isOpen else { throw RadhusError.localized(.conflict, ThirdPartyTexts.decided) }
            let messageID = UUID()
            try await DialogueService.insertMessage(
                .thirdParty, id: messageID, case: notice.caseID, municipality: notice.municipalityID,
                author: notice.name, authorID: nil, body: text, at: now, on: tx)
            notice.commentMessageID = messageID
            if notice.openedAt == nil { notice.openedAt = now }
            try await notice.update(on: tx)
            try await DialogueService.setAttention(.message, notice.caseID, on: tx)
            try await CaseLedger.append(
                .thirdPartyCommented, case: notice.caseID, municipality: notice.municipalityID, at: now,
                actor: "third_party", detail: "\(notice.position)", on: tx)
            // A running clock takes the comment into its rule; one not started reads it when it starts.
            if record.clockStartedAt != nil,
                let service = try await services.forCase(
                    serviceID: record.serviceID, version: record.serviceVersion,
                    municipalityID: record.municipalityID, on: tx),
                let m = try await Municipality.query(on: tx).filter(\.$id == record.municipalityID).first()
            {
                try await CaseChecks.check(
                    try CaseChecks.ref(record), service: service, registry: services, municipality: try m.snapshot(),
                    policy: policy, now: now, on: tx)
            }
        }
    }
}

/// The words of third-party notices (issue 24), in the three languages.
enum ThirdPartyTexts {
    static let alreadyCommented = LocalizedText(
        nb: "Du har allerede sendt en merknad til dette varselet. Vil du si mer, kontakt kommunen.",
        en: "You have already sent a comment on this notice. To say more, contact the kommune.",
        nn: "Du har alt sendt ein merknad til dette varselet. Vil du seie meir, kontakt kommunen.")
    static let decided = LocalizedText(
        nb: "Saken er avgjort, så merknader kan ikke lenger sendes her.",
        en: "The case is decided, so comments can no longer be sent here.",
        nn: "Saka er avgjord, så merknader kan ikkje lenger sendast her.")
    static let commentNeeded = LocalizedText(
        nb: "Skriv merknaden din.", en: "Write your comment.", nn: "Skriv merknaden din.")
    static let comment = LocalizedText(nb: "Merknad", en: "Comment", nn: "Merknad")
    static let commentFrom = LocalizedText(
        nb: "Merknad fra nabo:", en: "Comment from a neighbour:", nn: "Merknad frå nabo:")
    static let title = LocalizedText(nb: "Nabovarsel", en: "Neighbour notice", nn: "Nabovarsel")
    static let intro = LocalizedText(
        nb:
            "Du er varslet som nabo eller gjenboer. Her kan du lese søknaden og dokumentene og gi merknader. Søkeren får lese merknadene dine og kan svare, og kommunen tar stilling til dem når saken avgjøres.",
        en:
            "You have been notified as a neighbour. Here you can read the application and its documents and comment. The applicant may read your comments and answer, and the kommune considers them when it decides.",
        nn:
            "Du er varsla som nabo eller gjenbuar. Her kan du lese søknaden og dokumenta og gi merknader. Søkjaren får lese merknadene dine og kan svare, og kommunen tek stilling til dei når saka blir avgjord."
    )
    static let deadline = LocalizedText(
        nb: "Frist for merknader", en: "Deadline for comments", nn: "Frist for merknader")
    static let documents = LocalizedText(nb: "Dokumenter", en: "Documents", nn: "Dokument")
    static let send = LocalizedText(nb: "Send merknad", en: "Send comment", nn: "Send merknad")
    static let commentHint = LocalizedText(
        nb: "Skriv hva du mener om tiltaket og hvorfor. Høyst 5000 tegn.",
        en: "Write what you think of the work and why. At most 5000 characters.",
        nn: "Skriv kva du meiner om tiltaket og kvifor. Høgst 5000 teikn.")
    static let received = LocalizedText(
        nb: "Merknaden din er mottatt og lagt i saken.", en: "Your comment was received and added to the case.",
        nn: "Merknaden din er motteken og lagd i saka.")
    static let yourComment = LocalizedText(nb: "Merknaden din", en: "Your comment", nn: "Merknaden din")
    static let caseLabel = LocalizedText(nb: "Sak", en: "Case", nn: "Sak")
    static let property = LocalizedText(nb: "Eiendom", en: "Property", nn: "Eigedom")
}
