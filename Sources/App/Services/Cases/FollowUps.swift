import Fluent
import Foundation
import RadhusCore
import SQLKit

/// Follow-up applications on a decided case (issue 24, the service's `followUps`): an
/// igangsettingstillatelse after a rammetillatelse, a ferdigattest at the end — on the same
/// case, as the kommune's archive keeps a building's permits together. Sent with their
/// documents as an inbound message (journaled I under the follow-up's title), each reopens the
/// case with its own statutory deadline; its decision closes it again.
enum FollowUpService {
    /// The case's follow-up not yet decided, if one is open.
    static func open(caseID: UUID, on db: any Database) async throws -> FollowUpRecord? {
        try await FollowUpRecord.query(on: db).filter(\.$caseID == caseID).filter(\.$decidedAt == nil).first()
    }

    /// The follow-ups the applicant may send now: the case is decided with the outcome each one
    /// follows, its condition on the answers holds, it was not granted (nor is it waiting), and
    /// the one it requires — when that one applies to the case — was granted.
    static func available(_ record: CaseRecord, service: ServiceDefinition, on db: any Database) async throws
        -> [ServiceDefinition.FollowUp]
    {
        guard record.caseStatus == .avsluttet, let ups = service.followUps, !ups.isEmpty,
            let decision = try await DecisionRecord.query(on: db).inForce(case: try record.requireID())
        else { return [] }
        let sent = try await FollowUpRecord.query(on: db).filter(\.$caseID == record.requireID()).all()
        let answers = record.answers.values
        func applies(_ f: ServiceDefinition.FollowUp) -> Bool {
            decision.outcome == f.after && (f.when?.holds(answers) ?? true)
        }
        func granted(_ id: String) -> Bool {
            let f = service.followUp(id)
            return sent.contains { s in
                s.kind == id && s.outcome.map { o in f?.outcomes.first { $0.id == o }?.granted == true } == true
            }
        }
        guard !sent.contains(where: { $0.decidedAt == nil }) else { return [] }
        return ups.filter { f in
            applies(f) && !granted(f.id)
                && (f.requires.flatMap { service.followUp($0) }.map { !applies($0) || granted($0.id) } ?? true)
        }
    }

    /// Sends a follow-up: the message with its documents, the follow-up's row with its deadline,
    /// the case reopened. Refused (409) when it is not available now.
    static func submit(
        caseID: UUID, kind: String, text: String, files: [UUID], applicant: Fodselsnummer,
        services: ServiceRegistry, clock: any Clock, writer: WriteCoordinator, on db: any Database
    ) async throws {
        try await writer.write(on: db) { tx in
            try await CaseLedger.lock(caseID, on: tx)
            let now = clock.now()
            guard
                let record = try await CaseRecord.query(on: tx).filter(\.$id == caseID)
                    .filter(\.$applicantFnr == applicant.value).first(),
                let service = try await services.forCase(
                    serviceID: record.serviceID, version: record.serviceVersion,
                    municipalityID: record.municipalityID, on: tx)
            else { throw RadhusError.localized(.notFound, ErrorMessages.caseNotFound) }
            guard let f = try await available(record, service: service, on: tx).first(where: { $0.id == kind })
            else { throw RadhusError.localized(.conflict, FollowUpTexts.notAvailable) }
            let messageID = UUID()
            let body = f.title.nb + (text.isEmpty ? "" : "\n\n" + text)
            try await DialogueService.insertMessage(
                .inbound, id: messageID, case: caseID, municipality: record.municipalityID, author: "citizen",
                authorID: nil, body: body, at: now, on: tx)
            try await AttachmentService.link(
                files, owner: applicant.value, municipality: record.municipalityID, caseID: caseID,
                messageID: messageID, documents: f.documents.map(\.id), on: tx)
            let due = StatutoryDeadline(started: now, weeks: f.weeks).ends()
            let row = FollowUpRecord()
            row.municipalityID = record.municipalityID
            row.caseID = caseID
            row.kind = f.id
            row.messageID = messageID
            row.submittedAt = now
            row.weeks = f.weeks
            row.dueAt = due
            try await row.create(on: tx)
            // The case's due date is the follow-up's while it is open (the queue sorts by it);
            // the insights keep the application's (no due date on the event).
            try await CaseLedger.move(
                caseID, municipality: record.municipalityID, from: .avsluttet, by: .followUpReceived, at: now,
                actor: "citizen", detail: f.id,
                set: [("due_at", SQLBind(due)), ("attention", SQLBind(CaseAttention.message.rawValue))], on: tx)
        }
    }
}

enum FollowUpTexts {
    static let notAvailable = LocalizedText(
        nb: "Denne søknaden kan ikke sendes på saken nå. Se saken i «Mine saker» for hva som kan sendes.",
        en: "This application cannot be sent on the case now. See the case in «My cases» for what can be sent.",
        nn: "Denne søknaden kan ikkje sendast på saka no. Sjå saka i «Mine saker» for kva som kan sendast.")
    static let sent = LocalizedText(
        nb: "Søknaden er sendt, og saken er hos kommunen igjen.",
        en: "The application was sent, and the case is with the kommune again.",
        nn: "Søknaden er send, og saka er hos kommunen igjen.")
    static let send = LocalizedText(nb: "Send søknaden", en: "Send the application", nn: "Send søknaden")
    static let heading = LocalizedText(
        nb: "Søk videre i saken", en: "Apply further on the case", nn: "Søk vidare i saka")
    static let sentHeading = LocalizedText(
        nb: "Oppfølgingssøknader", en: "Follow-up applications", nn: "Oppfølgingssøknader")
    static let describe = LocalizedText(
        nb: "Kommentar (valgfritt)", en: "Comment (optional)", nn: "Kommentar (valfritt)")
    static func waiting(_ title: String, _ date: String, _ lang: Language) -> String {
        BuildingTexts.pick(
            lang, "\(title): sendt, frist \(date)", "\(title): sent, deadline \(date)",
            "\(title): send, frist \(date)")
    }
    static func decided(_ title: String, _ outcome: String, _ date: String, _ lang: Language) -> String {
        BuildingTexts.pick(
            lang, "\(title): \(outcome) \(date)", "\(title): \(outcome) \(date)", "\(title): \(outcome) \(date)")
    }
}
