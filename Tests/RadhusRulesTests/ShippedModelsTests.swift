import Foundation
import Testing

@testable import RadhusRules

/// The DMN files shipped under ServiceDefinitions/ are valid DMN 1.3 (the official XSD, via xmllint),
/// so Camunda Modeler and other tools open them, and they load in Radhus's engine.
@Suite struct ShippedModelsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static var models: [URL] {
        let services = root.appendingPathComponent("ServiceDefinitions")
        let folders =
            (try? FileManager.default.contentsOfDirectory(at: services, includingPropertiesForKeys: nil)) ?? []
        return folders.flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []).filter {
                $0.pathExtension == "dmn"
            }
        }
    }
    static var schema: URL {
        TCKTests.directory.deletingLastPathComponent().appendingPathComponent("schemas/DMN13.xsd")
    }
    static var xmllint: String? {
        ["/usr/bin/xmllint", "/usr/local/bin/xmllint"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test func shippedModelsLoad() throws {
        #expect(Self.models.count >= 2)
        for url in Self.models { _ = try DMNModel.load(contentsOf: url) }
    }

    @Test(
        .enabled(
            if: xmllint != nil && FileManager.default.fileExists(atPath: schema.path),
            "needs xmllint (Debian's libxml2-utils) and the DMN XSDs at RADHUS_SHARED_DATA/dmn-tck/schemas"))
    func shippedModelsValidateAgainstTheDMN13Schema() throws {
        for url in Self.models {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: Self.xmllint!)
            p.arguments = ["--noout", "--schema", Self.schema.path, url.path]
            let err = Pipe()
            p.standardError = err
            try p.run()
            p.waitUntilExit()
            let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(p.terminationStatus == 0, "\(url.lastPathComponent): \(text)")
        }
    }
}
