import Crypto
import Fluent
import FluentSQLiteDriver
import Foundation
import NIOConcurrencyHelpers
import RadhusCore
import SQLKit
import Vapor

/// Writes an arkivuttrekk (Noark 5 archive export) for one kommune and period: `arkivstruktur.xml`,
/// `loependeJournal.xml`, `offentligJournal.xml`, `endringslogg.xml`, `arkivuttrekk.xml` (ADDML:
/// counts and SHA-256 of every file), Arkivverket's XSDs and `DOKUMENT/` with the files.
///
/// Streamed: journal entries are read in pages of `pageSize` along an index (keyset
/// pagination, never OFFSET) and written through buffered writers that hash as they write,
/// so memory stays the same whatever the size of the archive.
///
/// `arkivstruktur.xml` holds the closed case files (Noark 5 requires avsluttetDato on a
/// mappe); a case still open stays in the live archive and goes into the next period's export.
/// The two journals list every journalpost of the period.
public struct ArchiveExporter: Sendable {
    let db: any Database
    /// The journals' pass reads through this one. A Fluent `Database` is bound to one event
    /// loop, and on SQLite an event loop has one connection: with one handle, the two passes'
    /// reads queued behind each other and each pass spent about 40 % of its time waiting for them.
    let journalDB: any Database
    public var pageSize = 1000
    /// Where the applications' attachments are (issue 19): each is a document of its
    /// application's journalpost, copied into `DOKUMENT/`. Nil: an installation without them.
    var store: (any AttachmentStore)?
    /// Where a service's own administrative unit is found (its `archive.unit`, issue 19).
    var registry: ServiceRegistry?

    public init(db: any Database, journalDB: (any Database)? = nil) {
        self.db = db
        self.journalDB = journalDB ?? db
    }

    /// An exporter whose two passes read through connections of different event loops.
    public init(app: Application) {
        let loops = Array(app.eventLoopGroup.makeIterator())
        let on = { (loop: any EventLoop) in app.databases.database(logger: app.logger, on: loop)! }
        self.init(db: on(loops[0]), journalDB: on(loops[loops.count > 1 ? 1 : 0]))
        store = app.storage[Application.AttachmentStoreKey.self]
        registry = app.storage[Application.RegistryKey.self]
    }

    public struct Problem: Error, CustomStringConvertible { public var description: String }

    public struct Summary: Sendable {
        public var journalposts = 0
        public var caseFiles = 0
        public var openCasesLeft = 0
        public var documents = 0
        public var files: [(name: String, sha256: String, bytes: Int)] = []
    }

    static let schemaFiles = [
        "addml.xsd", "arkivstruktur.xsd", "endringslogg.xsd", "loependeJournal.xsd", "metadatakatalog.xsd",
        "offentligJournal.xsd",
    ]

