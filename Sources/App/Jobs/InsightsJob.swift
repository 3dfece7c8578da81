import Vapor

/// Folds new feed events into case facts and the daily rollups (`InsightsService.aggregate`,
/// docs/INSIGHTS.md).
struct InsightsJob: BackgroundJob {
    let insights: InsightsService
    /// Lives as long as the loop: each batch is sized from the last one's time.
    let batch = BatchSizer(initial: 200, maximum: 5000)
    var kind: BackgroundJobKind { .insights }
    init(app: Application) { insights = InsightsService(app: app) }
    func run() async throws -> BackgroundWork {
        let limit = batch.limit
        return BackgroundWork(done: try await insights.aggregate(batch: batch), limit: limit)
    }
}
