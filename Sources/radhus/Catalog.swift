import App
import ArgumentParser
import Foundation
import Vapor

extension Radhus {
    struct Catalog: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "The shared service catalogue: list it, export a service package, import one from another installation.",
            subcommands: [List.self, Export.self, Import.self])

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Every service version in the catalogue, with its publisher.")
            @OptionGroup var options: Options
            func run() async throws {
                try await withApp(options) { app in
                    try await app.prepareDatabase(seedDemo: false)
                    for line in try await CatalogService(app: app).summary() { say(line) }
                }
            }
        }

        struct Export: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Write one version of a service as a package (JSON) to FILE, or to standard output.")
            @ArgumentParser.Option(help: "The service id, e.g. skoleskyss.") var service: String
            @ArgumentParser.Option(help: "The version (default: the newest).") var version: Int?
            @ArgumentParser.Argument(help: "The file to write (default: standard output).") var file: String?
            @OptionGroup var options: Options
            func run() async throws {
                try await withApp(options) { app in
                    try await app.prepareDatabase(seedDemo: false)
                    let catalog = CatalogService(app: app)
                    let newest = try await catalog.latestVersion(of: service)
                    guard let version = version ?? newest,
                        let package = try await catalog.export(id: service, version: version)
                    else {
                        throw ValidationError(
                            "The catalogue has no \(service)\(version.map { " version \($0)" } ?? "").")
                    }
                    let data = try ServicePackage.encoder.encode(package)
                    if let file {
                        try data.write(to: URL(fileURLWithPath: file))
                        say("Wrote \(service) version \(version) to \(file).")
                    } else {
                        FileHandle.standardOutput.write(data + Data("\n".utf8))
                    }
                }
            }
        }

        struct Import: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Import a service package (JSON, as `export` writes it) into this installation's catalogue.",
                discussion:
                    "The checksum and the service definition with its rules are checked first; the same version again is a no-op."
            )
            @ArgumentParser.Argument(help: "The package file.") var file: String
            @OptionGroup var options: Options
            func run() async throws {
                let data = try Data(contentsOf: URL(fileURLWithPath: file))
                let package: ServicePackage
                do { package = try ServicePackage.decoder.decode(ServicePackage.self, from: data) } catch {
                    throw ValidationError("\(file) is not a service package: \(error)")
                }
                try await withApp(options) { app in
                    try await app.prepareDatabase(seedDemo: false)
                    switch try await CatalogService(app: app).importPackage(package) {
                    case .imported: say("Imported \(package.service) version \(package.version).")
                    case .alreadyThere:
                        say("\(package.service) version \(package.version) is already in the catalogue.")
                    }
                }
            }
        }
    }
}
