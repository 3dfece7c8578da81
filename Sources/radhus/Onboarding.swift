import App
import ArgumentParser
import Foundation
import Vapor

extension Radhus {
    struct OperatorCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "operator", abstract: "Platform operators: the people who add kommuner.",
            subcommands: [Create.self])

        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Make an operator, who logs in at /drift/logg-inn and adds kommuner.",
                discussion: """
                    The password is read from RADHUS_OPERATOR_PASSWORD (at least 12 characters); without it a new one
                    is made and printed once.
                    """)
            @ArgumentParser.Option(help: "The operator's username.") var username: String
            @ArgumentParser.Option(help: "The operator's name as shown.") var name: String = ""
            @OptionGroup var options: Options

            func run() async throws {
                let given = ProcessInfo.processInfo.environment["RADHUS_OPERATOR_PASSWORD"].flatMap {
                    $0.isEmpty ? nil : $0
                }
                let password = try await withApp(options) { app in
                    try await app.prepareDatabase(seedDemo: false)
                    do {
                        return try await Onboarding.createOperator(app, username: username, name: name, password: given)
                    } catch let r as Onboarding.Refused { throw ValidationError(r.description) }
                }
                say("Operator \(username.lowercased()) made. Log in at /drift/logg-inn.")
                if given == nil { say("Password (shown once): \(password)") }
            }
        }
    }

    struct KommuneCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "kommune", abstract: "Kommuner on the platform.", subcommands: [Add.self])

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Add a kommune (checked against the official list) and invite its first admin by e-mail.")
            @ArgumentParser.Option(help: "Kommunenummer, four digits.") var number: String
            @ArgumentParser.Option(help: "Name (default: the official name and «kommune»).") var name: String = ""
            @ArgumentParser.Option(help: "A unit; give it once per unit.") var unit: [String] = []
            @ArgumentParser.Option(help: "The postmottak's e-mail address.") var postmottak: String
            @ArgumentParser.Option(help: "The first admin's e-mail address.") var adminEmail: String
            @ArgumentParser.Option(help: "A contact person (name, phone).") var contact: String = ""
            @ArgumentParser.Option(help: "The text in the portal's logo.") var logoText: String = ""
            @OptionGroup var options: Options

            func run() async throws {
                let added = try await withApp(options) { app in
                    try await app.prepareDatabase(seedDemo: false)
                    do {
                        return try await Onboarding.addKommune(
                            app, number: number, name: name, units: unit, contact: contact, postmottak: postmottak,
                            logoText: logoText, adminEmail: adminEmail)
                    } catch let r as Onboarding.Refused { throw ValidationError(r.description) }
                }
                say("\(added.name) added.")
                say(
                    added.emailed
                        ? "The admin's invitation was sent to \(adminEmail)."
                        : "No e-mail was sent (RADHUS_SMTP_URL unset or failing): give the admin this link, valid once for 7 days:\n\(added.link)"
                )
            }
        }
    }
}
