import NIOConcurrencyHelpers
import Vapor

/// Runs the background jobs inside `radhus serve`: one loop that runs each enabled job in
/// order — again at once while any of them stopped at its batch limit (a backlog), after
/// `catchUpInterval` when they had work but took all of it, and after the poll interval when
/// none had any. The pause when caught up lets a steady stream of submissions gather into one
/// batch per step instead of one transaction per step per submission, which on SQLite's one
/// writer is what requests would wait behind (issue 16). It stops cleanly on shutdown: the
/// current round finishes; nothing claimed is left half-recorded beyond its lease.
final class BackgroundLoop: LifecycleHandler, Sendable {
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)
    /// How long the loop waits after a round that took all there was: a quarter of a second
    /// adds little to the 5 s within which everything is journaled, fed and folded.
    static let catchUpInterval: TimeInterval = 0.25

    /// The enabled jobs, in `BackgroundJobKind` order.
    static func jobs(for app: Application) -> [any BackgroundJob] {
        let enabled = app.radhusConfig.backgroundJobs
        let dispatcher = Dispatcher(app: app)
        let all: [any BackgroundJob] = [
            DeadlinesJob(app: app), JournalJob(app: app), DispatchJob(dispatcher: dispatcher), FeedJob(app: app),
            InsightsJob(app: app),
            WebhooksJob(app: app, workerID: dispatcher.workerID), SessionSweepJob(app: app),
        ]
        return all.filter { enabled.contains($0.kind) }
    }

    func didBootAsync(_ app: Application) async throws {
        let jobs = Self.jobs(for: app)
        let poll = app.radhusConfig.dispatchPollInterval
        let catchUp = min(poll, Self.catchUpInterval)
        let logger = Logger(label: "radhus.jobs")
        logger.info(
            "Background jobs started", metadata: ["jobs": .string(jobs.map(\.kind.rawValue).joined(separator: ","))])
        task.withLockedValue {
            // Below the requests' priority: where the executor orders work by priority, a
            // request's continuation goes before a background step's rendering and hashing.
            $0 = Task.detached(priority: .background) {
                while !Task.isCancelled {
                    var worked = 0
                    var more = false
                    for job in jobs where !Task.isCancelled {
                        do {
                            let work = try await Self.runStep(job)
                            worked += work.done
                            more = more || work.more
                        } catch {
                            // One job's failure does not hold up the others; it is tried again next round.
                            logger.warning(
                                "Background job failed; trying again",
                                metadata: [
                                    "job": .string(job.kind.rawValue),
                                    "error": .string(String(describing: error).prefix(300).description),
                                ])
                        }
                    }
                    if worked == 0 {
                        try? await Task.sleep(for: .seconds(poll))
                    } else if !more {
                        try? await Task.sleep(for: .seconds(catchUp))
                    }
                }
                logger.info("Background jobs stopped")
            }
        }
    }

    /// One run of a step, recorded in the metrics (items, time, when it last finished).
    static func runStep(_ job: any BackgroundJob) async throws -> BackgroundWork {
        let started = ContinuousClock.now
        let work = try await job.run()
        RadhusMetrics.recordStep(job.kind, done: work.done, took: ContinuousClock.now - started, at: Date())
        return work
    }

    func shutdownAsync(_ app: Application) async {
        let t = task.withLockedValue { t in
            defer { t = nil }
            return t
        }
        t?.cancel()
        await t?.value
    }
}
