import RadhusCore
import Vapor

/// Pushes feed events to the domain systems that subscribed, signed, at least once
/// (`EventFeed.deliverWebhooks`, docs/API.md).
struct WebhooksJob: BackgroundJob {
    let feed: EventFeed
    let client: any Client
    let workerID: String
    let policy: DispatchPolicy
    var kind: BackgroundJobKind { .webhooks }
    init(app: Application, workerID: String) {
        feed = EventFeed(app: app)
        client = app.client
        self.workerID = workerID
        policy = app.radhusConfig.dispatchPolicy
    }
    func run() async throws -> BackgroundWork {
        let batch = 50
        let sent = try await feed.deliverWebhooks(client: client, workerID: workerID, policy: policy, batch: batch)
        return BackgroundWork(done: sent, limit: batch)
    }
}
