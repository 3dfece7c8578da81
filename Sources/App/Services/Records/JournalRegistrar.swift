import Fluent
import Foundation
import RadhusCore
import SQLKit
import Vapor

/// Registers what a kommune receives and sends in its journal (Noark 5): every submitted
/// application as an inbound journalpost (I) and every letter as an outbound one (U), each
/// with its document frozen as a UTF-8 text file with its SHA-256.
///
/// Registration runs in the background (next to the dispatcher), in batches per kommune: one
/// transaction locks the kommune's chain head for the year, numbers the new entries in the
/// order things happened and links each to the one before. Keeping it off the submission
/// path keeps that path at its speed, and one writer per chain keeps the chain a chain.
public struct JournalRegistrar: Sendable {
    let db: any Database
    let writer: WriteCoordinator
    let clock: any Clock
    let services: ServiceRegistry

    public init(app: Application) {
        db = app.db
        writer = app.writer
        clock = app.clock
        services = app.services
    }

    /// Registers a batch of pending documents per kommune (`batch.limit` each, in the background
    /// lane); returns how many were registered.
    @discardableResult
    public func registerPending(batch: BatchSizer = BatchSizer(initial: 500, maximum: 500)) async throws -> Int {
        // A read first: an idle tick must not take the write lock or touch the chain head. One
        // statement finds the kommuner with work (it was one per kommune, and two when idle).
        let kommuner = try await Municipality.query(on: db).filter(.sql(unsafeRaw: Self.hasPendingWork)).all()
        var total = 0
        for m in kommuner {
            let snapshot = try m.snapshot()
            total += try await writer.writeBatch(on: db, sizer: batch) { tx, limit in
                try await Self.register(kommune: snapshot, services: services, now: clock.now(), limit: limit, on: tx)
            }
        }
        return total
    }

    struct Pending {
        var at: Date
        var caseRecord: CaseRecord
        var letter: LetterRecord?
        var message: CaseMessage? = nil
        /// Numbered after the application and before the letters of the same second.
        var order: Int { letter != nil ? 2 : message != nil ? 1 : 0 }
    }

    /// Cases and letters not yet journaled have no `journaled` mark (their writers leave it out);
    /// the registrar sets it in the transaction that journals them. An index on it makes the
    /// check a lookup of the pending rows: it was an anti-join over every case and letter of the
    /// kommune, once a second on every node (migration 011).
    static let inboundPending = "cases.journaled IS NULL"
    static let outboundPending = "letters.journaled IS NULL"
    /// Messages from applicants (issue 20), inbound like the application (migration 024).
    static let messagesPending = "case_messages.journaled IS NULL"

    /// A kommune with cases or letters to journal (uses the index of migration 011).
    static let hasPendingWork = """
        (EXISTS (SELECT 1 FROM cases WHERE \(inboundPending) AND cases.municipality_id = municipalities.id)
          OR EXISTS (SELECT 1 FROM letters WHERE \(outboundPending) AND letters.municipality_id = municipalities.id)
          OR EXISTS (SELECT 1 FROM case_messages WHERE \(messagesPending)
            AND case_messages.municipality_id = municipalities.id))
        """