    /// - Parameters:
    ///   - schemas: the folder with Arkivverket's XSDs (copied into the export).
    ///   - progress: called with (journalposts written, total) as the export goes.
    public func export(
        kommune number: String, from: String, to: String, into directory: String, schemas: String, now: Date,
        progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> Summary {
        let cal = NorwegianCalendar()
        guard cal.parseDate(from) != nil, cal.parseDate(to) != nil, from <= to else {
            throw Problem(description: "--from and --to must be dates (yyyy-MM-dd), from before to")
        }
        guard let m = try await Municipality.query(on: db).filter(\.$number == number).first() else {
            throw Problem(description: "no kommune \(number)")
        }
        let mid = try m.requireID()
        for f in Self.schemaFiles where !FileManager.default.fileExists(atPath: "\(schemas)/\(f)") {
            throw Problem(
                description:
                    "\(schemas)/\(f) is missing: pass --schemas with Arkivverket's Noark 5 XSDs (RADHUS_SHARED_DATA/noark5)"
            )
        }
        let fm = FileManager.default
        if fm.fileExists(atPath: directory), !((try? fm.contentsOfDirectory(atPath: directory)) ?? []).isEmpty {
            throw Problem(description: "\(directory) is not empty")
        }
        try fm.createDirectory(atPath: directory + "/DOKUMENT", withIntermediateDirectories: true)
        let sql = db.sql
        let total =
            try await sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from(JournalEntry.schema)
            .where("municipality_id", .equal, SQLBind(mid)).where("journal_date", .greaterThanOrEqual, SQLBind(from))
            .where("journal_date", .lessThanOrEqual, SQLBind(to)).first()?.decode(column: "n", as: Int.self) ?? 0
        guard total > 0 else {
            throw Problem(description: "kommune \(number) has no journal entries from \(from) to \(to)")
        }
        let unit = try await MunicipalUnit.query(on: db).filter(\.$municipalityID == mid).first()?.name ?? m.name
        let unitXML = x(unit)  // escaped once: every journalpost names it three times
        // A service may name its own unit (its `archive.unit`); escaped once too.
        var unitsXML: [String: String] = [:]
        if let registry {
            for row in try await sql.select().distinct().column("service_id").from(JournalEntry.schema)
                .where("municipality_id", .equal, SQLBind(mid)).all()
            {
                let id = try row.decode(column: "service_id", as: String.self)
                if let own = registry.archiveUnit(of: id) { unitsXML[id] = x(own) }
            }
        }
        let units = unitsXML
        let stamp = JournalChain.timestamp(now)
        var summary = Summary()

        // Journals: one pass in journal number order, both files at once.
        let lj = try XMLFile(directory + "/loependeJournal.xml")
        let oj = try XMLFile(directory + "/offentligJournal.xml")
        for (file, name) in [(lj, "loependeJournal"), (oj, "offentligJournal")] {
            file.write(
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <\(name) xmlns="http://www.arkivverket.no/standarder/noark5/\(name)" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.arkivverket.no/standarder/noark5/\(name) \(name).xsd">
                <journalhode><journalStartDato>\(from)</journalStartDato><journalSluttDato>\(to)</journalSluttDato><antallJournalposter>\(total)</antallJournalposter><arkivskaper><arkivskaperID>\(x: m.number)</arkivskaperID><arkivskaperNavn>\(x: m.name)</arkivskaperNavn></arkivskaper></journalhode>

                """)
        }
        // The journals and the structure are independent passes: run them side by side (2 cores).
        let done = NIOLockedValueBox((journal: 0, structure: 0))
        let report: @Sendable () -> Void = {
            let d = done.withLockedValue { $0 }
            progress(min(total, (d.journal + d.structure) / 2), total)
        }
        async let journalCount = writeJournals(
            mid: mid, unitXML: unitXML, units: units, from: from, to: to, lj: lj, oj: oj
        ) { n in
            done.withLockedValue { $0.journal = n }
            report()
        }

        // Arkivstruktur and the change log: one pass over closed case files in class order.
        let arkiv = try XMLFile(directory + "/arkivstruktur.xml")
        let changes = try XMLFile(directory + "/endringslogg.xml")
        let arkivID = UUID()
        let arkivdelID = UUID()
        let systemID = UUID()
        let created = JournalChain.timestamp(try await firstRegistration(mid) ?? now)
        arkiv.write(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <arkiv xmlns="http://www.arkivverket.no/standarder/noark5/arkivstruktur" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.arkivverket.no/standarder/noark5/arkivstruktur arkivstruktur.xsd">
            <systemID>\(arkivID)</systemID><tittel>\(x: m.name) – arkiv i Radhus</tittel><opprettetDato>\(created)</opprettetDato><opprettetAv>Radhus</opprettetAv><avsluttetDato>\(stamp)</avsluttetDato><avsluttetAv>Radhus (arkivuttrekk)</avsluttetAv>
            <arkivskaper><arkivskaperID>\(x: m.number)</arkivskaperID><arkivskaperNavn>\(x: m.name)</arkivskaperNavn></arkivskaper>
            <arkivdel><systemID>\(arkivdelID)</systemID><tittel>Saksarkiv \(from) – \(to)</tittel><arkivdelstatus>Avsluttet periode</arkivdelstatus><opprettetDato>\(created)</opprettetDato><opprettetAv>Radhus</opprettetAv><avsluttetDato>\(stamp)</avsluttetDato><avsluttetAv>Radhus (arkivuttrekk)</avsluttetAv><arkivperiodeStartDato>\(from)</arkivperiodeStartDato><arkivperiodeSluttDato>\(to)</arkivperiodeSluttDato>
            <klassifikasjonssystem><systemID>\(systemID)</systemID><klassifikasjonstype>Funksjonsbasert, hierarkisk</klassifikasjonstype><tittel>Tjenester i Radhus</tittel><opprettetDato>\(created)</opprettetDato><opprettetAv>Radhus</opprettetAv>

            """)
        changes.write(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <endringslogg xmlns="http://www.arkivverket.no/standarder/noark5/endringslogg" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.arkivverket.no/standarder/noark5/endringslogg endringslogg.xsd">
            <endring><referanseArkivenhet>\(arkivdelID)</referanseArkivenhet><referanseMetadata>arkivdelstatus</referanseMetadata><endretDato>\(stamp)</endretDato><endretAv>Radhus (arkivuttrekk)</endretAv><tidligereVerdi>Aktiv periode</tidligereVerdi><nyVerdi>Avsluttet periode</nyVerdi></endring>

            """)
        var pendingWrites: [Task<Void, any Error>] = []
        var currentClass: String?
        var currentCase: String?
        // The saksmappe's own elements come after its journal posts (Noark 5 extends mappe).
        var caseTail = ""
        // The local (Oslo) date of a moment, cached per UTC hour: Norway's offset is whole hours
        // and changes on the hour, and the calendar's date components cost more than the rest of
        // a case file's XML.
        var localDates: [Int: String] = [:]
        func saksdato(_ moment: Date) -> String {
            let hour = Int((moment.timeIntervalSince1970 / 3600).rounded(.down))
            if let known = localDates[hour] { return known }
            let date = cal.isoDate(moment)
            localDates[hour] = date
            return date
        }
        func closeCase() {
            arkiv.write("\(caseTail)</mappe>\n")
            currentCase = nil
        }
        let docDir = directory + "/DOKUMENT"
        // One page of closed case files' journal posts after a key, with their documents.
        let db = self.db
        let pageSize = self.pageSize
        @Sendable func structurePage(after k: (String, Int, Int, Int)) async throws -> (
            entries: [(JournalRow, ExportRow)], docs: [String: [DocumentRow]], files: [String: [Attachment]],
            messageFiles: [UUID: [Attachment]]
        ) {
            let rows = try await ExportRow.all(
                """
                SELECT CAST(j.id AS TEXT) AS id, CAST(j.case_id AS TEXT) AS case_id, j.service_id, j.class_id, j.class_title, j.saks_year, j.saks_seq, j.journal_year, j.journal_seq,
                       j.document_number, j.type, j.title, j.public_title, j.screening_basis, j.correspondent, j.journal_date,
                       j.status AS journal_status_text, j.registered_at, j.registered_by,
                       c.submitted_at, c.decided_at, d.decided_by_name, CAST(c.appeal_of AS TEXT) AS appeal_of,
                       CAST(j.message_id AS TEXT) AS message_id
                FROM journal_entries j JOIN cases c ON c.id = j.case_id
                  LEFT JOIN decisions d ON d.id = (SELECT id FROM decisions WHERE case_id = c.id ORDER BY decided_at DESC LIMIT 1)
                WHERE j.municipality_id = \(bind: mid) AND j.journal_date >= \(bind: from) AND j.journal_date <= \(bind: to)
                  AND c.status = 'avsluttet' AND c.decided_at IS NOT NULL
                  AND (j.class_id, j.saks_year, j.saks_seq, j.document_number) > (\(bind: k.0), \(bind: k.1), \(bind: k.2), \(bind: k.3))
                ORDER BY j.class_id, j.saks_year, j.saks_seq, j.document_number LIMIT \(unsafeRaw: String(pageSize))
                """, on: db)
            let entries = try rows.map { try (JournalRow($0), $0) }
            var docs: [String: [DocumentRow]] = [:]
            guard !entries.isEmpty else { return (entries, docs, [:], [:]) }
            // SQLite keeps ids as text (`CAST` above gives them back unchanged), so they are bound
            // as read; PostgreSQL's uuid column wants uuids. Parsing a million ids was measurable.
            let ids: [any Encodable & Sendable] =
                db is any SQLiteDatabase
                ? entries.map { $0.0.id } : entries.compactMap { UUID(uuidString: $0.0.id) }
            for d in try await ExportRow.all(
                """
                SELECT CAST(id AS TEXT) AS id, CAST(journal_entry_id AS TEXT) AS journal_entry_id, version, title, format, size,
                       sha256, content, created_at FROM journal_documents
                WHERE journal_entry_id IN (\(binds: ids))
                """, on: db)
            {
                let doc = try DocumentRow(d)
                docs[doc.entryID, default: []].append(doc)
            }
            // The applications' attachments, by case (ids as the case column holds them), and the
            // messages' (issue 20), by the message their journal post files.
            var files: [String: [Attachment]] = [:]
            let caseIDs = Set(
                entries.compactMap { UUID(uuidString: (try? $0.1.get("case_id", as: String.self)) ?? "") })
            if !caseIDs.isEmpty {
                for row in try await db.sql.select().columns(Attachment.columns.map { SQLIdentifier($0) })
                    .from(Attachment.schema).where("case_id", .in, Array(caseIDs)).where("municipality_id", .equal, mid)
                    .where("message_id", .is, SQLLiteral.null)
                    .orderBy("created_at").all()
                {
                    let a = try Attachment(row: row)
                    if let c = a.caseID { files[c.uuidString.uppercased(), default: []].append(a) }
                }
            }
            let messageIDs = entries.compactMap {
                (try? $0.1.optional("message_id", as: String.self)).flatMap { UUID(uuidString: $0) }
            }
            let messageFiles = try await AttachmentService.forMessages(messageIDs, on: db.sql)
                .filter { $0.value.allSatisfy { $0.municipalityID == mid } }
            return (entries, docs, files, messageFiles)
        }
        try await Self.readingAhead(
            from: ("", 0, 0, 0), read: structurePage,
            next: { page in
                page.entries.last.map { ($0.0.classID, $0.0.saksYear, $0.0.saksSeq, $0.0.documentNumber) }
            }
        ) { page in
            let (entries, docs, attachments, messageFiles) = page
            var pageFiles: [(Data, String, String)] = []
            var pageCopies: [(String, String, String)] = []
            for (e, row) in entries {
                if currentClass != e.classID {
                    if currentCase != nil { closeCase() }
                    if currentClass != nil { arkiv.write("</klasse>\n") }
                    currentClass = e.classID
                    arkiv.write(
                        "<klasse><systemID>\(UUID())</systemID><klasseID>\(x: e.classID)</klasseID><tittel>\(x: e.classTitle)</tittel><opprettetDato>\(created)</opprettetDato><opprettetAv>Radhus</opprettetAv>\n"
                    )
                }
                let caseID = try row.get("case_id", as: String.self)
                if currentCase != caseID {
                    if currentCase != nil { closeCase() }
                    currentCase = caseID
                    summary.caseFiles += 1
                    let submitted = try row.get("submitted_at", as: Date.self)
                    let decided = try row.get("decided_at", as: Date.self)
                    let responsible = (try row.optional("decided_by_name", as: String.self)) ?? "Radhus"
                    arkiv.write(
                        "<mappe xsi:type=\"saksmappe\"><systemID>\(caseID)</systemID><mappeID>\(e.saksYear)/\(e.saksSeq)</mappeID><tittel>\(x: e.title)</tittel><offentligTittel>\(x: e.publicTitle)</offentligTittel>"
                    )
                    arkiv.write(
                        "<opprettetDato>\(JournalChain.timestamp(submitted))</opprettetDato><opprettetAv>Radhus</opprettetAv><avsluttetDato>\(JournalChain.timestamp(decided))</avsluttetDato><avsluttetAv>\(x: responsible)</avsluttetAv>"
                    )
                    if let basis = e.screeningBasis {
                        arkiv.write(
                            "<skjerming><tilgangsrestriksjon>Offl. § 13</tilgangsrestriksjon><skjermingshjemmel>\(x: basis)</skjermingshjemmel><skjermingMetadata>tittel</skjermingMetadata><skjermingDokument>Hele dokumentet</skjermingDokument></skjerming>"
                        )
                    }
                    arkiv.write("\n")
                    caseTail =
                        "<saksaar>\(e.saksYear)</saksaar><sakssekvensnummer>\(e.saksSeq)</sakssekvensnummer><saksdato>\(saksdato(submitted))</saksdato><administrativEnhet>\(e.serviceID.flatMap { units[$0] } ?? unitXML)</administrativEnhet><saksansvarlig>\(x(responsible))</saksansvarlig><saksstatus>Avsluttet</saksstatus>"
                    changes.write(
                        "<endring><referanseArkivenhet>\(caseID)</referanseArkivenhet><referanseMetadata>saksstatus</referanseMetadata><endretDato>\(JournalChain.timestamp(decided))</endretDato><endretAv>\(x: responsible)</endretAv><tidligereVerdi>Under behandling</tidligereVerdi><nyVerdi>Avsluttet</nyVerdi></endring>\n"
                    )
                }
                let registeredAt = try row.get("registered_at", as: String.self)
                let registeredBy = try row.get("registered_by", as: String.self)
                let type = JournalpostType(rawValue: e.type) ?? .inbound
                // The application is document 1 of its case; later inbound documents are the
                // applicant's messages (issue 20), which carry no attachments of their own. An
                // appeal's case has the appeal as its document 1.
                let isApplication = type == .inbound && e.documentNumber == 1
                let isAppeal = try isApplication && row.optional("appeal_of", as: String.self) != nil
                arkiv.write(
                    "<registrering xsi:type=\"journalpost\"><systemID>\(e.id)</systemID><opprettetDato>\(registeredAt)</opprettetDato><opprettetAv>\(x: registeredBy)</opprettetAv><arkivertDato>\(registeredAt)</arkivertDato><arkivertAv>\(x: registeredBy)</arkivertAv>"
                )
                if let basis = e.screeningBasis {
                    arkiv.write(
                        "<skjerming><tilgangsrestriksjon>Offl. § 13</tilgangsrestriksjon><skjermingshjemmel>\(x: basis)</skjermingshjemmel><skjermingMetadata>tittel</skjermingMetadata></skjerming>"
                    )
                }
                for (n, d) in (docs[e.id] ?? []).sorted(by: { $0.version < $1.version }).enumerated()
                where n == 0 || d.version > 1 {
                    if n == 0 {
                        arkiv.write(
                            "<dokumentbeskrivelse><systemID>\(stableID("dokumentbeskrivelse", e.id))</systemID><dokumenttype>\(isAppeal ? "Klage" : isApplication ? "Søknad" : "Brev")</dokumenttype><dokumentstatus>Dokumentet er ferdigstilt</dokumentstatus><tittel>\(x: d.title)</tittel><opprettetDato>\(d.createdAt)</opprettetDato><opprettetAv>Radhus</opprettetAv><tilknyttetRegistreringSom>Hoveddokument</tilknyttetRegistreringSom><dokumentnummer>1</dokumentnummer><tilknyttetDato>\(d.createdAt)</tilknyttetDato><tilknyttetAv>Radhus</tilknyttetAv>"
                        )
                    }
                    let relative = "DOKUMENT/\(e.journalYear)/\(e.journalSeq / 1000)/\(e.id)-v\(d.version).txt"
                    pageFiles.append(
                        (d.content, directory + "/" + relative, docDir + "/\(e.journalYear)/\(e.journalSeq / 1000)"))
                    summary.documents += 1
                    if d.version > 1 {
                        changes.write(
                            "<endring><referanseArkivenhet>\(d.id)</referanseArkivenhet><referanseMetadata>versjonsnummer</referanseMetadata><endretDato>\(d.createdAt)</endretDato><endretAv>Radhus</endretAv><tidligereVerdi>\(d.version - 1)</tidligereVerdi><nyVerdi>\(d.version)</nyVerdi></endring>\n"
                        )
                    }
                    arkiv.write(
                        "<dokumentobjekt><systemID>\(d.id)</systemID><versjonsnummer>\(d.version)</versjonsnummer><variantformat>Arkivformat</variantformat><format>\(x: d.format)</format><formatDetaljer>UTF-8</formatDetaljer><opprettetDato>\(d.createdAt)</opprettetDato><opprettetAv>Radhus</opprettetAv><referanseDokumentfil>\(relative)</referanseDokumentfil><sjekksum>\(d.sha256)</sjekksum><sjekksumAlgoritme>SHA256</sjekksumAlgoritme><filstoerrelse>\(d.size)</filstoerrelse></dokumentobjekt>"
                    )
                }
                if docs[e.id]?.isEmpty == false { arkiv.write("</dokumentbeskrivelse>") }
                // The application's attachments, or the files of the message the post files:
                // documents 2, 3 … of its journalpost, as sent (production format: a PDF is not
                // checked to be PDF/A).
                let messageID = try row.optional("message_id", as: String.self).flatMap(UUID.init(uuidString:))
                let filed = isApplication ? attachments[caseID.uppercased()] : messageID.flatMap { messageFiles[$0] }
                if store != nil, let files = filed {
                    for (n, a) in files.enumerated() {
                        let at = JournalChain.timestamp(a.createdAt)
                        let ext = a.fileExtension
                        let format = ext == "jpg" ? "JPEG" : ext.uppercased()
                        let relative =
                            "DOKUMENT/\(e.journalYear)/\(e.journalSeq / 1000)/\(e.id)-vedlegg-\(n + 1).\(ext)"
                        arkiv.write(
                            "<dokumentbeskrivelse><systemID>\(stableID("vedlegg", a.id.uuidString))</systemID><dokumenttype>Vedlegg</dokumenttype><dokumentstatus>Dokumentet er ferdigstilt</dokumentstatus><tittel>\(x: a.description.isEmpty ? a.fileName : a.description)</tittel><beskrivelse>\(x: a.fileName)</beskrivelse><opprettetDato>\(at)</opprettetDato><opprettetAv>Radhus</opprettetAv><tilknyttetRegistreringSom>Vedlegg</tilknyttetRegistreringSom><dokumentnummer>\(n + 2)</dokumentnummer><tilknyttetDato>\(at)</tilknyttetDato><tilknyttetAv>Radhus</tilknyttetAv>"
                        )
                        arkiv.write(
                            "<dokumentobjekt><systemID>\(a.id)</systemID><versjonsnummer>1</versjonsnummer><variantformat>Produksjonsformat</variantformat><format>\(format)</format><opprettetDato>\(at)</opprettetDato><opprettetAv>Radhus</opprettetAv><referanseDokumentfil>\(relative)</referanseDokumentfil><sjekksum>\(a.sha256)</sjekksum><sjekksumAlgoritme>SHA256</sjekksumAlgoritme><filstoerrelse>\(Int(a.sizeBytes))</filstoerrelse></dokumentobjekt></dokumentbeskrivelse>"
                        )
                        pageCopies.append(
                            (
                                a.storageKey, directory + "/" + relative,
                                docDir + "/\(e.journalYear)/\(e.journalSeq / 1000)"
                            ))
                        summary.documents += 1
                    }
                }
                arkiv.write("<tittel>\(x: e.title)</tittel><offentligTittel>\(x: e.publicTitle)</offentligTittel>")
                arkiv.write(
                    "<korrespondansepart><korrespondanseparttype>\(type.correspondentRole)</korrespondanseparttype><korrespondansepartNavn>\(x: e.correspondent)</korrespondansepartNavn></korrespondansepart>"
                )
                arkiv.write(
                    "<journalaar>\(e.journalYear)</journalaar><journalsekvensnummer>\(e.journalSeq)</journalsekvensnummer><journalpostnummer>\(e.documentNumber)</journalpostnummer><journalposttype>\(type.noarkName)</journalposttype><journalstatus>\((JournalStatus(rawValue: e.status) ?? .journalfort).noarkName)</journalstatus><journaldato>\(e.journalDate)</journaldato><dokumentetsDato>\(e.journalDate)</dokumentetsDato></registrering>\n"
                )
            }
            // Creating files is kernel work, done off the cooperative pool and overlapped with
            // reading the next pages. One thread per page: a page's files share one or two folders
            // (DOKUMENT/<year>/<number ÷ 1000>), and several threads creating files in one folder
            // spin on its lock (perf: rwsem_spin_on_owner was the largest single cost). Two pages in
            // flight, so two threads write into different folders; memory stays flat.
            if pendingWrites.count == 2 { try await pendingWrites.removeFirst().value }
            let files = pageFiles
            let copies = pageCopies
            let exporter = self
            pendingWrites.append(
                Task.detached {
                    try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
                        DispatchQueue.global().async {
                            do {
                                try exporter.writeDocuments(files)
                                for (key, path, dir) in copies {
                                    try FileManager.default.createDirectory(
                                        atPath: dir, withIntermediateDirectories: true)
                                    try exporter.store?.copy(key, to: URL(fileURLWithPath: path))
                                }
                                c.resume()
                            } catch { c.resume(throwing: error) }
                        }
                    }
                })
            let structureDone = summary.documents
            done.withLockedValue { $0.structure = min(total, structureDone) }
            report()
        }
        for write in pendingWrites { try await write.value }
        if currentCase != nil { closeCase() }
        if currentClass != nil {
            arkiv.write("</klasse>\n")
        } else {
            // No closed case files in the period: the classification system still needs a class.
            arkiv.write(
                "<klasse><systemID>\(UUID())</systemID><klasseID>0</klasseID><tittel>Ingen avsluttede saker i perioden</tittel><opprettetDato>\(created)</opprettetDato><opprettetAv>Radhus</opprettetAv></klasse>\n"
            )
        }
        arkiv.write("</klassifikasjonssystem>\n</arkivdel>\n</arkiv>\n")
        changes.write("</endringslogg>\n")
        summary.openCasesLeft =
            try await sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from(CaseRecord.schema)
            .where("municipality_id", .equal, SQLBind(mid)).where("status", .notEqual, SQLBind("avsluttet")).first()?
            .decode(column: "n", as: Int.self) ?? 0

        summary.journalposts = try await journalCount
        var files: [(String, String, Int)] = []
        for (name, f) in [
            ("arkivstruktur.xml", arkiv), ("loependeJournal.xml", lj), ("offentligJournal.xml", oj),
            ("endringslogg.xml", changes),
        ] {
            let (sha, bytes) = try f.close()
            files.append((name, sha, bytes))
        }
        for name in Self.schemaFiles {
            let data = try Data(contentsOf: URL(fileURLWithPath: "\(schemas)/\(name)"))
            try data.write(to: URL(fileURLWithPath: "\(directory)/\(name)"))
            files.append((name, HashChain.digest(data), data.count))
        }
        try writeADDML(directory: directory, kommune: m, from: from, to: to, files: files, summary: summary)
        summary.files = files.map { (name: $0.0, sha256: $0.1, bytes: $0.2) }
        progress(total, total)
        return summary
    }

    /// The running and the public journal, in journal number order, in one pass.
    func writeJournals(
        mid: UUID, unitXML: String, units: [String: String] = [:], from: String, to: String, lj: XMLFile, oj: XMLFile,
        progress: @Sendable (Int) -> Void
    ) async throws -> Int {
        var written = 0
        let db = journalDB
        let pageSize = self.pageSize
        @Sendable func page(after key: (Int, Int)) async throws -> [JournalRow] {
            try await ExportRow.all(
                """
                SELECT CAST(id AS TEXT) AS id, service_id, class_id, class_title, saks_year, saks_seq, journal_year, journal_seq, document_number,
                       type, title, public_title, screening_basis, correspondent, journal_date, status AS journal_status_text
                FROM journal_entries
                WHERE municipality_id = \(bind: mid) AND journal_date >= \(bind: from) AND journal_date <= \(bind: to)
                  AND (journal_year, journal_seq) > (\(bind: key.0), \(bind: key.1))
                ORDER BY journal_year, journal_seq LIMIT \(unsafeRaw: String(pageSize))
                """, on: db
            ).map { try JournalRow($0) }
        }
        try await Self.readingAhead(from: (0, 0), read: page, next: { $0.last.map { ($0.journalYear, $0.journalSeq) } })
        { rows in
            for e in rows {
                let type = JournalpostType(rawValue: e.type) ?? .inbound
                let screened = e.screeningBasis != nil
                for (file, isPublic) in [(lj, false), (oj, true)] {
                    file.write(
                        "<journalregistrering><klasse><klasseID>\(x: e.classID)</klasseID><tittel>\(x: e.classTitle)</tittel></klasse>"
                    )
                    file.write(
                        "<saksmappe><mappeID>\(e.saksYear)/\(e.saksSeq)</mappeID><saksaar>\(e.saksYear)</saksaar><sakssekvensnummer>\(e.saksSeq)</sakssekvensnummer>"
                    )
                    if !isPublic { file.write("<tittel>\(x: e.title)</tittel>") }
                    file.write("<offentligTittel>\(x: e.publicTitle)</offentligTittel>")
                    let unit = e.serviceID.flatMap { units[$0] } ?? unitXML
                    file.write("<administrativEnhet>\(unit)</administrativEnhet></saksmappe>")
                    file.write(
                        "<journalpost><systemID>\(e.id)</systemID><registreringsID>\(e.saksYear)/\(e.saksSeq)-\(e.documentNumber)</registreringsID>"
                    )
                    file.write(
                        "<journalaar>\(e.journalYear)</journalaar><journalsekvensnummer>\(e.journalSeq)</journalsekvensnummer><journalpostnummer>\(e.documentNumber)</journalpostnummer>"
                    )
                    if !isPublic { file.write("<tittel>\(x: e.title)</tittel>") }
                    file.write("<offentligTittel>\(x: e.publicTitle)</offentligTittel>")
                    file.write(
                        "<journaldato>\(e.journalDate)</journaldato><dokumentetsDato>\(e.journalDate)</dokumentetsDato><administrativEnhet>\(unit)</administrativEnhet>"
                    )
                    if let basis = e.screeningBasis {
                        file.write(
                            "<tilgangsrestriksjon>Offl. § 13</tilgangsrestriksjon><skjermingshjemmel>\(x: basis)</skjermingshjemmel>"
                        )
                    }
                    file.write(
                        "<korrespondansepart><korrespondanseparttype>\(type.correspondentRole)</korrespondanseparttype>"
                    )
                    file.write(
                        "<korrespondansepartNavn>\(x: isPublic && screened ? Screening.mask : e.correspondent)</korrespondansepartNavn></korrespondansepart></journalpost></journalregistrering>\n"
                    )
                }
                written += 1
            }
            progress(written)
        }
        lj.write("</loependeJournal>\n")
        oj.write("</offentligJournal>\n")
        return written
    }

    /// Keyset pages, each read while the caller writes the one before (the reading runs on the
    /// database's threads, the writing in `body`); without that, each pass waited for its own
    /// reads and the export kept only about 1.3 of 2 cores busy. `next` gives the key after a
    /// page, or nil after the last one.
    static func readingAhead<Key: Sendable, Page: Sendable>(
        from first: Key, read: @escaping @Sendable (Key) async throws -> Page,
        next: (Page) -> Key?, body: (Page) async throws -> Void
    ) async throws {
        var upcoming = Task { try await read(first) }
        while true {
            let page = try await upcoming.value
            guard let key = next(page) else { return }
            upcoming = Task { try await read(key) }
            try await body(page)
        }
    }

    func firstRegistration(_ mid: UUID) async throws -> Date? {
        guard
            let first = try await JournalEntry.query(on: db).filter(\.$municipalityID == mid).sort(\.$journalYear).sort(
                \.$journalSeq
            )
            .first()
        else { return nil }
        return ISO8601DateFormatter().date(from: first.registeredAt)
    }

    func writeDocuments(_ files: [(Data, String, String)]) throws {
        for (data, path, dir) in files { try writeDocument(data, to: path, dir: dir) }
    }

    func writeDocument(_ data: Data, to path: String, dir: String) throws {
        var fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if fd < 0 && errno == ENOENT {
            // The other writer may be creating the same folder; either way it exists afterwards.
            try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        }
        guard fd >= 0 else { throw Problem(description: "cannot write \(path): errno \(errno)") }
        defer { close(fd) }
        try data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { throw Problem(description: "cannot write \(path): errno \(errno)") }
                offset += n
            }
        }
    }

    /// The ADDML description of the export: what it is, the period and counts, and every
    /// file with its size and SHA-256.
    func writeADDML(
        directory: String, kommune m: Municipality, from: String, to: String, files: [(String, String, Int)],
        summary: Summary
    ) throws {
        var s = """
            <?xml version="1.0" encoding="UTF-8"?>
            <addml xmlns="http://www.arkivverket.no/standarder/addml" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.arkivverket.no/standarder/addml addml.xsd" name="Arkivuttrekk \(x(m.name)) \(from) – \(to)">
            <dataset name="Noark 5 arkivuttrekk">
            <description>Arkivuttrekk fra Radhus for \(x(m.name)) (\(x(m.number))), \(from) – \(to)</description>
            <reference>
            <context><additionalElements><additionalElement name="recordCreators"><additionalElements><additionalElement name="recordCreator"><properties><property name="name"><value>\(x(m.name))</value></property><property name="organisationNumber"><value>\(x(m.number))</value></property></properties></additionalElement></additionalElements></additionalElement><additionalElement name="systemName"><value>Radhus \(RadhusConfig.version)</value></additionalElement><additionalElement name="systemType"><value>Noark 5</value></additionalElement></additionalElements></context>
            <content><additionalElements><additionalElement name="archivalPeriod"><properties><property name="startDate"><value>\(from)</value></property><property name="endDate"><value>\(to)</value></property></properties></additionalElement><additionalElement name="numberOfJournalposts"><value>\(summary.journalposts)</value></additionalElement><additionalElement name="numberOfCaseFiles"><value>\(summary.caseFiles)</value></additionalElement><additionalElement name="numberOfDocuments"><value>\(summary.documents)</value></additionalElement></additionalElements></content>
            </reference>
            <flatFiles>

            """
        for (name, sha, bytes) in files {
            s +=
                "<flatFile name=\"\(x(name))\" definitionReference=\"\(name.hasSuffix(".xsd") ? "schema" : "xmlFile")\"><properties><property name=\"fileName\"><value>\(x(name))</value></property><property name=\"fileSize\"><value>\(bytes)</value></property><property name=\"checksum\"><properties><property name=\"algorithm\"><value>SHA256</value></property><property name=\"value\"><value>\(sha)</value></property></properties></property></properties></flatFile>\n"
        }
        let counts = [
            ("journalpost", summary.journalposts), ("saksmappe", summary.caseFiles),
            ("dokumentobjekt", summary.documents),
        ]
        s += """
            <flatFileDefinitions>
            <flatFileDefinition name="xmlFile" typeReference="xml"><recordDefinitions>
            \(counts.map { "<recordDefinition name=\"\($0.0)\"><properties><property name=\"numberOfOccurrences\"><value>\($0.1)</value></property></properties><fieldDefinitions><fieldDefinition name=\"systemID\" typeReference=\"string\"/></fieldDefinitions></recordDefinition>" }.joined(separator: "\n"))
            </recordDefinitions></flatFileDefinition>
            <flatFileDefinition name="schema" typeReference="xml"><recordDefinitions><recordDefinition name="schema"><fieldDefinitions><fieldDefinition name="element" typeReference="string"/></fieldDefinitions></recordDefinition></recordDefinitions></flatFileDefinition>
            </flatFileDefinitions>
            <structureTypes><flatFileTypes><flatFileType name="xml"><charset>UTF-8</charset><fixedFileFormat/></flatFileType></flatFileTypes><fieldTypes><fieldType name="string"><dataType>string</dataType></fieldType></fieldTypes></structureTypes>
            </flatFiles>
            </dataset>
            </addml>

            """
        try Data(s.utf8).write(to: URL(fileURLWithPath: directory + "/arkivuttrekk.xml"))
    }
}

/// A name-based (version 5, SHA-1) UUID for an archive entity Radhus keeps no row of, such as
/// a journalpost's dokumentbeskrivelse: the same in every export of the entity, as a Noark 5
/// systemID should be (a random one differed in every export).
func stableID(_ kind: String, _ name: String) -> String {
    var sha = Insecure.SHA1()
    sha.update(data: Array("radhus:noark5:\(kind):".utf8))
    sha.update(data: Array(name.utf8))
    var b = Array(sha.finalize().prefix(16))  // UUID order: version in byte 6, variant in byte 8
    b[6] = (b[6] & 0x0F) | 0x50
    b[8] = (b[8] & 0x3F) | 0x80
    return b.withUnsafeBytes { UUID(uuid: $0.load(as: uuid_t.self)) }.uuidString
}

/// XML text escaping.
func x(_ s: String) -> String { String(decoding: XMLText("\(x: s)").bytes, as: UTF8.self) }

/// A piece of XML as UTF-8 bytes, built by string interpolation straight into one byte array:
/// `"<tittel>\(x: title)</tittel>"` escapes the title as it copies it. The archive export writes
/// tens of millions of these; going through `String` (growing its storage, then copying it into
/// the file's buffer, then scanning it again to escape) was a fifth of the export's CPU.
struct XMLText: ExpressibleByStringInterpolation {
    var bytes: [UInt8]

    init(stringLiteral s: String) { bytes = Array(s.utf8) }
    init(stringInterpolation i: Interpolation) { bytes = i.bytes }

    struct Interpolation: StringInterpolationProtocol {
        var bytes: [UInt8] = []

        init(literalCapacity: Int, interpolationCount: Int) {
            bytes.reserveCapacity(literalCapacity + interpolationCount * 40)
        }

        mutating func appendLiteral(_ s: String) { bytes.append(contentsOf: s.utf8) }

        /// Text that is XML already (or cannot contain markup: numbers, ids, dates).
        mutating func appendInterpolation(_ s: String) { bytes.append(contentsOf: s.utf8) }

        mutating func appendInterpolation(_ n: Int) { bytes.append(contentsOf: String(n).utf8) }

        mutating func appendInterpolation(_ id: UUID) { bytes.append(contentsOf: id.uuidString.utf8) }

        /// Text escaped for element content and attribute values.
        mutating func appendInterpolation(x s: String) {
            var s = s
            s.withUTF8 { u in
                var start = 0
                for i in 0..<u.count {
                    let entity: StaticString
                    switch u[i] {
                    case 0x26: entity = "&amp;"
                    case 0x3C: entity = "&lt;"
                    case 0x3E: entity = "&gt;"
                    case 0x22: entity = "&quot;"
                    default: continue
                    }
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[start..<i]))
                    bytes.append(
                        contentsOf: UnsafeBufferPointer(start: entity.utf8Start, count: entity.utf8CodeUnitCount))
                    start = i + 1
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[start...]))
            }
        }
    }
}

/// A file written through a buffer and hashed (SHA-256) as it is written.
///
/// Direct I/O (`O_DIRECT`) where the filesystem allows it: an export writes gigabytes that
/// nobody reads back soon, and through the page cache every byte was copied into freshly
/// allocated cache pages (perf: `copy_folio_from_iter_atomic`, a sixth of the export's CPU at
/// 100k) and then written back by the kernel's flusher threads on the same cores — while evicting
/// the database's own cached pages on a server that keeps running. Filesystems without direct
/// I/O (tmpfs) get plain buffered writes.
///
/// Two page-aligned buffers of a megabyte: while one is hashed and written on the file's own
/// queue, the caller fills the other, so hashing and waiting for the disk stay off the pass
/// that produces the XML. Only the last, partial block goes through the page cache.
final class XMLFile: @unchecked Sendable {
    private let fd: Int32
    private let capacity = 1 << 20
    private let buffers: [UnsafeMutableRawPointer]
    private var current = 0
    private var used = 0
    /// Taken while a buffer is being written: at most one write in flight, and the buffer to
    /// fill next is never the one being written.
    private let writing = DispatchSemaphore(value: 1)
    private let queue: DispatchQueue
    // Touched only on `queue`, or after `writing` has been taken by `close`.
    private var direct: Bool
    private var hasher = SHA256()
    private var bytes = 0
    private var failure: Int32?
    private var closed = false
    let path: String

    #if arch(x86_64)
        static let oDirect: Int32 = 0o40000
    #elseif arch(arm64)
        static let oDirect: Int32 = 0o200000
    #else
        static let oDirect: Int32 = 0
    #endif

    init(_ path: String) throws {
        self.path = path
        var fd = Self.oDirect == 0 ? -1 : open(path, O_WRONLY | O_CREAT | O_TRUNC | Self.oDirect, 0o644)
        direct = fd >= 0
        if fd < 0 { fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        guard fd >= 0 else { throw ArchiveExporter.Problem(description: "cannot create \(path)") }
        self.fd = fd
        var buffers: [UnsafeMutableRawPointer] = []
        for _ in 0..<2 {
            var p: UnsafeMutableRawPointer?
            guard posix_memalign(&p, 4096, capacity) == 0, let p else {
                for buffer in buffers { free(buffer) }
                Foundation.close(fd)
                throw ArchiveExporter.Problem(description: "out of memory for \(path)")
            }
            buffers.append(p)
        }
        self.buffers = buffers
        queue = DispatchQueue(label: "radhus.xmlfile")
    }

    deinit {
        if !closed {
            // An export that failed part-way: wait for the write in flight before freeing.
            writing.wait()
            writing.signal()  // libdispatch traps on freeing a semaphore below its start value
            Foundation.close(fd)
        }
        for buffer in buffers { free(buffer) }
    }

    func write(_ text: XMLText) {
        text.bytes.withUnsafeBytes { append($0) }
    }

    private func append(_ bytes: UnsafeRawBufferPointer) {
        guard var from = bytes.baseAddress else { return }
        var rest = bytes.count
        while rest > 0 {
            let n = min(rest, capacity - used)
            (buffers[current] + used).copyMemory(from: from, byteCount: n)
            used += n
            from += n
            rest -= n
            if used == capacity { flush() }
        }
    }

    /// Hands the filled buffer to the file's queue and switches to the other one.
    private func flush() {
        guard used > 0 else { return }
        let slot = current
        let count = used
        writing.wait()
        queue.async { [self] in
            writeOut(buffers[slot], count: count)
            writing.signal()
        }
        current = 1 - current
        used = 0
    }

    private func writeOut(_ buffer: UnsafeMutableRawPointer, count: Int) {
        hasher.update(bufferPointer: UnsafeRawBufferPointer(start: buffer, count: count))
        bytes += count
        guard failure == nil else { return }
        if direct && count % 4096 != 0 {
            // The last, partial block: direct I/O takes whole blocks only.
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~Self.oDirect)
            direct = false
        }
        var offset = 0
        while offset < count {
            let n = Foundation.write(fd, buffer + offset, count - offset)
            if n < 0 && errno == EINTR { continue }
            // A full disk must fail the export, not leave a short file behind a checksum.
            if n <= 0 {
                failure = n < 0 ? errno : ENOSPC
                return
            }
            offset += n
        }
    }

    /// Flushes, syncs and closes; returns the SHA-256 (hex) and the size.
    func close() throws -> (String, Int) {
        flush()
        writing.wait()
        defer { writing.signal() }
        closed = true
        if fsync(fd) != 0 { failure = failure ?? errno }
        Foundation.close(fd)
        if let failure {
            throw ArchiveExporter.Problem(description: "cannot write \(path): \(String(cString: strerror(failure)))")
        }
        return (hexString(hasher.finalize()), bytes)
    }
}

/// One journal entry row as the export reads it (plain SQL, no model reflection).
struct JournalRow {
    /// Ids as text (`CAST(id AS TEXT)`, the same on both databases): decoding and printing UUIDs
    /// was measurable at a million rows.
    var id: String, classID: String, classTitle: String, saksYear: Int, saksSeq: Int, journalYear: Int, journalSeq: Int
    var documentNumber: Int, type: String, title: String, publicTitle: String, screeningBasis: String?
    var correspondent: String, journalDate: String, status: String
    /// The service, for its own administrative unit (nil in rows that did not select it).
    var serviceID: String?

    init(_ r: ExportRow) throws {
        id = try r.get("id", as: String.self)
        classID = try r.get("class_id", as: String.self)
        classTitle = try r.get("class_title", as: String.self)
        saksYear = try r.get("saks_year", as: Int.self)
        saksSeq = try r.get("saks_seq", as: Int.self)
        journalYear = try r.get("journal_year", as: Int.self)
        journalSeq = try r.get("journal_seq", as: Int.self)
        documentNumber = try r.get("document_number", as: Int.self)
        type = try r.get("type", as: String.self)
        title = try r.get("title", as: String.self)
        publicTitle = try r.get("public_title", as: String.self)
        screeningBasis = try r.optional("screening_basis", as: String.self)
        correspondent = try r.get("correspondent", as: String.self)
        journalDate = try r.get("journal_date", as: String.self)
        status = try r.get("journal_status_text", as: String.self)
        serviceID = try r.optional("service_id", as: String.self)
    }
}

struct DocumentRow {
    var id: String, entryID: String, version: Int, title: String, format: String, size: Int, sha256: String,
        content: Data, createdAt: String

    init(_ r: ExportRow) throws {
        id = try r.get("id", as: String.self)
        entryID = try r.get("journal_entry_id", as: String.self)
        version = try r.get("version", as: Int.self)
        title = try r.get("title", as: String.self)
        format = try r.get("format", as: String.self)
        size = try r.get("size", as: Int.self)
        sha256 = try r.get("sha256", as: String.self)
        content = try r.get("content", as: Data.self)
        createdAt = try r.get("created_at", as: String.self)
    }
}
