import Fluent
import Foundation
import RadhusCore

/// The citizen's inbox: letters to them, newest first, unread marked.
enum Inbox {
    struct Row: Sendable {
        var id: UUID
        var title: String
        var kommune: String
        var createdAt: Date
        var unread: Bool
    }

    struct Model: Sendable {
        var letters: [Row]

        static func query(citizen: Fodselsnummer, on db: any Database) async throws -> Model {
            let letters = try await LetterRecord.query(on: db).filter(\.$recipientFnr == citizen.value).sort(
                \.$createdAt, .descending
            ).all()
            let names = Dictionary(
                uniqueKeysWithValues: try await Municipality.query(on: db).all().map { ($0.id!, $0.name) })
            return Model(
                letters: try letters.map {
                    Row(
                        id: try $0.requireID(), title: $0.title, kommune: names[$0.municipalityID] ?? "",
                        createdAt: $0.createdAt,
                        unread: $0.readAt == nil)
                })
        }
    }
}
