import Fluent
import Foundation
import NIOConcurrencyHelpers
import RadhusCore
import SQLKit
import Testing
import VaporTesting

@testable import App

/// The write coordinator's lanes (issue 16): a request's write does not queue behind the
/// background steps' writes, and a background batch is sized to its time budget.
extension AppTests {
    @Suite struct WriteCoordinatorTests {
        @Test func aRequestsWriteGoesBeforeWaitingBackgroundWrites() async throws {
            try await withRadhus(seed: false) { app in
                // setup: a background batch that holds the writer for 300 ms, and another queued behind it
                let order = NIOLockedValueBox<[String]>([])
                let started = AsyncStream<Void>.makeStream()
                let first = Task {
                    try await app.writer.write(on: app.db, lane: .background) { tx in
                        order.withLockedValue { $0.append("background 1 starts") }
                        started.continuation.yield()
                        try await tx.sql.raw("SELECT 1").run()
                        try await Task.sleep(for: .milliseconds(300))
                        order.withLockedValue { $0.append("background 1 ends") }
                    }
                }
                for await _ in started.stream { break }
                let second = Task {
                    try await app.writer.write(on: app.db, lane: .background) { _ in
                        order.withLockedValue { $0.append("background 2") }
                    }
                }
                try await Task.sleep(for: .milliseconds(20))
                // act: a request writes
                try await app.writer.write(on: app.db) { _ in order.withLockedValue { $0.append("request") } }
                try await first.value
                try await second.value
                // check: the request went before the background write that was already waiting;
                // on PostgreSQL it did not even wait for the one that was writing
                let seen = order.withLockedValue { $0 }
                let request = try #require(seen.firstIndex(of: "request"))
                #expect(request < seen.firstIndex(of: "background 2")!)
                if app.writer.kind == .postgres { #expect(request < seen.firstIndex(of: "background 1 ends")!) }
            }
        }

        @Test func aBackgroundBatchIsSizedToItsTimeBudget() {
            // setup
            let sizer = BatchSizer(initial: 100, maximum: 1000)
            // act / check: over budget shrinks in proportion; full and quick doubles; not full stays
            sizer.record(limit: 100, handled: 100, took: .milliseconds(20), budget: .milliseconds(5))
            #expect(sizer.limit == 25)
            sizer.record(limit: 25, handled: 25, took: .milliseconds(1), budget: .milliseconds(5))
            #expect(sizer.limit == 50)
            sizer.record(limit: 50, handled: 10, took: .milliseconds(1), budget: .milliseconds(5))
            #expect(sizer.limit == 50)
            for _ in 0..<10 { sizer.record(limit: sizer.limit, handled: sizer.limit, took: .zero, budget: .seconds(1)) }
            #expect(sizer.limit == 1000)
            sizer.record(limit: 1000, handled: 1000, took: .seconds(100), budget: .milliseconds(1))
            #expect(sizer.limit == 1)
        }

        @Test func aBatchIsNotShrunkBelowWhatItsFixedCostMakesWorthwhile() {
            // setup: a one-item batch takes 3 ms whatever it holds (its statements), above half the 4 ms budget
            let sizer = BatchSizer(initial: 10, maximum: 100)
            sizer.record(limit: 10, handled: 1, took: .milliseconds(3), budget: .milliseconds(4))
            // act: a full batch of ten takes 8 ms
            sizer.record(limit: 10, handled: 10, took: .milliseconds(8), budget: .milliseconds(4))
            // check: the target is twice the fixed cost (6 ms): 0.5 ms an item leaves room for six, not the
            // budget's proportion (five) and not one
            #expect(sizer.limit == 6)
            sizer.record(limit: 6, handled: 6, took: .microseconds(5900), budget: .milliseconds(4))
            #expect(sizer.limit == 6)
        }

        @Test func theBackgroundStepsCatchUpInBatchesWithinTheirBudget() async throws {
            try await withRadhus { app in
                // setup: 120 applications waiting to be journaled; a budget that fits only a few
                let harstad = try await app.municipality("5503").snapshot()
                let service = try #require(app.shippedServices.service("skoleskyss"))
                let applicant = try Fodselsnummer(People.ida, policy: .synthetic)
                for i in 0..<120 {
                    _ = try await app.writer.write(on: app.db) { tx in
                        try await SubmissionService.submit(
                            SubmitApplication(
                                municipality: harstad, service: service, applicant: applicant,
                                answers: ValidatedAnswers(values: ["i": "\(i)"]), idempotencyKey: "budget-\(i)"),
                            now: Date(), on: tx)
                    }
                }
                let pending = try await CaseRecord.query(on: app.db).filter(.sql(unsafeRaw: "journaled IS NULL"))
                    .count()
                let sizer = BatchSizer(initial: 100, maximum: 100)
                let registrar = JournalRegistrar(app: app)
                // act: one pass with a zero budget, then the rest
                let tight = WriteCoordinator(kind: app.writer.kind, backgroundBudget: .zero)
                let first = try await tight.writeBatch(on: app.db, sizer: sizer) { tx, limit in
                    try await JournalRegistrar.register(
                        kommune: harstad, services: app.services, now: Date(), limit: limit, on: tx)
                }
                let shrunk = sizer.limit
                var rest = 0
                while true {
                    let n = try await registrar.registerPending(batch: sizer)
                    if n == 0 { break }
                    rest += n
                }
                // check: the first batch took 100; its time shrank the next to the minimum; nothing was lost
                #expect(first == 100)
                #expect(shrunk == 1)
                #expect(first + rest == pending)
                let left = try await CaseRecord.query(on: app.db).filter(.sql(unsafeRaw: "journaled IS NULL")).count()
                #expect(left == 0)
            }
        }
    }
}
