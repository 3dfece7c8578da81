import Vapor

/// Folds new feed events into case facts and the daily rollups (`InsightsService.aggregate`,
/// docs/INSIGHTS.md).
struct InsightsJob: BackgroundJob {
    let insights: InsightsService
    var kind: BackgroundJobKind { .insights }
    init(app: Application) { insights = InsightsService(app: app) }
    func run() async throws -> Int { try await insights.aggregate() }
}
