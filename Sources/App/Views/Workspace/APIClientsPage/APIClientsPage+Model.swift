import Fluent
import Foundation
import RadhusCore

/// `/ansatt/api-klienter`: the kommune's API clients (create, show the secret once, revoke) and
/// the systems its events are pushed to. For the leader and the administrator.
enum APIClientsPage {
    /// What the page shows once, after a create: the credentials or the webhook secret.
    enum Shown: Sendable {
        case client(APIClients.Created)
        case subscription(url: String, secret: String)
    }

    /// The forms as typed (kept when they come back with problems).
    struct FormValues: Sendable {
        var name = ""
        var scopes: Set<String> = []
        var url = ""
    }

    struct Model: Sendable {
        var kommune: String
        var clients: [APIClient]
        var hooks: [WebhookSubscription]
        /// The kommune's last event feed position (how far each subscriber has come).
        var head: Int64

        static func query(staff: StaffContext, on db: any Database) async throws -> Model {
            Model(
                kommune: staff.municipality.name,
                clients: try await staff.scope.query(APIClient.self, on: db).sort(\.$createdAt, .descending).all(),
                hooks: try await staff.scope.query(WebhookSubscription.self, on: db).sort(\.$createdAt, .descending)
                    .all(),
                head: try await EventFeed.lastPosition(municipalityID: staff.municipality.id, on: db))
        }
    }
}
