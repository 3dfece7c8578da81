import Foundation
import Testing

@testable import RadhusRules

/// The DMN TCK compliance-level-2 cases, from `RADHUS_SHARED_DATA` (default `../shared/data`).
/// Skipped, with the reason, where that folder is absent (a user's fresh clone); CI has it.
@Suite struct TCKTests {
    static var directory: URL {
        let base =
            ProcessInfo.processInfo.environment["RADHUS_SHARED_DATA"].flatMap { $0.isEmpty ? nil : $0 }
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data").path
        return URL(fileURLWithPath: base).appendingPathComponent("dmn-tck/compliance-level-2")
    }

    static var available: Bool { FileManager.default.fileExists(atPath: directory.path) }

    @Test(.enabled(if: available, "the DMN TCK is not at RADHUS_SHARED_DATA/dmn-tck (../shared/data by default)"))
    func complianceLevel2() {
        let results = TCKRunner().run(directory: Self.directory)
        for r in results where !r.passed {
            Issue.record("\(r.folder) \(r.testFile) #\(r.id): \(r.detail)")
        }
        let passed = results.filter(\.passed).count
        print("DMN TCK compliance level 2: \(passed)/\(results.count)")
        #expect(results.count >= 116)
        #expect(passed == results.count)
    }
}