    static func register(
        kommune m: Municipality.Snapshot, services: ServiceRegistry, now: Date, limit: Int,
        on tx: any Database
    ) async throws -> Int {
        let sql = tx.sql
        let year = NorwegianCalendar().year(of: now)
        // Lock the chain head first: whoever comes second sees what the first registered.
        var (seq, prev) = try await JournalChain.lock(
            municipalityID: m.id, year: year, genesis: "journal:\(m.number):\(year)", on: sql)
        let inbound = try await CaseRecord.query(on: tx).filter(\.$municipalityID == m.id)
            .filter(.sql(unsafeRaw: inboundPending))
            .sort(\.$submittedAt).sort(\.$saksYear).sort(\.$saksSequence).limit(limit).all()
        let letters = try await LetterRecord.query(on: tx).filter(\.$municipalityID == m.id)
            .filter(.sql(unsafeRaw: outboundPending))
            .sort(\.$createdAt).limit(limit).all()
        let messages = try await CaseMessage.query(on: tx).filter(\.$municipalityID == m.id)
            .filter(.sql(unsafeRaw: messagesPending)).sort(\.$createdAt).limit(limit).all()
        guard !inbound.isEmpty || !letters.isEmpty || !messages.isEmpty else { return 0 }
        var casesByID = Dictionary(inbound.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        let missing = Set(letters.map(\.caseID) + messages.map(\.caseID)).subtracting(casesByID.keys)
        if !missing.isEmpty {
            for c in try await CaseRecord.query(on: tx).filter(\.$id ~~ missing).all() { casesByID[c.id!] = c }
        }
        // The files an applicant sent with a message (issue 20), named in its document with their
        // checksums: what was received is on record by name and content.
        // A caseworker's message goes as a letter and may carry files too: its post names the
        // message (`message_id`, migration 033) so the export and the appeal package file them.
        var letterMessages: [UUID: UUID] = [:]
        for chunk in letters.map({ $0.id! }).chunks(of: 200) {
            for row in try await sql.select().column("id").column("letter_id").from(CaseMessage.schema)
                .where("letter_id", .in, Array(chunk)).all()
            {
                letterMessages[try row.decode(column: "letter_id", as: UUID.self)] = try row.decode(
                    column: "id", as: UUID.self)
            }
        }
        let messageFiles = try await AttachmentService.forMessages(
            messages.map { $0.id! } + Array(letterMessages.values), on: sql)
        // Follow-up applications (issue 24) come as messages: journaled under their own title.
        var followUpKinds: [UUID: String] = [:]
        if !messages.isEmpty {
            for f in try await FollowUpRecord.query(on: tx).filter(\.$messageID ~~ messages.map { $0.id! }).all() {
                followUpKinds[f.messageID] = f.kind
            }
        }
        // An appeal's case (issue 20) has the appeal as its document 1, not the application.
        let appealCases = inbound.filter { $0.appealOf != nil }.map { $0.id! }
        var appeals: [UUID: (Appeal, Saksnummer)] = [:]
        if !appealCases.isEmpty {
            let rows = try await Appeal.query(on: tx).filter(\.$caseID ~~ appealCases).all()
            let appealed = Dictionary(
                try await CaseRecord.query(on: tx).filter(\.$id ~~ rows.map(\.appealedCaseID)).all().map {
                    ($0.id!, $0.saksnummer)
                }, uniquingKeysWith: { a, _ in a })
            for row in rows { appeals[row.caseID] = appealed[row.appealedCaseID].map { (row, $0) } }
        }
        // The order things happened; an application before the letters that answer it.
        var pending = inbound.map { Pending(at: $0.submittedAt, caseRecord: $0, letter: nil) }
        for l in letters {
            if let c = casesByID[l.caseID] { pending.append(Pending(at: l.createdAt, caseRecord: c, letter: l)) }
        }
        for message in messages {
            if let c = casesByID[message.caseID] {
                pending.append(Pending(at: message.createdAt, caseRecord: c, letter: nil, message: message))
            }
        }
        pending.sort { ($0.at, $0.order) < ($1.at, $1.order) }
        pending = Array(pending.prefix(limit))
        // A letter or message waits for its case's application to be on record first (a
        // backlog beyond one batch): the application is document 1 of its case.
        let applicationsHere = Set(pending.filter { $0.order == 0 }.map { $0.caseRecord.id! })
        let later = Set(pending.filter { $0.order > 0 }.map { $0.caseRecord.id! }).subtracting(applicationsHere)
        if !later.isEmpty {
            let waiting = Set(
                try await sql.select().column("id").from(CaseRecord.schema)
                    .where("id", .in, SQLBind.group(Array(later))).where(SQLRaw(Self.inboundPending)).all()
                    .map { try $0.decode(column: "id", as: UUID.self) })
            pending.removeAll { $0.order > 0 && waiting.contains($0.caseRecord.id!) }
        }

        // Next document number per case. An application is the first document of its case, so
        // only the cases of letters need the query (a batch of applications skips it).
        var nextDoc: [UUID: Int] = [:]
        let caseIDs = Set(pending.filter { $0.order > 0 }.map { $0.caseRecord.id! })
        let numbered =
            caseIDs.isEmpty
            ? []
            : try await sql.select().column("case_id").column(
                SQLFunction("max", args: SQLColumn("document_number")), as: "n"
            )
            .from(JournalEntry.schema).where("case_id", .in, SQLBind.group(Array(caseIDs))).groupBy("case_id").all()
        for row in numbered {
            nextDoc[try row.decode(column: "case_id", as: UUID.self)] =
                (try row.decode(column: "n", as: Int?.self) ?? 0) + 1
        }
        let cal = NorwegianCalendar()
        let journalDate = cal.isoDate(now)
        let registeredAt = JournalChain.timestamp(now)
        // Written together after the loop: two statements a batch, not two an entry.
        var entries: [JournalEntry] = []
        var documents: [JournalDocument] = []
        entries.reserveCapacity(pending.count)
        documents.reserveCapacity(pending.count)
        for p in pending {
            let c = p.caseRecord
            let service = try await services.entry(c.serviceID, version: c.serviceVersion, on: tx)?.definition
            let archive = service?.archiveSettings ?? .fallback(serviceID: c.serviceID)
            let answers = c.answers.values
            let screened = archive.screening?.fields.compactMap { answers[$0] } ?? []
            let docNumber = nextDoc[c.id!] ?? 1
            nextDoc[c.id!] = docNumber + 1
            // A meeting's minutes (issue 22) are the organ's own document: N, with the participants.
            let minutes = p.message?.messageDirection == .minutes
            let type: JournalpostType = minutes ? .noteWithFollowUp : p.letter == nil ? .inbound : .outbound
            let title: String
            let text: String
            if let message = p.message, minutes {
                title = "Møtereferat"
                text =
                    "\(m.name)\nSaksnr. \(c.saksnummer)\n\(cal.norwegianDate(message.createdAt))\n\n\(title)\n\n\(message.body)\n"
            } else if let message = p.message {
                // A message carries no screened field by name, but may say anything: the public
                // title is the kind of document, never its words.
                title =
                    followUpKinds[message.id!].map { kind in
                        service?.followUp(kind)?.title.nb ?? kind
                    }
                    ?? (message.messageDirection == .thirdParty
                        ? "Merknad til nabovarsel"
                        : message.requestID == nil
                            ? "Melding fra søker" : "Svar fra søker på forespørsel om opplysninger")
                let files = (messageFiles[message.id!] ?? []).map {
                    "- \($0.fileName) (\($0.sizeText), SHA-256 \($0.sha256))"
                }
                text =
                    "\(m.name)\nSaksnr. \(c.saksnummer)\n\(cal.norwegianDate(message.createdAt))\n\n\(title)\n\n\(message.body)\n"
                    + (files.isEmpty ? "" : "\nVedlegg:\n" + files.joined(separator: "\n") + "\n")
            } else if p.letter == nil, let (appeal, appealed) = appeals[c.id!] {
                // Like a message, the appeal may say anything: the public title is its kind.
                title = "Klage på vedtak i sak \(appealed) – \(service?.title.nb ?? c.serviceID)"
                let late = appeal.lateReason.map { "\n\nKlagen kom etter fristen. Søkerens begrunnelse:\n\($0)" } ?? ""
                text =
                    "\(m.name)\nSaksnr. \(c.saksnummer)\n\(cal.norwegianDate(appeal.lodgedAt))\n\n\(title)\n\n\(appeal.text)\(late)\n"
            } else if let l = p.letter {
                title = l.title
                // The letter names its files; the record adds what each one's content was.
                let files = (letterMessages[l.id!].flatMap { messageFiles[$0] } ?? []).map {
                    "- \($0.fileName): SHA-256 \($0.sha256)"
                }
                text =
                    "\(m.name)\nSaksnr. \(c.saksnummer)\n\(cal.norwegianDate(l.createdAt))\n\n\(l.title)\n\n\(l.body)\n"
                    + (files.isEmpty ? "" : "\nKontrollsummer for vedleggene:\n" + files.joined(separator: "\n") + "\n")
            } else {
                let name = screened.first.map { " – \($0)" } ?? ""
                title = (service?.title.nb ?? c.serviceID) + name
                text = Self.applicationText(c, service: service, kommune: m)
            }
            let publicTitle =
                p.message != nil || (p.letter == nil && appeals[c.id!] != nil)
                ? title : Screening.publicTitle(title, hiding: screened)
            let content = Data(text.utf8)
            let sha = HashChain.digest(content)
            seq += 1
            let entry = JournalEntry()
            entry.id = UUID()
            entry.municipalityID = m.id
            entry.caseID = c.id!
            entry.letterID = p.letter?.id
            entry.messageID = p.message?.id ?? p.letter.flatMap { letterMessages[$0.id!] }
            entry.saksYear = c.saksYear
            entry.saksSeq = c.saksSequence
            entry.journalYear = year
            entry.journalSeq = seq
            entry.documentNumber = docNumber
            entry.type = type.rawValue
            entry.status = (type == .outbound ? JournalStatus.ekspedert : .journalfort).rawValue
            entry.title = title
            entry.publicTitle = publicTitle
            entry.screeningBasis = screened.isEmpty ? nil : archive.screening?.basis
            entry.correspondent =
                minutes
                ? "Møtedeltakere i sak \(c.saksnummer)"
                : p.message?.messageDirection == .thirdParty
                    ? "Nabo i sak \(c.saksnummer)"
                    : type == .inbound ? "Søker i sak \(c.saksnummer)" : "Mottaker i sak \(c.saksnummer)"
            entry.classID = archive.classID
            entry.classTitle = archive.classTitle
            entry.serviceID = c.serviceID
            entry.journalDate = journalDate
            entry.registeredAt = registeredAt
            entry.registeredBy = "Radhus (automatisk journalføring)"
            entry.documentSHA256 = sha
            entry.prevHash = prev
            entry.hash = JournalChain.hash(entry, previous: prev)
            prev = entry.hash
            entries.append(entry)
            let doc = JournalDocument()
            doc.journalEntryID = entry.id!
            doc.municipalityID = m.id
            doc.version = 1
            doc.title = title
            doc.format = "RA-TEKST"
            doc.mime = "text/plain; charset=utf-8"
            doc.size = content.count
            doc.sha256 = sha
            doc.content = content
            doc.createdAt = registeredAt
            documents.append(doc)
        }
        // In chunks: a statement's bound values stay well within both databases' limits. SQLKit,
        // not Fluent's `create`: Fluent reflects over every model's properties to encode it,
        // which made each entry cost more than the batch's statements.
        for chunk in entries.chunks(of: 100) { try await Self.insert(chunk, on: sql) }
        for chunk in documents.chunks(of: 100) { try await Self.insert(chunk, on: sql) }
        let journaledCases = pending.filter { $0.order == 0 }.map { $0.caseRecord.id! }
        let journaledLetters = pending.compactMap { $0.letter?.id }
        let journaledMessages = pending.compactMap { $0.message?.id }
        for (table, ids) in [
            (CaseRecord.schema, journaledCases), (LetterRecord.schema, journaledLetters),
            (CaseMessage.schema, journaledMessages),
        ] {
            for chunk in ids.chunks(of: 200) {
                try await sql.update(table).set("journaled", to: SQLBind(true)).where(
                    "id", .in, SQLBind.group(Array(chunk))
                )
                .run()
            }
        }
        try await JournalChain.advance(municipalityID: m.id, year: year, seq: seq, hash: prev, on: sql)
        return pending.count
    }

    static func insert(_ entries: ArraySlice<JournalEntry>, on sql: any SQLDatabase) async throws {
        var insert = sql.insert(into: JournalEntry.schema).columns(
            "id", "municipality_id", "case_id", "letter_id", "message_id", "saks_year", "saks_seq", "journal_year",
            "journal_seq",
            "document_number", "type", "status", "title", "public_title", "screening_basis", "correspondent",
            "class_id", "class_title", "service_id", "journal_date", "registered_at", "registered_by",
            "document_sha256", "prev_hash", "hash")
        for e in entries {
            insert = insert.values(
                SQLBind(e.id!), SQLBind(e.municipalityID), SQLBind(e.caseID), SQLBind.orNull(e.letterID),
                SQLBind.orNull(e.messageID), SQLBind(e.saksYear), SQLBind(e.saksSeq), SQLBind(e.journalYear),
                SQLBind(e.journalSeq),
                SQLBind(e.documentNumber), SQLBind(e.type), SQLBind(e.status), SQLBind(e.title),
                SQLBind(e.publicTitle), SQLBind.orNull(e.screeningBasis), SQLBind(e.correspondent),
                SQLBind(e.classID), SQLBind(e.classTitle), SQLBind(e.serviceID), SQLBind(e.journalDate),
                SQLBind(e.registeredAt), SQLBind(e.registeredBy), SQLBind(e.documentSHA256), SQLBind(e.prevHash),
                SQLBind(e.hash))
        }
        try await insert.run()
    }

    static func insert(_ documents: ArraySlice<JournalDocument>, on sql: any SQLDatabase) async throws {
        var insert = sql.insert(into: JournalDocument.schema).columns(
            "id", "journal_entry_id", "municipality_id", "version", "title", "format", "mime", "size", "sha256",
            "content", "created_at")
        for d in documents {
            insert = insert.values(
                SQLBind(d.id ?? UUID()), SQLBind(d.journalEntryID), SQLBind(d.municipalityID), SQLBind(d.version),
                SQLBind(d.title), SQLBind(d.format), SQLBind(d.mime), SQLBind(d.size), SQLBind(d.sha256),
                SQLBind(d.content), SQLBind(d.createdAt))
        }
        try await insert.run()
    }

    /// The application as the archive keeps it (`ApplicationDocument`, RadhusCore).
    static func applicationText(_ c: CaseRecord, service: ServiceDefinition?, kommune m: Municipality.Snapshot)
        -> String
    {
        ApplicationDocument.text(
            kommune: m.name, kommuneNumber: m.number, saksnummer: c.saksnummer, submittedAt: c.submittedAt,
            serviceID: c.serviceID, service: service, answers: c.answers.values)
    }
}

/// The journal's and the access log's hash chains: their heads, and the fields each link covers.
public enum JournalChain {
    /// ISO 8601 to the second, UTC: how registration times are stored and hashed.
    /// Computed, not formatted: an ISO8601DateFormatter per call was 40 % of the archive export.
    public static func timestamp(_ date: Date) -> String {
        let t = Int(date.timeIntervalSince1970.rounded(.down))
        var days = t / 86400
        var secs = t % 86400
        if secs < 0 {
            secs += 86400
            days -= 1
        }
        // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }
        return "\(y)-\(two(m))-\(two(d))T\(two(secs / 3600)):\(two(secs % 3600 / 60)):\(two(secs % 60))Z"
    }

