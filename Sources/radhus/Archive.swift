import App
import ArgumentParser
import Foundation
import Vapor

extension Radhus {
    struct Archive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Noark 5 records: register pending documents, export an arkivuttrekk, verify the hash chains.",
            subcommands: [Export.self, Verify.self, Register.self])

        struct Export: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Write an arkivuttrekk (Noark 5 archive export) for one kommune and period into DIR.",
                discussion: """
                    DIR gets arkivuttrekk.xml (ADDML: counts and SHA-256 of every file), arkivstruktur.xml, endringslogg.xml,
                    loependeJournal.xml, offentligJournal.xml, Arkivverket's XSDs and DOKUMENT/. Closed case files go in
                    arkivstruktur.xml; open cases stay for the next period. Streamed: memory stays flat.
                    """)
            @ArgumentParser.Option(help: "Kommunenummer, e.g. 5503.") var kommune: String
            @ArgumentParser.Option(help: "First journal date (yyyy-MM-dd).") var from: String
            @ArgumentParser.Option(help: "Last journal date (yyyy-MM-dd).") var to: String
            @ArgumentParser.Option(
                help:
                    "Folder with Arkivverket's Noark 5 XSDs (default: $RADHUS_SHARED_DATA/noark5, or ../shared/data/noark5)."
            )
            var schemas: String?
            @ArgumentParser.Argument(help: "The folder to write (new or empty).") var directory: String
            @OptionGroup var options: Options

            func run() async throws {
                try await withApp(options) { app in
                    try await app.autoMigrate()
                    let shared = ProcessInfo.processInfo.environment["RADHUS_SHARED_DATA"] ?? "../shared/data"
                    let tty = isatty(STDERR_FILENO) != 0
                    let started = Date()
                    let summary: ArchiveExporter.Summary
                    do {
                        summary = try await ArchiveExporter(app: app).export(
                            kommune: kommune, from: from, to: to, into: directory,
                            schemas: schemas ?? "\(shared)/noark5", now: Date(),
                            progress: { done, total in
                                guard tty, total > 0 else { return }
                                let width = 30
                                let filled = min(width, done * width / total)
                                FileHandle.standardError.write(
                                    Data(
                                        "\r[\(String(repeating: "#", count: filled))\(String(repeating: " ", count: width - filled))] \(done * 100 / total) % \(done)/\(total) journalposter"
                                            .utf8))
                            })
                    } catch let e as ArchiveExporter.Problem {
                        throw ValidationError(e.description)
                    }
                    if tty { FileHandle.standardError.write(Data("\n".utf8)) }
                    let seconds = Date().timeIntervalSince(started)
                    say(
                        "Exported \(summary.journalposts) journalposter, \(summary.caseFiles) closed case files, \(summary.documents) documents to \(directory) in \(String(format: "%.1f", seconds)) s"
                    )
                    if summary.openCasesLeft > 0 {
                        say("\(summary.openCasesLeft) open cases stay in the live archive for the next period.")
                    }
                }
            }
        }

        struct Verify: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract:
                    "Check the hash chains of the journal and the access log and every filed document; prints ok or the first broken link."
            )
            @OptionGroup var options: Options

            func run() async throws {
                let result = try await withApp(options) { app in
                    try await app.autoMigrate()
                    return try await ArchiveVerifier(db: app.db).verify()
                }
                switch result {
                case .success(let s):
                    say(
                        "ok (\(s.journalEntries) journal entries, \(s.documents) documents, \(s.accessRows) access-log rows)"
                    )
                case .failure(let b):
                    say(b.description)
                    throw ExitCode(1)
                }
            }
        }

        struct Register: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract:
                    "Register pending applications and letters in the journal now (radhus serve does this in the background)."
            )
            @OptionGroup var options: Options

            func run() async throws {
                try await withApp(options) { app in
                    try await app.autoMigrate()
                    var total = 0
                    while true {
                        let n = try await JournalRegistrar(app: app).registerPending()
                        total += n
                        if n == 0 { break }
                    }
                    say("Registered \(total) documents in the journal.")
                }
            }
        }
    }
}
