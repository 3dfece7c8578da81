import Crypto
import Fluent
import Foundation
import NIOConcurrencyHelpers
import RadhusCore
import SQLKit
import Vapor

/// Sends what is in the outbox. Each `tick` claims due shipments, takes each one step along
/// its status path through its channel, and records the result with a receipt event.
///
/// Claiming is a short transaction that stamps the rows with this worker's id and a lease;
/// on PostgreSQL `FOR UPDATE SKIP LOCKED` lets several server processes claim side by side
/// without waiting for or taking each other's rows. A process that dies mid-step loses its
/// lease and another process runs the step again, with the same idempotency key (the SMTP
/// Message-ID, the webhook message id, the print file name), so a receiver that has already
/// seen it can drop it. Results are recorded only while the claim is still ours.
public final class Dispatcher: Sendable {
    let db: any Database
    let writer: WriteCoordinator
    let clock: any Clock
    let config: RadhusConfig
    let logger: Logger
    let client: any Client
    let services: ServiceRegistry
    public let workerID: String
    /// Parsed once (the configuration was checked at boot).
    let smtp: SMTPSettings?
    /// How many shipments one tick claims (and works on concurrently).
    let claimLimit: Int
    let font = NIOLockedValueBox<TrueTypeFont?>(nil)
    /// Where the files letters and appeal packages carry are kept (nil where none is set up:
    /// a letter with files then waits, retried).
    let store: (any AttachmentStore)?

    public init(
        app: Application,
        workerID: String = "\(ProcessInfo.processInfo.hostName)-\(getpid())-\(UUID().uuidString.prefix(8))",
        claimLimit: Int = 32
    ) {
        self.db = app.db
        self.writer = app.writer
        self.clock = app.clock
        self.config = app.radhusConfig
        self.logger = Logger(label: "radhus.dispatch")
        self.client = app.client
        self.services = app.services
        self.workerID = workerID
        self.claimLimit = claimLimit
        self.store = app.storage[Application.AttachmentStoreKey.self]
        let c = app.radhusConfig
        self.smtp = c.smtpSettings
    }

    /// What one tick did.
    public struct Report: Sendable, Equatable {
        public var claimed = 0
        public var receipts = 0
        public var worked: Int { claimed + receipts }
    }

    /// Claims and works through due shipments once, then reads print receipts.
    @discardableResult
    public func tick() async throws -> Report {
        var report = Report()
        let ids = try await claim()
        report.claimed = ids.count
        if !ids.isEmpty { try await work(ids) }
        report.receipts = try await readPrintReceipts()
        return report
    }

    /// Runs ticks until nothing is due (tests, and the bench's drain).
    public func drain(maxTicks: Int = 1000) async throws {
        // (A `for … where` here ran all the ticks: `where` filters, it does not stop.)
        for _ in 0..<maxTicks {
            if try await tick().worked == 0 { return }
        }
    }

    // MARK: - Claim

    func claim() async throws -> [UUID] {
        let now = clock.now()
        let until = now.addingTimeInterval(config.dispatchPolicy.lease)
        let me = workerID
        let limit = claimLimit
        // The only dialect difference: PostgreSQL skips rows another process has locked.
        let skipLocked = writer.kind == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        // A read first: an idle poll must not open a write transaction (on SQLite the write lock).
        let due = try await db.sql.raw(
            """
            SELECT id FROM shipments WHERE next_action <> 'none' AND next_attempt_at <= \(bind: now)
              AND (claimed_until IS NULL OR claimed_until < \(bind: now)) LIMIT 1
            """
        ).first()
        guard due != nil else { return [] }
        return try await writer.write(on: db, lane: .background) { tx in
            let sql = tx.sql
            let rows = try await sql.raw(
                """
                UPDATE shipments SET claimed_by = \(bind: me), claimed_until = \(bind: until)
                WHERE id IN (SELECT id FROM shipments
                             WHERE next_action <> 'none' AND next_attempt_at <= \(bind: now)
                               AND (claimed_until IS NULL OR claimed_until < \(bind: now))
                             ORDER BY next_attempt_at LIMIT \(unsafeRaw: String(limit))\(unsafeRaw: skipLocked))
                RETURNING id
                """
            ).all()
            return try rows.map { try $0.decode(column: "id", as: UUID.self) }
        }
    }

    // MARK: - Work

    struct Item: @unchecked Sendable {
        let shipment: ShipmentRecord
        let letter: LetterRecord
        let caseRecord: CaseRecord
        let municipality: Municipality
        let contact: CitizenContact?
        let settings: DispatchSettings?
        var policy: DispatchPolicy
        /// For print: the envelope's address lines (`envelope(for:)`).
        var envelope: [String]? = nil
        /// The files the letter carries (a caseworker's message with files, issue 20): printed
        /// behind the letter, listed in the webhook's message.
        var files: [Attachment] = []
        /// The meeting the letter is about (issue 22): its notice carries the iCalendar.
        var meeting: Meeting? = nil
    }