    /// Locks (creating it at the genesis) the chain head of a kommune and year; returns the last
    /// number and hash.
    static func lock(municipalityID: UUID, year: Int, genesis: String, on sql: any SQLDatabase) async throws -> (
        Int, String
    ) {
        let row = try await sql.insert(into: "journal_chains")
            .columns("municipality_id", "year", "last_seq", "last_hash")
            .values(SQLBind(municipalityID), SQLBind(year), SQLBind(0), SQLBind(HashChain.genesis(genesis)))
            .onConflict(with: ["municipality_id", "year"]) {
                $0.set(SQLIdentifier("last_seq"), to: SQLRaw("journal_chains.last_seq"))
            }
            .returning("last_seq", "last_hash").first()
        guard let row else { throw RadhusError.internalInconsistency("journal chain head returned no row") }
        return (try row.decode(column: "last_seq", as: Int.self), try row.decode(column: "last_hash", as: String.self))
    }

    static func advance(municipalityID: UUID, year: Int, seq: Int, hash: String, on sql: any SQLDatabase) async throws {
        try await sql.update("journal_chains").set("last_seq", to: SQLBind(seq)).set("last_hash", to: SQLBind(hash))
            .where("municipality_id", .equal, SQLBind(municipalityID)).where("year", .equal, SQLBind(year)).run()
    }

