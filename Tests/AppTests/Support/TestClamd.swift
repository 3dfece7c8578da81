import App
import Foundation
import Testing

/// ClamAV's real daemon, started offline per test by `scripts/test-clamd` with the EICAR test
/// string as its one signature. Tests that need it are skipped, with the reason, where clamd
/// is not installed; `.ci/run` installs it (Debian's clamav-daemon).
final class TestClamd: @unchecked Sendable {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/test-clamd").path
    static let available =
        FileManager.default.isExecutableFile(atPath: "/usr/sbin/clamd")
        || FileManager.default.isExecutableFile(atPath: "/usr/bin/clamd")
    static let reason: Comment = "needs clamd (Debian's clamav-daemon); .ci/run installs it"

    /// The EICAR anti-virus test file: harmless, reported as a virus by every scanner.
    static let eicar = Data(#"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"#.utf8)

    let directory: String
    private let process: Process
    var socket: String { directory + "/clamd.sock" }

    init() throws {
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent("radhus-clamd-\(UUID().uuidString)")
            .path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [Self.script, directory]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        process = p
        // clamd with one signature is ready in well under a second; wait up to 30.
        for _ in 0..<300 {
            if FileManager.default.fileExists(atPath: socket) { return }
            if !p.isRunning { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        stop()
        throw Failed(description: "clamd did not start (see \(directory)/clamd.log)")
    }

    deinit { stop() }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    struct Failed: Error, CustomStringConvertible { var description: String }
}
