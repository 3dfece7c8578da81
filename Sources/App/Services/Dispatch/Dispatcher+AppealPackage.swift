import Crypto
import Fluent
import Foundation
import RadhusCore
import SQLKit

/// The appeal body's channel (issue 20): an upheld appeal goes to the statsforvalter or the
/// kommune's klagenemnd as one e-mail to the address the kommune set, holding
///
/// - `klagesak-<år>-<nr>.pdf`: the forwarding letter with the kommune's assessment, then every
///   document of the appealed case and of the appeal as the journal holds them, in order;
/// - `noark5-journalposter.xml`: both case files' journal posts in Noark 5's element names
///   (saksmappe, journalpost, dokumentbeskrivelse, dokumentobjekt, each file's SHA-256) — a list
///   for the receiver's registry, not an arkivuttrekk, so it claims no Noark schema;
/// - `dokument-<journalår>-<journalnr>.txt`: each document, byte for byte as filed;
/// - `vedlegg-<journalår>-<journalnr>-<n>.<pdf|jpg|png>`: the files filed with a post — the
///   application's attachments, the files sent with a message either way — as received.
///
/// The package waits until every document of both cases is journaled (the forwarding letter
/// too), so what the appeal body gets is what the record holds. SMTP is the transport the
/// appeal bodies take here; eFormidling/SvarUt's REST API would be a second sender of the
/// same package.
extension Dispatcher {
    func sendAppealPackage(_ item: Item, now: Date) async -> StepResult {
        guard let smtp else {
            return .failure("Klageinstans: ingen e-posttjener er satt opp (RADHUS_SMTP_URL)", transient: false)
        }
        do {
            let appealCase = item.caseRecord
            guard let (appeal, appealed) = try await AppealService.appeal(of: appealCase, on: db) else {
                return .failure("Klageinstans: saken er ikke en klage", transient: false)
            }
            guard let address = item.settings?.address(of: appeal.appealBody) else {
                return .failure("Klageinstans: kommunen har ikke satt adressen", transient: false)
            }
            let caseIDs = [try appealed.requireID(), try appealCase.requireID()]
            if try await Self.unjournaled(caseIDs, on: db.sql) {
                return .failure("Klageinstans: venter på at sakens dokumenter journalføres", transient: true)
            }
            let entries = try await JournalEntry.query(on: db).filter(\.$caseID ~~ caseIDs).all()
                .sorted {
                    ($0.caseID == caseIDs[0] ? 0 : 1, $0.documentNumber) < (
                        $1.caseID == caseIDs[0] ? 0 : 1, $1.documentNumber
                    )
                }
            var latest: [UUID: JournalDocument] = [:]
            for d in try await JournalDocument.query(on: db).filter(\.$journalEntryID ~~ entries.map { $0.id! }).all()
            where (latest[d.journalEntryID]?.version ?? 0) < d.version {
                latest[d.journalEntryID] = d
            }
            // The files filed with each post: the application's (document 1 of the appealed
            // case) and those of the message a post files (migration 033).
            let applicationFiles = try await AttachmentService.forCase(
                caseIDs[0], municipality: item.municipality.id!, on: db
            ).filter { $0.messageID == nil }
            let messageFiles = try await AttachmentService.forMessages(entries.compactMap(\.messageID), on: db.sql)
            var filed: [UUID: [(Attachment, String)]] = [:]
            for e in entries {
                let files =
                    e.caseID == caseIDs[0] && e.documentNumber == 1
                    ? applicationFiles : e.messageID.flatMap { messageFiles[$0] } ?? []
                filed[e.id!] = files.enumerated().map { n, a in
                    (a, "vedlegg-\(e.journalYear)-\(e.journalSeq)-\(n + 1).\(a.fileExtension)")
                }
            }
            let kommune = item.municipality.name
            let bodyName = LetterTexts.bodyName(appeal.appealBody, kommune: kommune)
            let cal = NorwegianCalendar()
            var text = item.letter.body + "\n\n## Dokumentene i sakene\n"
            for e in entries {
                text +=
                    "\n\(e.saksYear)/\(e.saksSeq)-\(e.documentNumber) \(e.type) \(e.title) (journalpost \(e.journalYear)/\(e.journalSeq))"
                for (a, name) in filed[e.id!] ?? [] {
                    text += "\n    Vedlegg: \(a.fileName) (\(a.sizeText)), fil \(name)"
                }
            }
            for e in entries {
                guard let d = latest[e.id!] else { continue }
                text += "\n\n## Dokument \(e.saksYear)/\(e.saksSeq)-\(e.documentNumber): \(e.title)\n"
                text += String(decoding: d.content, as: UTF8.self)
            }
            let pdf = LetterPDF(
                sender: kommune, recipient: [bodyName, address],
                reference: "Klagesak \(appealCase.saksnummer), sak \(appealed.saksnummer)",
                date: cal.norwegianDate(item.letter.createdAt),
                title: "Oversendelse av klage – sak \(appealed.saksnummer)", body: text
            )
            .render(font: try loadFont())
            var files = [
                MailAttachment(
                    fileName: "klagesak-\(appealCase.saksYear)-\(appealCase.saksSequence).pdf",
                    mediaType: "application/pdf", data: pdf),
                MailAttachment(
                    fileName: "noark5-journalposter.xml", mediaType: "application/xml; charset=utf-8",
                    data: Data(
                        Self.journalXML(
                            cases: [appealed, appealCase], entries: entries, documents: latest, files: filed
                        ).utf8)),
            ]
            for e in entries {
                guard let d = latest[e.id!] else { continue }
                files.append(
                    MailAttachment(
                        fileName: "dokument-\(e.journalYear)-\(e.journalSeq).txt",
                        mediaType: "text/plain; charset=utf-8", data: d.content))
            }
            for e in entries {
                for (a, name) in filed[e.id!] ?? [] {
                    guard let store else {
                        return .failure("Klageinstans: vedleggslageret er ikke satt opp", transient: true)
                    }
                    files.append(
                        MailAttachment(fileName: name, mediaType: a.mediaType, data: try Self.read(a, from: store)))
                }
            }
            let mail = MailMessage(
                to: address, subject: "Oversendelse av klage fra \(kommune) – sak \(appealed.saksnummer)",
                body: """
                    \(bodyName)

                    \(kommune) oversender klagen i sak \(appealed.saksnummer) (klagesak \(appealCase.saksnummer)) til behandling, jf. forvaltningsloven § 33.

                    Vedlagt: oversendelsesbrevet med kommunens vurdering og sakens dokumenter (PDF), journalpostene (Noark 5, XML) og hvert dokument slik det er arkivert.
                    """,
                messageID: DispatchKey.messageID(
                    shipment: item.shipment.id!, step: .appealPackage,
                    domain: "radhus.\(item.municipality.number).kommune"),
                date: now, attachments: files)
            try await SMTPClient.send(mail, settings: smtp)
            return .advance(
                .akseptert, detail: "Sendt til \(bodyName) (\(entries.count) dokumenter)", next: .none, at: nil)
        } catch let e as SMTPError {
            return .failure("Klageinstans: \(e.description)", transient: e.transient)
        } catch {
            return .failure("Klageinstans: \(String(describing: error).prefix(200))", transient: true)
        }
    }