    /// The fields of a journal entry that its hash covers, in order.
    static func fields(_ e: JournalEntry) -> [String] {
        [
            e.id!.uuidString, e.municipalityID.uuidString, e.caseID.uuidString, e.letterID?.uuidString ?? "",
            String(e.saksYear), String(e.saksSeq), String(e.journalYear),
            String(e.journalSeq), String(e.documentNumber), e.type, e.status, e.title, e.publicTitle,
            e.screeningBasis ?? "",
            e.correspondent, e.classID, e.classTitle, e.serviceID, e.journalDate, e.registeredAt, e.registeredBy,
            e.documentSHA256,
        ]
    }

    public static func hash(_ e: JournalEntry, previous: String) -> String {
        HashChain.link(previous: previous, fields: fields(e))
    }

    // MARK: Access log

    static func accessFields(_ a: AccessLogEntry) -> [String] {
        [
            a.id!.uuidString, a.municipalityID.uuidString, a.staffID.uuidString, a.staffRole, a.caseID.uuidString,
            a.action,
            String(Int(a.at.timeIntervalSince1970.rounded())), String(a.seq ?? 0),
        ]
    }

    /// Appends access-log rows of one kommune to its chain in one go (a name search logs every
    /// case it found): the chain head once, one multi-row insert, the head once more.
    static func appendAccess(_ entries: [AccessLogEntry], on tx: any Database) async throws {
        guard let first = entries.first else { return }
        guard entries.count > 1 else { return try await appendAccess(first, on: tx) }
        let sql = tx.sql
        let municipalityID = first.municipalityID
        let row = try await sql.insert(into: "access_log_chains")
            .columns("municipality_id", "last_seq", "last_hash")
            .values(
                SQLBind(municipalityID), SQLBind(0),
                SQLBind(HashChain.genesis("access:\(municipalityID.uuidString)"))
            )
            .onConflict(with: ["municipality_id"]) {
                $0.set(SQLIdentifier("last_seq"), to: SQLRaw("access_log_chains.last_seq"))
            }
            .returning("last_seq", "last_hash").first()
        guard let row else { throw RadhusError.internalInconsistency("access log chain head returned no row") }
        var seq = try row.decode(column: "last_seq", as: Int.self)
        var prev = try row.decode(column: "last_hash", as: String.self)
        var insert = sql.insert(into: AccessLogEntry.schema).columns(
            "id", "municipality_id", "staff_id", "staff_role", "case_id", "action", "at", "seq", "prev_hash", "hash")
        for a in entries {
            guard a.municipalityID == municipalityID else {
                throw RadhusError.internalInconsistency("access log rows of two kommuner in one append")
            }
            if a.id == nil { a.id = UUID() }
            a.at = Date(timeIntervalSince1970: a.at.timeIntervalSince1970.rounded())
            seq += 1
            a.seq = seq
            a.prevHash = prev
            a.hash = HashChain.link(previous: prev, fields: accessFields(a))
            prev = a.hash!
            insert = insert.values(
                SQLBind(a.id!), SQLBind(a.municipalityID), SQLBind(a.staffID), SQLBind(a.staffRole), SQLBind(a.caseID),
                SQLBind(a.action), SQLBind(a.at), SQLBind(seq), SQLBind(a.prevHash!), SQLBind(a.hash!))
        }
        try await insert.run()
        try await sql.update("access_log_chains").set("last_seq", to: SQLBind(seq)).set("last_hash", to: SQLBind(prev))
            .where("municipality_id", .equal, SQLBind(municipalityID)).run()
    }

