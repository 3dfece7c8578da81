import Fluent
import Foundation
import RadhusCore

/// The caseworker's case page: the application, the rules' assessment, the decision or the
/// form to make it, letters and their delivery, the journal, and the timeline.
public enum StaffCase {
    /// A message shown once after an action (`?melding=` on the redirect).
    public enum Flash: String, Sendable {
        case decided = "vedtak"
        case stopped = "stoppet"
        case messageSent = "melding"
        case noteSaved = "notat"
        case requestSent = "foresporsel"
        case requestWithdrawn = "trukket"
        case assigned = "tildelt"
        case preliminarySent = "forelopig"
        case appealForwarded = "oversendt"
        case appealSettled = "klage_avgjort"
        case proposed = "forslag"
        case proposalReturned = "returnert"
        case meetingProposed = "mote"
        case guestInvited = "gjest"
        case minutesSaved = "referat"
        case meetingCancelled = "mote_avlyst"
    }

    /// A plain value for one rendering (the Fluent rows it holds are read, never written).
    struct Model {
        var record: CaseRecord
        var service: ServiceDefinition?
        /// The applicant's fødselsnummer as shown: whole when revealed (and logged), else masked.
        var applicant: String
        var revealed: Bool
        var identityPolicy: IdentityPolicy
        var kommune: Municipality.Snapshot
        var events: [CaseEventRecord]
        /// The latest decision; `earlierDecisions` those it replaced (an automated decision a
        /// caseworker reviewed, issue 20), newest first.
        var decision: DecisionRecord?
        var earlierDecisions: [DecisionRecord] = []
        var evaluation: RuleEvaluationRecord?
        var journal: [JournalEntry]
        /// Each journal entry's document versions (metadata only), oldest first.
        var versions: [UUID: [JournalDocument]]
        var trails: [DispatchView.LetterTrail]
        var draft: DecisionDraft?
        var problems: [DecisionDraft.Problem]
        var flash: Flash?
        var overdue: Bool
        /// Other open cases of the same service with exactly the same answers: most likely the
        /// same application sent again (issue 17: 111 identical ones sat in the queue unmarked).
        var duplicates: [(id: UUID, saksnummer: Saksnummer)] = []
        /// Other open cases of this service for the same person (as applicant or as the one the
        /// case concerns), with other answers: maybe a second application, maybe a change
        /// (issue 20).
        var samePerson: [(id: UUID, saksnummer: Saksnummer)] = []
        /// The applicant as the register knows them (name from the postal address, e-mail, the
        /// written form chosen): for the caseworker who calls or writes (issue 20).
        var applicantName: String?
        var applicantEmail: String?
        var applicantWritesNynorsk = false
        /// The files sent with the application (issue 19).
        var files: [Attachment] = []
        /// The case's meetings (issue 22), latest first, and who meets for the kommune.
        var meetings: [Meeting] = []
        /// Each meeting's guests; a refused meeting form; a guest's link when the e-mail failed.
        var meetingGuests: [UUID: [MeetingGuest]] = [:]
        /// The child's admission rounds (issue 23): the entry, its round, the place offered, and
        /// why not a higher wish.
        var admission: [AdmissionService.CaseRound] = []
        /// Issue 24: the neighbours notified, their letters' newest status, the fee set or the
        /// fee a decision today would set.
        var notices: [ThirdPartyNotice] = []
        /// The follow-up applications on the case; while one is open, `service` is the one it
        /// is decided with (its outcomes), and the case's deadline is its.
        var followUps: [FollowUpRecord] = []
        /// The service as published (its follow-ups' titles), when `service` is a follow-up's.
        var applicationService: ServiceDefinition?
        var noticeStatus: [UUID: ShipmentStatus] = [:]
        var fee: FeeRecord?
        var feePreview: CaseChecks.FeeResult?
        var meetingForm: MeetingForm?
        var guestLink: GuestLink?
        var now = Date()
        /// The dialogue (issue 20): messages both ways and internal notes, oldest first; the
        /// open request for information; a refused dialogue form with what was typed.
        var messages: [CaseMessage] = []
        var openRequest: InformationRequest?
        var dialogue: DialogueDraft?
        /// The kommune's caseworkers (who may decide), for assignment; whom the case is given to.
        var caseworkers: [(id: UUID, name: String)] = []
        var assignee: String?
        /// Appeals (issue 20): the appeal this case is, with the case it appeals; or, on an
        /// appealed case, its latest appeal's case; whether the appeal body's address is set.
        var appeal: Appeal?
        var appealed: CaseRecord?
        var appealCase: (id: UUID, saksnummer: Saksnummer)?
        var appealBodyAddressSet = false
        /// The two-person check: the proposal waiting for approval, or the last one returned; who
        /// is looking (the proposer cannot approve their own).
        var proposal: DecisionProposal?
        var viewerID: UUID?
        var mayDecide: Bool
        var mayStopLetters: Bool
        var mayCorrectDocuments: Bool