    /// Whether any document of the cases waits for the registrar: the application (or appeal),
    /// a letter, a message from the applicant.
    static func unjournaled(_ caseIDs: [UUID], on sql: any SQLDatabase) async throws -> Bool {
        for (table, column) in [
            (CaseRecord.schema, "id"), (LetterRecord.schema, "case_id"), (CaseMessage.schema, "case_id"),
        ] {
            var q = sql.select().column(SQLLiteral.numeric("1")).from(table).where(column, .in, SQLBind.group(caseIDs))
                .where(SQLRaw("\(table).journaled IS NULL"))
            if table == CaseMessage.schema {
                q = q.where("direction", .equal, SQLBind(CaseMessage.Direction.inbound.rawValue))
            }
            if try await q.limit(1).first() != nil { return true }
        }
        return false
    }

    /// The case files' journal posts as Noark 5 names them, each document by its file in the
    /// package and its checksum.
    static func journalXML(
        cases: [CaseRecord], entries: [JournalEntry], documents: [UUID: JournalDocument],
        files: [UUID: [(Attachment, String)]] = [:]
    ) -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <saksmapper>

            """
        for c in cases {
            xml +=
                "<saksmappe><systemID>\(c.id!)</systemID><mappeID>\(c.saksYear)/\(c.saksSequence)</mappeID><saksaar>\(c.saksYear)</saksaar><sakssekvensnummer>\(c.saksSequence)</sakssekvensnummer>\n"
            for e in entries where e.caseID == c.id {
                let type = JournalpostType(rawValue: e.type) == .outbound ? "Utgående dokument" : "Inngående dokument"
                xml +=
                    "<journalpost><systemID>\(e.id!)</systemID><journalaar>\(e.journalYear)</journalaar><journalsekvensnummer>\(e.journalSeq)</journalsekvensnummer><journalpostnummer>\(e.documentNumber)</journalpostnummer><journalposttype>\(type)</journalposttype><journalstatus>\(x(e.status))</journalstatus><tittel>\(x(e.title))</tittel><journaldato>\(e.journalDate)</journaldato>"
                if let d = documents[e.id!] {
                    xml +=
                        "<dokumentbeskrivelse><tittel>\(x(d.title))</tittel><dokumentobjekt><versjonsnummer>\(d.version)</versjonsnummer><format>\(x(d.format))</format><referanseDokumentfil>dokument-\(e.journalYear)-\(e.journalSeq).txt</referanseDokumentfil><sjekksum>\(d.sha256)</sjekksum><sjekksumAlgoritme>SHA256</sjekksumAlgoritme><filstoerrelse>\(d.size)</filstoerrelse></dokumentobjekt></dokumentbeskrivelse>"
                }
                for (a, name) in files[e.id!] ?? [] {
                    xml +=
                        "<dokumentbeskrivelse><dokumenttype>Vedlegg</dokumenttype><tittel>\(x(a.fileName))</tittel><tilknyttetRegistreringSom>Vedlegg</tilknyttetRegistreringSom><dokumentobjekt><versjonsnummer>1</versjonsnummer><format>\(x(a.fileExtension.uppercased()))</format><referanseDokumentfil>\(x(name))</referanseDokumentfil><sjekksum>\(a.sha256)</sjekksum><sjekksumAlgoritme>SHA256</sjekksumAlgoritme><filstoerrelse>\(a.sizeBytes)</filstoerrelse></dokumentobjekt></dokumentbeskrivelse>"
                }
                xml += "</journalpost>\n"
            }
            xml += "</saksmappe>\n"
        }
        return xml + "</saksmapper>\n"
    }
}

extension Dispatcher {
    /// A stored file's bytes (at most the 10 MB a message's file may have, or an application's
    /// field's limit), for a package or a print batch.
    static func read(_ a: Attachment, from store: any AttachmentStore) throws -> Data {
        let copy = store.temporaryDirectory.appendingPathComponent("utsending-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: copy) }
        try store.copy(a.storageKey, to: copy)
        return try Data(contentsOf: copy)
    }
}
