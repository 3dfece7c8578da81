import App
import ArgumentParser
import Foundation
import Vapor

extension Radhus {
    struct APIClientCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "api-client",
            abstract: "Create an API client for a kommune (as the admin page does) and print its credentials once.",
            discussion:
                "For operators and scripts (benchmarks, a domain system's first setup). Revoke at /ansatt/api-klienter."
        )
        @ArgumentParser.Option(help: "Kommunenummer, e.g. 5503.") var kommune: String
        @ArgumentParser.Option(help: "The domain system's name, shown in timelines and the access log.") var name:
            String
        @ArgumentParser.Option(
            help: "Space- or comma-separated scopes: cases.read applications.submit decisions.write.")
        var scopes: String = "cases.read applications.submit decisions.write"
        @OptionGroup var options: Options

        func run() async throws {
            try await withApp(options) { app in
                try await app.autoMigrate()
                let created = try await app.createAPIClient(
                    kommune: kommune, name: name,
                    scopes: scopes.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init))
                // Machine-readable on stdout: the secret is never shown again.
                print(
                    #"{"client_id":"\#(created.clientID)","client_secret":"\#(created.secret)","kommune":"\#(kommune)"}"#
                )
            }
        }
    }
}
