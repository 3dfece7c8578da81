import Vapor

/// Gives case events and shipment receipts their place in the installation's event feed
/// (`EventFeed.sequencePending`, docs/API.md).
struct FeedJob: BackgroundJob {
    let feed: EventFeed
    /// Lives as long as the loop: each batch is sized from the last one's time.
    let batch = BatchSizer(initial: 200, maximum: 5000)
    var kind: BackgroundJobKind { .feed }
    init(app: Application) { feed = EventFeed(app: app) }
    func run() async throws -> BackgroundWork {
        let limit = batch.limit
        return BackgroundWork(done: try await feed.sequencePending(batch: batch), limit: limit)
    }
}
