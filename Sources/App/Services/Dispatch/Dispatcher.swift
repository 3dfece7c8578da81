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
    public let workerID: String
    /// Parsed once (the configuration was checked at boot).
    let smtp: SMTPSettings?
    /// How many shipments one tick claims (and works on concurrently).
    let claimLimit: Int
    private let font = NIOLockedValueBox<TrueTypeFont?>(nil)

    public init(app: Application, workerID: String = "\(ProcessInfo.processInfo.hostName)-\(getpid())-\(UUID().uuidString.prefix(8))",
                claimLimit: Int = 32) {
        self.db = app.db
        self.writer = app.writer
        self.clock = app.clock
        self.config = app.radhusConfig
        self.logger = Logger(label: "radhus.dispatch")
        self.client = app.client
        self.workerID = workerID
        self.claimLimit = claimLimit
        let c = app.radhusConfig
        self.smtp = c.smtpURL.flatMap { try? SMTPSettings(url: $0, from: c.mailFrom, trustRootsFile: c.smtpCAFile) }
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
        for _ in 0..<maxTicks where try await tick().worked > 0 {}
    }

    // MARK: - Claim

    func claim() async throws -> [UUID] {
        let now = clock.now()
        let until = now.addingTimeInterval(config.dispatchPolicy.lease)
        let me = workerID, limit = claimLimit
        // The only dialect difference: PostgreSQL skips rows another process has locked.
        let skipLocked = writer.kind == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        // A read first: an idle poll must not open a write transaction (on SQLite the write lock).
        let due = try await (db as! any SQLDatabase).raw("""
            SELECT id FROM shipments WHERE next_action <> 'none' AND next_attempt_at <= \(bind: now)
              AND (claimed_until IS NULL OR claimed_until < \(bind: now)) LIMIT 1
            """).first()
        guard due != nil else { return [] }
        return try await writer.write(on: db) { tx in
            let sql = tx as! any SQLDatabase
            let rows = try await sql.raw("""
                UPDATE shipments SET claimed_by = \(bind: me), claimed_until = \(bind: until)
                WHERE id IN (SELECT id FROM shipments
                             WHERE next_action <> 'none' AND next_attempt_at <= \(bind: now)
                               AND (claimed_until IS NULL OR claimed_until < \(bind: now))
                             ORDER BY next_attempt_at LIMIT \(unsafeRaw: String(limit))\(unsafeRaw: skipLocked))
                RETURNING id
                """).all()
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
    }

    enum StepResult: Sendable {
        /// Move to `status` (nil: stay), note `detail`, then do `next` from `at`.
        case advance(ShipmentStatus?, detail: String, next: ShipmentAction, at: Date?, printDue: Date? = nil, batch: String? = nil)
        case failure(String, transient: Bool, rejected: Bool = false)
    }

    func work(_ ids: [UUID]) async throws {
        let shipments = try await ShipmentRecord.query(on: db).filter(\.$id ~~ ids).filter(\.$claimedBy == workerID).all()
        guard !shipments.isEmpty else { return }
        let letters = try await LetterRecord.query(on: db).filter(\.$id ~~ shipments.map(\.letterID)).all()
        let cases = try await CaseRecord.query(on: db).filter(\.$id ~~ shipments.map(\.caseID)).all()
        let kommuner = try await Municipality.query(on: db).filter(\.$id ~~ Set(shipments.map(\.municipalityID))).all()
        let settings = try await DispatchSettings.query(on: db).filter(\.$municipalityID ~~ Set(shipments.map(\.municipalityID))).all()
        let contacts = try await CitizenContact.query(on: db).filter(\.$fnr ~~ Set(letters.map(\.recipientFnr))).all()
        let byLetter = Dictionary(letters.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        let byCase = Dictionary(cases.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        let byKommune = Dictionary(kommuner.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        let bySettings = Dictionary(settings.map { ($0.municipalityID, $0) }, uniquingKeysWith: { a, _ in a })
        let byFnr = Dictionary(contacts.map { ($0.fnr, $0) }, uniquingKeysWith: { a, _ in a })

        var items: [Item] = []
        for s in shipments {
            guard let l = byLetter[s.letterID], let c = byCase[s.caseID], let m = byKommune[s.municipalityID] else { continue }
            var policy = config.dispatchPolicy
            policy.printAfterWorkingDays = bySettings[s.municipalityID]?.printAfterWorkingDays ?? DispatchSettings.defaultPrintAfterWorkingDays
            items.append(Item(shipment: s, letter: l, caseRecord: c, municipality: m, contact: byFnr[l.recipientFnr],
                              settings: bySettings[s.municipalityID], policy: policy))
        }
        // Print work goes out as one batch; the rest concurrently, one step each.
        let printing = items.filter { $0.shipment.action == .print }
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
                return .advance(nil, detail: "Mottakeren har reservert seg mot digital post: sendes på papir", next: .print, at: now)
            }
            let printDue = s.digitalOnly ? nil : item.policy.printDue(deliveredAt: now)
            let hasEmail = smtp != nil && (item.contact?.email.map { !$0.isEmpty } ?? false)
            let next: ShipmentAction = hasEmail ? .notify : (printDue == nil ? .none : .print)
            return .advance(.akseptert, detail: "Levert i innboksen", next: next, at: hasEmail ? now : printDue, printDue: printDue)
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
        case .print, .none:
            return .advance(nil, detail: "", next: .none, at: nil)
        }
    }

    /// The e-mail notice: that there is a letter, from whom, and where to read it. Nothing about
    /// the case, so an e-mail read by someone else reveals nothing.
    func notice(to email: String, item: Item, now: Date) -> MailMessage {
        let base = (config.publicURL ?? "http://127.0.0.1:8080").trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        let kommune = item.municipality.name
        let body = """
        Hei!

        Du har fått et nytt brev fra \(kommune). Logg inn for å lese det:
        \(base)\(SiteURL.inbox.path)

        Av hensyn til personvernet står ikke innholdet i denne e-posten.
        Dette er en automatisk melding som ikke kan besvares.

        --
        You have a new letter from \(kommune). Log in to read it: \(base)\(SiteURL.inbox.path)
        """
        let id = item.shipment.id!
        return MailMessage(to: email, subject: "Nytt brev fra \(kommune)", body: body,
                           messageID: DispatchKey.messageID(shipment: id, step: .notify, domain: "radhus.\(item.municipality.number).kommune"),
                           date: now)
    }

    // MARK: - Webhook

    struct WebhookMessage: Content {
        var messageId: String
        var kommunenummer: String
        var kommune: String
        var saksnummer: String
        var caseId: UUID
        var letterId: UUID
        var title: String
        var body: String
        var recipientFodselsnummer: String
        var createdAt: Date
    }

    func postWebhook(_ item: Item, now: Date) async -> StepResult {
        guard let url = item.settings?.webhookURL, !url.isEmpty else {
            return .failure("Ingen webhook-adresse er satt for kommunen", transient: false)
        }
        let id = DispatchKey.key(shipment: item.shipment.id!, step: .webhook)
        let message = WebhookMessage(messageId: id, kommunenummer: item.municipality.number, kommune: item.municipality.name,
                                     saksnummer: item.caseRecord.saksnummer.description, caseId: item.caseRecord.id!,
                                     letterId: item.letter.id!, title: item.letter.title, body: item.letter.body,
                                     recipientFodselsnummer: item.letter.recipientFnr, createdAt: item.letter.createdAt)
        do {
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = .sortedKeys
            let body = try encoder.encode(message)
            let timestamp = String(Int(now.timeIntervalSince1970))
            var headers = HTTPHeaders()
            headers.contentType = .json
            headers.add(name: "Radhus-Message-Id", value: id)
            headers.add(name: "Radhus-Timestamp", value: timestamp)
            headers.add(name: "Radhus-Signature", value: "sha256=" + Self.signature(secret: item.settings?.webhookSecret ?? "", timestamp: timestamp, body: body))
            let response = try await client.post(URI(string: url), headers: headers) { req in
                req.body = ByteBuffer(data: body)
                req.timeout = .seconds(15)
            }
            switch response.status.code {
            case 200..<300:
                return .advance(.akseptert, detail: "Mottatt av fagsystemet (HTTP \(response.status.code))", next: .none, at: nil)
            case 408, 409, 425, 429, 500...:
                return .failure("Webhook: HTTP \(response.status.code)", transient: true)
            default:
                return .failure("Webhook: avvist med HTTP \(response.status.code)", transient: false, rejected: true)
            }
        } catch {
            return .failure("Webhook: \(String(describing: error).prefix(200))", transient: true)
        }
    }

    /// HMAC-SHA256 over `timestamp.body`, hex: the receiver recomputes it with the shared secret.
    public static func signature(secret: String, timestamp: String, body: Data) -> String {
        var signed = Data(timestamp.utf8)
        signed.append(UInt8(ascii: "."))
        signed.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: Data(secret.utf8)))
        return hexString(mac)
    }

    // MARK: - Print

    var printRoot: URL { URL(fileURLWithPath: config.printDirectory, isDirectory: true) }

    func loadFont() throws -> TrueTypeFont {
        if let f = font.withLockedValue({ $0 }) { return f }
        let f = try TrueTypeFont.locate(config.pdfFont)
        font.withLockedValue { $0 = f }
        return f
    }

    struct ManifestEntry: Codable {
        var key: String
        var shipmentId: UUID
        var file: String
        var sha256: String
        var kommunenummer: String
        var recipient: [String]
    }

    struct Manifest: Codable {
        var batch: String
        var createdAt: Date
        var count: Int
        var letters: [ManifestEntry]
    }

    /// The envelope address: the population register's, or the address given in the application.
    static func address(_ item: Item) -> [String]? {
        if let a = item.contact?.postalAddress, !a.isEmpty {
            return a.split(separator: "\n").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let v = item.caseRecord.answers.values
        if let gate = v["adresse.gate"], let nr = v["adresse.postnummer"], let sted = v["adresse.poststed"], !gate.isEmpty {
            return ["Til foresatte", gate, "\(nr) \(sted)"]
        }
        return nil
    }

    /// Renders the letters as PDF into one batch folder for the print provider, with a
    /// manifest; the folder appears (by rename) only when complete.
    func printBatch(_ items: [Item]) -> [StepResult] {
        let now = clock.now()
        let cal = NorwegianCalendar()
        let font: TrueTypeFont
        do { font = try loadFont() } catch {
            logger.error("Printing is not possible: \(error)")
            return items.map { _ in .failure("Utskrift: \(error)", transient: true) }
        }
        let batch = "\(cal.isoDate(now))-\(UUID().uuidString.prefix(8).lowercased())"
        let fm = FileManager.default
        let staging = printRoot.appendingPathComponent(".under-arbeid/\(batch)", isDirectory: true)
        let outbox = printRoot.appendingPathComponent("utgaende", isDirectory: true)
        var results: [StepResult] = []
        var entries: [ManifestEntry] = []
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
            try fm.createDirectory(at: outbox, withIntermediateDirectories: true)
            for item in items {
                guard let address = Self.address(item) else {
                    results.append(.failure("Utskrift: mottakeren har ingen postadresse", transient: false))
                    continue
                }
                let key = DispatchKey.key(shipment: item.shipment.id!, step: .print)
                let pdf = LetterPDF(sender: item.municipality.name, recipient: address,
                                    reference: "Saksnr. \(item.caseRecord.saksnummer.description)",
                                    date: cal.norwegianDate(item.letter.createdAt), title: item.letter.title, body: item.letter.body)
                    .render(font: font)
                try pdf.write(to: staging.appendingPathComponent("\(key).pdf"))
                entries.append(ManifestEntry(key: key, shipmentId: item.shipment.id!, file: "\(key).pdf",
                                             sha256: hexString(SHA256.hash(data: pdf)),
                                             kommunenummer: item.municipality.number, recipient: address))
                results.append(.advance(.sendtPrint, detail: "Sendt til utskrift (bunke \(batch))", next: .none, at: nil, batch: batch))
            }
            if entries.isEmpty {
                try? fm.removeItem(at: staging)
                return results
            }
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(Manifest(batch: batch, createdAt: now, count: entries.count, letters: entries))
                .write(to: staging.appendingPathComponent("manifest.json"))
            try fm.moveItem(at: staging, to: outbox.appendingPathComponent(batch, isDirectory: true))
            return results
        } catch {
            try? fm.removeItem(at: staging)
            logger.error("Could not write print batch: \(error)")
            return items.map { _ in .failure("Utskrift: kunne ikke skrive bunken", transient: true) }
        }
    }

    struct PrintReceipt: Codable {
        var batch: String
        /// The keys (file names without `.pdf`) the provider printed and posted.
        var printed: [String]
    }

    /// Reads the print provider's receipts (`kvitteringer/*.json`): each printed letter becomes
    /// PRINTET. A read receipt is moved to `kvitteringer/behandlet/`; one that cannot be read to
    /// `kvitteringer/feil/`.
    func readPrintReceipts() async throws -> Int {
        let fm = FileManager.default
        let dir = printRoot.appendingPathComponent("kvitteringer", isDirectory: true)
        guard let files = try? fm.contentsOfDirectory(atPath: dir.path).filter({ $0.hasSuffix(".json") }).sorted(), !files.isEmpty else {
            return 0
        }
        var handled = 0
        for name in files {
            let file = dir.appendingPathComponent(name)
            guard let data = fm.contents(atPath: file.path) else { continue }
            guard let receipt = try? JSONDecoder().decode(PrintReceipt.self, from: data) else {
                try? fm.createDirectory(at: dir.appendingPathComponent("feil"), withIntermediateDirectories: true)
                try? fm.moveItem(at: file, to: dir.appendingPathComponent("feil/\(name)"))
                logger.warning("Unreadable print receipt moved aside", metadata: ["file": .string(name)])
                continue
            }
            let ids = receipt.printed.compactMap { UUID(uuidString: String($0.prefix(36))) }
            let now = clock.now()
            try await writer.write(on: db) { tx in
                let rows = try await ShipmentRecord.query(on: tx).filter(\.$id ~~ ids).all()
                for s in rows where s.shipmentStatus == .sendtPrint {
                    s.status = ShipmentStatus.printet.rawValue
                    s.updatedAt = now
                    try await s.update(on: tx)
                    try await Outbox.event(shipmentID: s.id!, municipalityID: s.municipalityID, caseID: s.caseID, status: .printet,
                                           at: now, detail: "Skrevet ut og postlagt (bunke \(receipt.batch))", on: tx as! any SQLDatabase)
                }
            }
            // Another process may have moved it first; then it was handled there.
            try? fm.createDirectory(at: dir.appendingPathComponent("behandlet"), withIntermediateDirectories: true)
            try? fm.moveItem(at: file, to: dir.appendingPathComponent("behandlet/\(name)"))
            handled += 1
        }
        return handled
    }

    // MARK: - Record

    func record(_ item: Item, step: ShipmentAction, _ result: StepResult) async throws {
        let now = clock.now()
        let me = workerID
        let id = item.shipment.id!
        let policy = item.policy
        try await writer.write(on: db) { tx in
            let sql = tx as! any SQLDatabase
            // Only while the claim is ours: if it ran out and another worker took over, that worker records.
            guard let s = try await ShipmentRecord.query(on: tx).filter(\.$id == id).filter(\.$claimedBy == me).first() else { return }
            // Released; `claimed_by` stays as the worker that did the last step (for operators).
            s.claimedUntil = nil
            s.updatedAt = now
            // Someone may have acted meanwhile (the letter was read, a caseworker stopped it): then
            // their status and next step stand.
            let untouched = s.nextAction == step.rawValue
            func note(_ status: ShipmentStatus, _ detail: String) async throws {
                try await Outbox.event(shipmentID: id, municipalityID: s.municipalityID, caseID: s.caseID, status: status, at: now,
                                       detail: detail, on: sql)
            }
            switch result {
            case let .advance(status, detail, next, at, printDue, batch):
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
            case let .failure(message, transient, rejected):
                s.attempts += 1
                let first = s.firstFailureAt ?? now
                s.firstFailureAt = first
                s.lastError = String(message.prefix(500))
                guard untouched else { break }
                if transient && policy.shouldRetry(firstFailure: first, now: now) {
                    s.nextAttemptAt = now.addingTimeInterval(policy.backoff(afterFailures: s.attempts, jitter: Double.random(in: -0.1...0.1)))
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

/// Runs the dispatcher (and the journal registrar) inside `radhus serve`: a loop that ticks while there is work and sleeps
/// for the poll interval when there is none, and stops cleanly on shutdown (the current tick
/// finishes; nothing claimed is left half-recorded beyond its lease).
final class DispatcherService: LifecycleHandler, Sendable {
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    func didBootAsync(_ app: Application) async throws {
        let dispatcher = Dispatcher(app: app)
        let registrar = JournalRegistrar(app: app)
        let events = EventFeed(app: app)
        let insights = InsightsService(app: app)
        let client = app.client, policy = app.radhusConfig.dispatchPolicy
        let poll = app.radhusConfig.dispatchPollInterval
        let logger = Logger(label: "radhus.dispatch")
        logger.info("Dispatcher started", metadata: ["worker": .string(dispatcher.workerID)])
        task.withLockedValue {
            $0 = Task.detached {
                while !Task.isCancelled {
                    do {
                        // Journal first: a letter is on record by the time it is dispatched, as a rule.
                        let journaled = try await registrar.registerPending()
                        // Events after the journal and the letters, so the feed has what this tick did.
                        let worked = try await dispatcher.tick().worked
                        let sequenced = try await events.sequencePending()
                        let folded = try await insights.aggregate()
                        let pushed = try await events.deliverWebhooks(client: client, workerID: dispatcher.workerID, policy: policy)
                        if worked == 0 && journaled == 0 && sequenced == 0 && folded == 0 && pushed == 0 { try? await Task.sleep(for: .seconds(poll)) }
                    } catch {
                        logger.warning("Dispatch tick failed; trying again", metadata: ["error": .string(String(describing: error).prefix(300).description)])
                        try? await Task.sleep(for: .seconds(max(poll, 1)))
                    }
                }
                logger.info("Dispatcher stopped")
            }
        }
    }

    func shutdownAsync(_ app: Application) async {
        let t = task.withLockedValue { t in defer { t = nil }; return t }
        t?.cancel()
        await t?.value
    }
}