    enum StepResult: Sendable {
        /// Move to `status` (nil: stay), note `detail`, then do `next` from `at`.
        case advance(
            ShipmentStatus?, detail: String, next: ShipmentAction, at: Date?, printDue: Date? = nil,
            batch: String? = nil)
        case failure(String, transient: Bool, rejected: Bool = false)
    }

    func work(_ ids: [UUID]) async throws {
        let shipments = try await ShipmentRecord.query(on: db).filter(\.$id ~~ ids).filter(\.$claimedBy == workerID)
            .all()
        guard !shipments.isEmpty else { return }
        let letters = try await LetterRecord.query(on: db).filter(\.$id ~~ shipments.map(\.letterID)).all()
        let cases = try await CaseRecord.query(on: db).filter(\.$id ~~ shipments.map(\.caseID)).all()
        let kommuner = try await Municipality.query(on: db).filter(\.$id ~~ Set(shipments.map(\.municipalityID))).all()
        let settings = try await DispatchSettings.query(on: db).filter(
            \.$municipalityID ~~ Set(shipments.map(\.municipalityID))
        ).all()
        let contacts = try await CitizenContact.query(on: db).filter(\.$fnr ~~ Set(letters.map(\.recipientFnr))).all()
        let byLetter = Dictionary(letters.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        let byCase = Dictionary(cases.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        let byKommune = Dictionary(kommuner.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        let bySettings = Dictionary(settings.map { ($0.municipalityID, $0) }, uniquingKeysWith: { a, _ in a })
        let byFnr = Dictionary(contacts.map { ($0.fnr, $0) }, uniquingKeysWith: { a, _ in a })
        let files = try await AttachmentService.forLetters(letters.map { $0.id! }, on: db.sql)
        let meetingIDs = letters.compactMap(\.meetingID)
        let meetings =
            meetingIDs.isEmpty
            ? [:]
            : Dictionary(
                try await Meeting.query(on: db).filter(\.$id ~~ meetingIDs).all().map { ($0.id!, $0) },
                uniquingKeysWith: { a, _ in a })

        var items: [Item] = []
        for s in shipments {
            guard let l = byLetter[s.letterID], let c = byCase[s.caseID], let m = byKommune[s.municipalityID] else {
                continue
            }
            var policy = config.dispatchPolicy
            policy.printAfterWorkingDays =
                bySettings[s.municipalityID]?.printAfterWorkingDays ?? DispatchSettings.defaultPrintAfterWorkingDays
            items.append(
                Item(
                    shipment: s, letter: l, caseRecord: c, municipality: m, contact: byFnr[l.recipientFnr],
                    settings: bySettings[s.municipalityID], policy: policy, files: files[s.letterID] ?? [],
                    meeting: l.meetingID.flatMap { meetings[$0] }))
        }
        // Print work goes out as one batch; the rest concurrently, one step each.
        var printing = items.filter { $0.shipment.action == .print }
        for i in printing.indices { printing[i].envelope = try await envelope(for: printing[i]) }
        let others = items.filter { $0.shipment.action != .print }
        if !printing.isEmpty {
            let results = printBatch(printing)
            for (item, result) in zip(printing, results) { try await record(item, step: .print, result) }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for item in others {
                group.addTask {
                    let step = item.shipment.action
                    let result = await self.perform(item)
                    try await self.record(item, step: step, result)
                }
            }
            try await group.waitForAll()
        }
    }

    func perform(_ item: Item) async -> StepResult {
        let now = clock.now()
        let s = item.shipment
        switch s.action {
        case .deliver:
            if item.contact?.reserved == true && !s.digitalOnly {
                return .advance(
                    nil, detail: "Mottakeren har reservert seg mot digital post: sendes på papir", next: .print, at: now
                )
            }
            let printDue = s.digitalOnly ? nil : item.policy.printDue(deliveredAt: now)
            let hasEmail = smtp != nil && (item.contact?.email.map { !$0.isEmpty } ?? false)
            let next: ShipmentAction = hasEmail ? .notify : (printDue == nil ? .none : .print)
            return .advance(
                .akseptert, detail: "Levert i innboksen", next: next, at: hasEmail ? now : printDue, printDue: printDue)
        case .notify:
            let after: (ShipmentAction, Date?) = s.printDueAt.map { (.print, $0) } ?? (.none, nil)
            guard let smtp, let email = item.contact?.email, !email.isEmpty else {
                return .advance(nil, detail: "", next: after.0, at: after.1)
            }
            do {
                try await SMTPClient.send(notice(to: email, item: item, now: now), settings: smtp)
                return .advance(.varslet, detail: "Varsel sendt på e-post", next: after.0, at: after.1)
            } catch let e as SMTPError {
                return .failure("E-post: \(e.description)", transient: e.transient)
            } catch {
                return .failure("E-post: \(error)", transient: true)
            }
        case .webhook:
            return await postWebhook(item, now: now)
        case .appealPackage:
            return await sendAppealPackage(item, now: now)
        case .print, .none:
            return .advance(nil, detail: "", next: .none, at: nil)
        }
    }

    /// The e-mail notice: that there is a letter, from whom, and where to read it. Nothing about
    /// the case, so an e-mail read by someone else reveals nothing.
    /// In the recipient's written form (issue 19): nynorsk for those who chose it, else bokmål;
    /// English below either way.
    func notice(to email: String, item: Item, now: Date) -> MailMessage {
        let kommune = item.municipality.name
        let inbox = config.absoluteURL(SiteURL.inbox.path)
        let nn = item.contact?.writtenLanguage == Language.nn.rawValue
        let norwegian =
            nn
            ? """
            Hei!

            Du har fått eit nytt brev frå \(kommune). Logg inn for å lese det:
            \(inbox)

            Av omsyn til personvernet står ikkje innhaldet i denne e-posten.
            Dette er ei automatisk melding som ikkje kan svarast på.
            """
            : """
            Hei!

            Du har fått et nytt brev fra \(kommune). Logg inn for å lese det:
            \(inbox)

            Av hensyn til personvernet står ikke innholdet i denne e-posten.
            Dette er en automatisk melding som ikke kan besvares.
            """
        let body =
            norwegian + """


                --
                You have a new letter from \(kommune). Log in to read it: \(inbox)
                """
        let id = item.shipment.id!
        // A letter about a meeting: the meeting for the calendar (time and place, no case details).
        let attachments = item.meeting.map { m in
            [
                MeetingService.calendarFile(
                    m, kommune: item.municipality, recipient: email, sender: smtp?.from ?? "ikke-svar@radhus.localhost",
                    link: config.absoluteURL(SiteURL.myCase(m.caseID).path), now: now)
            ]
        }
        return MailMessage(
            to: email, subject: nn ? "Nytt brev frå \(kommune)" : "Nytt brev fra \(kommune)", body: body,
            messageID: DispatchKey.messageID(
                shipment: id, step: .notify, domain: "radhus.\(item.municipality.number).kommune"),
            date: now, attachments: attachments ?? [])
    }

    // MARK: - Record

    func record(_ item: Item, step: ShipmentAction, _ result: StepResult) async throws {
        let now = clock.now()
        let me = workerID
        let id = item.shipment.id!
        let policy = item.policy
        try await writer.write(on: db, lane: .background) { tx in
            let sql = tx.sql
            // Only while the claim is ours: if it ran out and another worker took over, that worker records.
            guard let s = try await ShipmentRecord.query(on: tx).filter(\.$id == id).filter(\.$claimedBy == me).first()
            else { return }
            // Released; `claimed_by` stays as the worker that did the last step (for operators).
            s.claimedUntil = nil
            s.updatedAt = now
            // Someone may have acted meanwhile (the letter was read, a caseworker stopped it): then
            // their status and next step stand.
            let untouched = s.nextAction == step.rawValue
            func note(_ status: ShipmentStatus, _ detail: String) async throws {
                try await Outbox.event(
                    shipmentID: id, municipalityID: s.municipalityID, caseID: s.caseID, status: status, at: now,
                    detail: detail, on: sql)
            }
            switch result {
            case .advance(let status, let detail, let next, let at, let printDue, let batch):
                if let status, status != s.shipmentStatus {
                    if s.shipmentStatus.canMove(to: status) {
                        s.status = status.rawValue
                        try await note(status, detail)
                    }
                } else if !detail.isEmpty {
                    try await note(s.shipmentStatus, detail)
                }
                if untouched {
                    s.nextAction = next.rawValue
                    s.nextAttemptAt = at
                }
                if let printDue { s.printDueAt = printDue }
                if let batch { s.printBatch = batch }
                s.attempts = 0
                s.firstFailureAt = nil
                s.lastError = nil
            case .failure(let message, let transient, let rejected):
                s.attempts += 1
                let first = s.firstFailureAt ?? now
                s.firstFailureAt = first
                s.lastError = String(message.prefix(500))
                guard untouched else { break }
                if transient && policy.shouldRetry(firstFailure: first, now: now) {
                    s.nextAttemptAt = now.addingTimeInterval(
                        policy.backoff(afterFailures: s.attempts, jitter: Double.random(in: -0.1...0.1)))
                } else if rejected, s.shipmentStatus.canMove(to: .avvist) {
                    s.status = ShipmentStatus.avvist.rawValue
                    s.nextAction = ShipmentAction.none.rawValue
                    s.nextAttemptAt = nil
                    try await note(.avvist, message)
                } else if step == .notify && !s.digitalOnly {
                    // No notice could be sent: paper instead of waiting for a letter nobody knows about.
                    s.nextAction = ShipmentAction.print.rawValue
                    s.nextAttemptAt = now
                    s.attempts = 0
                    s.firstFailureAt = nil
                    try await note(s.shipmentStatus, "E-postvarsel kunne ikke sendes; brevet sendes på papir")
                } else {
                    // Dead letter: a person must look at it (the admin's dispatch page).
                    s.failedAction = step.rawValue
                    s.nextAction = ShipmentAction.none.rawValue
                    s.nextAttemptAt = nil
                    if s.shipmentStatus.canMove(to: .ikkeLevert) { s.status = ShipmentStatus.ikkeLevert.rawValue }
                    try await note(.ikkeLevert, message)
                }
            }
            try await s.update(on: tx)
        }
    }
}
