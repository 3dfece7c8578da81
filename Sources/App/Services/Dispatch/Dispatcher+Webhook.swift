import Crypto
import Fluent
import Foundation
import NIOConcurrencyHelpers
import RadhusCore
import SQLKit
import Vapor

/// The webhook channel: a letter delivered to the kommune's domain system, signed.
extension Dispatcher {

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
        /// The files the letter carries (issue 20), each fetched from the open API by `href`
        /// (the read is logged there, as every read of the case's documents is).
        var attachments: [WebhookFile]

        struct WebhookFile: Content {
            var id: UUID
            var fileName: String
            var mediaType: String
            var size: Int64
            var sha256: String
            var href: String
        }
    }

    func postWebhook(_ item: Item, now: Date) async -> StepResult {
        guard let url = item.settings?.webhookURL, !url.isEmpty else {
            return .failure("Ingen webhook-adresse er satt for kommunen", transient: false)
        }
        let id = DispatchKey.key(shipment: item.shipment.id!, step: .webhook)
        let message = WebhookMessage(
            messageId: id, kommunenummer: item.municipality.number, kommune: item.municipality.name,
            saksnummer: item.caseRecord.saksnummer.description, caseId: item.caseRecord.id!,
            letterId: item.letter.id!, title: item.letter.title, body: item.letter.body,
            recipientFodselsnummer: item.letter.recipientFnr, createdAt: item.letter.createdAt,
            attachments: item.files.map {
                WebhookMessage.WebhookFile(
                    id: $0.id, fileName: $0.fileName, mediaType: $0.mediaType, size: $0.sizeBytes, sha256: $0.sha256,
                    href: SiteRoute.api.rawValue
                        + "/kommuner/\(item.municipality.number)/saker/\(item.caseRecord.id!.uuidString.lowercased())/vedlegg/\($0.id.uuidString.lowercased())"
                )
            })
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
            headers.add(
                name: "Radhus-Signature",
                value: "sha256="
                    + Self.signature(secret: item.settings?.webhookSecret ?? "", timestamp: timestamp, body: body))
            let response = try await client.post(URI(string: url), headers: headers) { req in
                req.body = ByteBuffer(data: body)
                req.timeout = .seconds(15)
            }
            switch response.status.code {
            case 200..<300:
                return .advance(
                    .akseptert, detail: "Mottatt av fagsystemet (HTTP \(response.status.code))", next: .none, at: nil)
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
}