    /// Appends an access-log row to its kommune's chain, in the caller's transaction.
    static func appendAccess(_ a: AccessLogEntry, on tx: any Database) async throws {
        let sql = tx.sql
        let row = try await sql.insert(into: "access_log_chains")
            .columns("municipality_id", "last_seq", "last_hash")
            .values(
                SQLBind(a.municipalityID), SQLBind(0),
                SQLBind(HashChain.genesis("access:\(a.municipalityID.uuidString)"))
            )
            .onConflict(with: ["municipality_id"]) {
                $0.set(SQLIdentifier("last_seq"), to: SQLRaw("access_log_chains.last_seq"))
            }
            .returning("last_seq", "last_hash").first()
        guard let row else { throw RadhusError.internalInconsistency("access log chain head returned no row") }
        let prev = try row.decode(column: "last_hash", as: String.self)
        if a.id == nil { a.id = UUID() }
        // Whole seconds: the time must hash the same after any database round trip.
        a.at = Date(timeIntervalSince1970: a.at.timeIntervalSince1970.rounded())
        a.seq = try row.decode(column: "last_seq", as: Int.self) + 1
        a.prevHash = prev
        a.hash = HashChain.link(previous: prev, fields: accessFields(a))
        try await a.create(on: tx)
        try await sql.update("access_log_chains").set("last_seq", to: SQLBind(a.seq!)).set(
            "last_hash", to: SQLBind(a.hash!)
        )
        .where("municipality_id", .equal, SQLBind(a.municipalityID)).run()
    }
}