        var caseID: UUID { record.id! }

        /// Everything the page shows, through the staff member's tenant scope. `record` comes
        /// from `CaseworkService.open`, which logged the access.
        static func query(
            record: CaseRecord, staff: StaffContext, services: ServiceRegistry, revealed: Bool,
            identityPolicy: IdentityPolicy, draft: DecisionDraft? = nil, problems: [DecisionDraft.Problem] = [],
            flash: Flash? = nil, dialogue: DialogueDraft? = nil, meetingForm: MeetingForm? = nil,
            guestLink: GuestLink? = nil, now: Date, on db: any Database
        ) async throws -> Model {
            let caseID = try record.requireID()
            let scope = staff.scope
            let journal = try await scope.query(JournalEntry.self, on: db).filter(\.$caseID == caseID).sort(
                \.$documentNumber
            ).all()
            var versions: [UUID: [JournalDocument]] = [:]
            for d in try await scope.query(JournalDocument.self, on: db).filter(
                \.$journalEntryID ~~ journal.map { $0.id! }
            )
            .field(\.$id).field(\.$journalEntryID).field(\.$municipalityID).field(\.$version).field(\.$sha256).field(
                \.$size
            )
            .field(\.$createdAt).all() { versions[d.journalEntryID, default: []].append(d) }
            for key in versions.keys { versions[key]?.sort { $0.version < $1.version } }
            let trails = DispatchView.trails(
                letters: try await scope.query(LetterRecord.self, on: db).filter(\.$caseID == caseID).sort(\.$createdAt)
                    .all(),
                shipments: try await scope.query(ShipmentRecord.self, on: db).filter(\.$caseID == caseID).all(),
                events: try await scope.query(ShipmentEventRecord.self, on: db).filter(\.$caseID == caseID).all())
            let fnr = try? Fodselsnummer(record.applicantFnr, policy: identityPolicy)
            var model = Model(
                record: record,
                service: try await services.forCase(
                    serviceID: record.serviceID, version: record.serviceVersion,
                    municipalityID: staff.municipality.id, on: db),
                applicant: revealed ? record.applicantFnr : (fnr?.masked ?? "*****"), revealed: revealed,
                identityPolicy: identityPolicy, kommune: staff.municipality,
                events: try await scope.query(CaseEventRecord.self, on: db).filter(\.$caseID == caseID).sort(\.$at)
                    .all(),
                decision: nil,
                evaluation: try await scope.query(RuleEvaluationRecord.self, on: db).filter(\.$caseID == caseID)
                    .first(),
                journal: journal, versions: versions, trails: trails, draft: draft, problems: problems, flash: flash,
                overdue: record.caseStatus != .avsluttet && record.dueAt < now,
                mayDecide: staff.role.mayDecide, mayStopLetters: staff.role.mayStopLetters,
                mayCorrectDocuments: staff.role.mayCorrectDocuments)
            if record.caseStatus.isOpen {
                // The other open cases of this service about the same person — as applicant or as
                // the one the case concerns — found through the indexes on both numbers; those
                // with the very same answers are the likely duplicates (an application sent again
                // comes from the same applicant), the rest another application about them.
                // One indexed read: it was two, one of them a scan of the service's every case
                // for equal answers (issue 20's benchmark at 1,000,000 closed cases).
                let people = [record.applicantFnr, record.subjectFnr].compactMap { $0 }
                // Two reads, each by one number through its own index, named to SQLite: its
                // statistics cannot tell a person's few cases from the kommune's many (a number
                // column that is mostly empty looks like one value shared by a million rows), and
                // it walked every open case instead — 150–350 ms at the benchmark's size.
                // PostgreSQL's statistics know the empty share and choose these indexes itself.
                let sqlite = db.sql.dialect.name == "sqlite"
                var candidates: [(id: UUID, saksnummer: Saksnummer, answers: String)] = []
                for (column, index) in [
                    ("applicant_fnr", "cases_kommune_applicant_idx"), ("subject_fnr", "cases_kommune_subject_idx"),
                ] {
                    let rows = try await db.sql.raw(
                        """
                        SELECT id, saks_year, saks_sequence, answers FROM cases\(unsafeRaw: sqlite ? " INDEXED BY \(index)" : "")
                        WHERE municipality_id = \(bind: staff.municipality.id) AND \(ident: column) IN (\(binds: people))
                          AND service_id = \(bind: record.serviceID) AND id <> \(bind: caseID) AND \(unsafeRaw: Queue.openCases)
                        LIMIT 100
                        """
                    ).all()
                    candidates += try rows.map {
                        (
                            try $0.decode(column: "id", as: UUID.self),
                            Saksnummer(
                                year: try $0.decode(column: "saks_year", as: Int.self),
                                sequence: try $0.decode(column: "saks_sequence", as: Int.self)),
                            try $0.decode(column: "answers", as: String.self)
                        )
                    }
                }
                var seen = Set<UUID>()
                candidates = candidates.filter { seen.insert($0.id).inserted }.sorted { $0.saksnummer < $1.saksnummer }
                model.duplicates = candidates.filter { $0.answers == record.answersJSON }.prefix(50)
                    .map { (id: $0.id, saksnummer: $0.saksnummer) }
                model.samePerson = candidates.filter { $0.answers != record.answersJSON }.prefix(50)
                    .map { (id: $0.id, saksnummer: $0.saksnummer) }
            }
            if let contact = try await CitizenContact.query(on: db).filter(\.$fnr == record.applicantFnr).first() {
                model.applicantName = contact.postalAddress?.split(separator: "\n").first.map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                model.applicantEmail = contact.email.flatMap { $0.isEmpty ? nil : $0 }
                model.applicantWritesNynorsk = contact.writtenLanguage == Language.nn.rawValue
            }
            let decisions = try await scope.query(DecisionRecord.self, on: db).filter(\.$caseID == caseID)
                .sort(\.$decidedAt, .descending).all()
            model.decision = decisions.first
            model.earlierDecisions = Array(decisions.dropFirst())
            model.files = try await AttachmentService.forCase(caseID, municipality: staff.municipality.id, on: db)
            model.meetings = try await scope.query(Meeting.self, on: db).filter(\.$caseID == caseID)
                .sort(\.$startsAt, .descending).all()
            if !model.meetings.isEmpty {
                model.meetingGuests = Dictionary(
                    grouping: try await scope.query(MeetingGuest.self, on: db)
                        .filter(\.$meetingID ~~ model.meetings.map { $0.id! }).sort(\.$createdAt).all(), by: \.meetingID
                )
            }
            model.admission = try await AdmissionService.rounds(ofCase: caseID, on: db)
            if model.service?.thirdParties != nil {
                model.notices = try await scope.query(ThirdPartyNotice.self, on: db).filter(\.$caseID == caseID)
                    .sort(\.$position).all()
                for s in try await scope.query(ShipmentRecord.self, on: db)
                    .filter(\.$letterID ~~ model.notices.compactMap(\.letterID))
                    .filter(\.$channel == ShipmentChannel.portal.rawValue).all()
                {
                    model.noticeStatus[s.letterID] = s.shipmentStatus
                }
            }
            if let service = model.service, service.followUps != nil {
                model.applicationService = service
                model.followUps = try await scope.query(FollowUpRecord.self, on: db).filter(\.$caseID == caseID)
                    .sort(\.$submittedAt).all()
                if let open = model.followUps.first(where: { $0.decidedAt == nil }), let f = service.followUp(open.kind)
                {
                    model.service = service.forFollowUp(f)
                }
            }
            if let service = model.service, service.fee != nil {
                model.fee = try await scope.query(FeeRecord.self, on: db).filter(\.$caseID == caseID).first()
                if model.fee == nil, record.caseStatus.isOpen {
                    model.feePreview = try await CaseChecks.fee(
                        try CaseChecks.ref(record), service: service, registry: services, policy: identityPolicy,
                        now: now, on: db)
                }
            }
            model.meetingForm = meetingForm
            model.guestLink = guestLink
            model.now = now
            model.messages = try await scope.query(CaseMessage.self, on: db).filter(\.$caseID == caseID)
                .sort(\.$createdAt).all()
            model.openRequest = try await scope.query(InformationRequest.self, on: db).filter(\.$caseID == caseID)
                .filter(\.$closedAt == nil).first()
            model.dialogue = dialogue
            model.caseworkers = try await scope.query(StaffUser.self, on: db).filter(\.$active == true)
                .filter(\.$role ~~ StaffRole.allCases.filter(\.mayDecide).map(\.rawValue)).sort(\.$displayName).all()
                .map { (id: $0.id!, name: $0.displayName) }
            model.assignee = record.assignedTo.flatMap { id in model.caseworkers.first { $0.id == id }?.name }
            model.viewerID = staff.userID
            if record.caseStatus == .tilGodkjenning || record.attention == CaseAttention.returned.rawValue {
                model.proposal = try await scope.query(DecisionProposal.self, on: db).filter(\.$caseID == caseID)
                    .sort(\.$proposedAt, .descending).first()
            }
            if let (appeal, appealed) = try await AppealService.appeal(of: record, on: db) {
                model.appeal = appeal
                model.appealed = appealed
                model.appealBodyAddressSet =
                    try await scope.query(DispatchSettings.self, on: db).first()?.address(of: appeal.appealBody) != nil
                // The decision appealed, and any that replaced it, are the appealed case's.
                let decisions = try await scope.query(DecisionRecord.self, on: db)
                    .filter(\.$caseID == appealed.requireID()).sort(\.$decidedAt, .descending).all()
                model.decision = decisions.first
                model.earlierDecisions = Array(decisions.dropFirst())
            } else {
                model.appealCase = try await AppealService.waitingFor(record, on: db)
            }
            return model
        }
    }
}
