import Vapor

/// Gives case events and shipment receipts their place in the installation's event feed
/// (`EventFeed.sequencePending`, docs/API.md).
struct FeedJob: BackgroundJob {
    let feed: EventFeed
    var kind: BackgroundJobKind { .feed }
    init(app: Application) { feed = EventFeed(app: app) }
    func run() async throws -> Int { try await feed.sequencePending() }
}
