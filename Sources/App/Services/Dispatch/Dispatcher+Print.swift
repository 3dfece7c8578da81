import Crypto
import Fluent
import Foundation
import NIOConcurrencyHelpers
import RadhusCore
import SQLKit
import Vapor

/// The paper channel: letters rendered as PDF into batches for the print provider, and the
/// provider's receipts read back (docs/DISPATCH.md).
extension Dispatcher {

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
        /// Files to print behind the letter, in order, in the same envelope (issue 20).
        var attachments: [ManifestFile]? = nil
    }

    struct ManifestFile: Codable {
        var file: String
        var mediaType: String
        var sha256: String
    }

    struct Manifest: Codable {
        var batch: String
        var createdAt: Date
        var count: Int
        var letters: [ManifestEntry]
    }

    /// The envelope address: the population register's, or the postal address the case's
    /// service names among its answers (`ServiceDefinition.envelopeAddress`).
    func envelope(for item: Item) async throws -> [String]? {
        if let a = item.contact?.postalAddress, !a.isEmpty {
            return a.split(separator: "\n").map { String($0).trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
        }
        // A letter to a third party (a neighbour, issue 24) goes to the address the applicant
        // gave for them, never to the applicant's own.
        if item.letter.recipientFnr != item.caseRecord.applicantFnr,
            let lines = try await ThirdPartyNotices.envelope(letterID: try item.letter.requireID(), on: db)
        {
            return lines
        }
        let c = item.caseRecord
        guard let service = try await services.entry(c.serviceID, version: c.serviceVersion, on: db)?.definition else {
            return nil
        }
        return service.envelopeAddress(answers: c.answers.values)
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
                guard let address = item.envelope else {
                    results.append(.failure("Utskrift: mottakeren har ingen postadresse", transient: false))
                    continue
                }
                let key = DispatchKey.key(shipment: item.shipment.id!, step: .print)
                let pdf = LetterPDF(
                    sender: item.municipality.name, recipient: address,
                    reference: "Saksnr. \(item.caseRecord.saksnummer.description)",
                    date: cal.norwegianDate(item.letter.createdAt), title: item.letter.title, body: item.letter.body
                )
                .render(font: font)
                // The files the letter names go in its envelope, behind it, as received.
                var enclosed: [ManifestFile] = []
                if !item.files.isEmpty {
                    guard let store else {
                        results.append(.failure("Utskrift: vedleggslageret er ikke satt opp", transient: true))
                        continue
                    }
                    for (n, a) in item.files.enumerated() {
                        let name = "\(key)-vedlegg-\(n + 1).\(a.fileExtension)"
                        try store.copy(a.storageKey, to: staging.appendingPathComponent(name))
                        enclosed.append(ManifestFile(file: name, mediaType: a.mediaType, sha256: a.sha256))
                    }
                }
                try pdf.write(to: staging.appendingPathComponent("\(key).pdf"))
                entries.append(
                    ManifestEntry(
                        key: key, shipmentId: item.shipment.id!, file: "\(key).pdf",
                        sha256: hexString(SHA256.hash(data: pdf)),
                        kommunenummer: item.municipality.number, recipient: address,
                        attachments: enclosed.isEmpty ? nil : enclosed))
                results.append(
                    .advance(
                        .sendtPrint, detail: "Sendt til utskrift (bunke \(batch))", next: .none, at: nil, batch: batch))
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
        guard let files = try? fm.contentsOfDirectory(atPath: dir.path).filter({ $0.hasSuffix(".json") }).sorted(),
            !files.isEmpty
        else {
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
            try await writer.write(on: db, lane: .background) { tx in
                let rows = try await ShipmentRecord.query(on: tx).filter(\.$id ~~ ids).all()
                for s in rows where s.shipmentStatus == .sendtPrint {
                    s.status = ShipmentStatus.printet.rawValue
                    s.updatedAt = now
                    try await s.update(on: tx)
                    try await Outbox.event(
                        shipmentID: s.id!, municipalityID: s.municipalityID, caseID: s.caseID, status: .printet,
                        at: now, detail: "Skrevet ut og postlagt (bunke \(receipt.batch))", on: tx.sql)
                }
            }
            // Another process may have moved it first; then it was handled there.
            try? fm.createDirectory(at: dir.appendingPathComponent("behandlet"), withIntermediateDirectories: true)
            try? fm.moveItem(at: file, to: dir.appendingPathComponent("behandlet/\(name)"))
            handled += 1
        }
        return handled
    }
}
