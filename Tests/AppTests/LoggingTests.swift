import App
import Fluent
import Foundation
import Logging
import NIOConcurrencyHelpers
import RadhusCore
import Testing
import VaporTesting

/// Keeps every log line, with its metadata, for inspection.
final class CapturedLogs: Sendable {
    let lines = NIOLockedValueBox<[String]>([])
}

struct CapturingLogHandler: LogHandler {
    let store: CapturedLogs
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .debug

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(
        level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?,
        source: String, file: String, function: String, line: UInt
    ) {
        let all = metadata.merging(explicit ?? [:]) { $1 }
        store.lines.withLockedValue { $0.append("\(level) \(message) \(all)") }
    }
}

extension AppTests {
    @Suite struct LoggingTests {
        /// Logs never carry a fødselsnummer, even at debug (the most verbose level `radhus`
        /// allows: trace would log raw requests), through a whole journey: login,
        /// application, staff view, reveal, decision, reading the letter.
        @Test func noPersonalDataInLogs() async throws {
            try await withRadhus { app in
                let store = CapturedLogs()
                // setup: the same wrapper `radhus` puts around every log handler.
                app.logger = Logger(label: "capture") { _ in
                    PrivacyLogHandler(wrapping: CapturingLogHandler(store: store))
                }
                app.logger.logLevel = .debug
                // act: a whole journey, at debug level
                let citizen = WebClient(app)
                try await citizen.loginCitizen(People.ola)
                _ = try await citizen.applySkoleskyss()
                _ = try await citizen.applySkoleskyss(needsCaseworker: false)
                let staff = WebClient(app)
                try await staff.loginStaff("harstad.saksbehandler")
                let id = try #require(try await CaseRecord.query(on: app.db).filter(\.$status == "mottatt").first()?.id)
                    .uuidString.lowercased()
                try await staff.get("/ansatt/saker/\(id)")
                try await staff.post("/ansatt/saker/\(id)/fodselsnummer")
                try await staff.post(
                    "/ansatt/saker/\(id)/vedtak",
                    ["utfall": "innvilget", "begrunnelse": "Over fire kilometer.", "hjemmel": "§ 3-7"])
                try await citizen.get("/innboks")
                // act (issue 17, defect 11): somebody types a fødselsnummer into the address
                try await WebClient(app).get("/k/\(People.ola)")
                // act: an escape sequence and a NUL typed into the address
                try await WebClient(app).get("/k/Kari%1B%5B31m%00x")
                // check
                let lines = store.lines.withLockedValue { $0 }
                #expect(
                    lines.allSatisfy { PlainText.refused(in: $0) == nil }, "no control character reaches a log line")
                #expect(lines.contains { $0.contains("Kari\\u{1B}[31m\\u{0}x") })
                #expect(lines.count > 10, "the journey was logged")
                for fnr in [People.ola, People.child] {
                    let leaks = lines.filter { $0.contains(fnr) }
                    #expect(leaks.isEmpty, "a log line holds a fødselsnummer: \(leaks.first ?? "")")
                }
            }
        }
    }
}
