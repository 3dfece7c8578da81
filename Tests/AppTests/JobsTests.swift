import Foundation
import Testing
import VaporTesting

@testable import App

/// The background loop's jobs: their order, and a node's choice of them.
extension AppTests {
    @Suite struct JobsTests {
        @Test func aNodeRunsAllJobsInOrderOrTheOnesItNames() throws {
            // act / check: the default of `radhus serve`, a web node, a split node, a typo
            #expect(
                try RadhusConfig.fromEnvironment(["RADHUS_DISPATCH": "on"]).backgroundJobs
                    == Set(BackgroundJobKind.allCases))
            #expect(
                try RadhusConfig.fromEnvironment(["RADHUS_DISPATCH": "off", "RADHUS_JOBS": "journal"]).backgroundJobs
                    .isEmpty)
            #expect(
                try RadhusConfig.fromEnvironment(["RADHUS_JOBS": "journal, feed"]).backgroundJobs == [.journal, .feed])
            #expect(throws: RadhusConfig.Problem.self) {
                try RadhusConfig.fromEnvironment(["RADHUS_JOBS": "journal,post"])
            }
        }

        @Test func theLoopRunsTheEnabledJobsInTheirOrder() async throws {
            try await withRadhus(seed: false, tweak: { $0.backgroundJobs = [.webhooks, .journal, .insights] }) { app in
                // act
                let jobs = BackgroundLoop.jobs(for: app)
                // check: journal before insights before webhooks, whatever order they were named in
                #expect(jobs.map(\.kind) == [.journal, .insights, .webhooks])
            }
        }
    }
}
