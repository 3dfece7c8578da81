import Foundation
import Testing

/// The loopback SMTP server of `Tests/Support/smtp_sink.py` (aiosmtpd), started per test.
/// Tests that need it are skipped, with the reason, where aiosmtpd is not installed;
/// `.ci/run` installs it.
final class SMTPSink: @unchecked Sendable {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Support/smtp_sink.py").path

    static let available = PythonModule.installed("aiosmtpd")
    static let reason: Comment = "needs python3 with aiosmtpd (pip install aiosmtpd); .ci/run installs it"

    let directory: String
    private(set) var port: Int
    private var process: Process?

    /// TLS certificate and key (STARTTLS then required), and `user:password` (AUTH then required).
    let tls: (cert: String, key: String)?
    let auth: String?

    init(
        directory: String = FileManager.default.temporaryDirectory.appendingPathComponent(
            "radhus-mail-\(UUID().uuidString)"
        ).path,
        port: Int = 0, tls: (cert: String, key: String)? = nil, auth: String? = nil
    ) throws {
        self.directory = directory
        self.port = port
        self.tls = tls
        self.auth = auth
        try start()
    }

    /// Starts (again) on the same port, if it had one.
    func start() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments =
            ["python3", Self.script, "--dir", directory, "--port", String(port)]
            + (tls.map { ["--tls-cert", $0.cert, "--tls-key", $0.key] } ?? []) + (auth.map { ["--auth", $0] } ?? [])
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        var line = ""
        while !line.contains("\n") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { throw SinkFailed(description: "smtp_sink.py exited: \(line)") }
            line += String(decoding: chunk, as: UTF8.self)
        }
        guard line.hasPrefix("ready "), let n = Int(line.dropFirst(6).trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            throw SinkFailed(description: "smtp_sink.py said: \(line)")
        }
        port = n
        process = p
    }

    func stop() {
        guard let p = process else { return }
        p.terminate()
        p.waitUntilExit()
        process = nil
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Every message received so far, raw (RFC 5322).
    func messages() -> [String] {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter {
            $0.hasSuffix(".eml")
        }.sorted()
        return files.compactMap { FileManager.default.contents(atPath: directory + "/" + $0) }.map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    /// A header's value, and the base64 body decoded.
    static func header(_ name: String, in message: String) -> String? {
        for l in message.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n") {
            if l.isEmpty { break }
            if l.lowercased().hasPrefix(name.lowercased() + ":") {
                return String(l.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    static func body(of message: String) -> String {
        let normalized = message.replacingOccurrences(of: "\r\n", with: "\n")
        guard let r = normalized.range(of: "\n\n") else { return "" }
        let b64 = normalized[r.upperBound...].filter { !$0.isWhitespace }
        return Data(base64Encoded: String(b64)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// The decoded content of a multipart message's attachment by its file name (base64 parts).
    static func attachment(_ fileName: String, in message: String) -> Data? {
        let normalized = message.replacingOccurrences(of: "\r\n", with: "\n")
        guard let named = normalized.range(of: "filename*=UTF-8''" + fileName),
            let start = normalized.range(of: "\n\n", range: named.upperBound..<normalized.endIndex)
        else { return nil }
        let end = normalized.range(of: "\n--", range: start.upperBound..<normalized.endIndex)?.lowerBound
        let b64 = normalized[start.upperBound..<(end ?? normalized.endIndex)].filter { !$0.isWhitespace }
        return Data(base64Encoded: String(b64))
    }

    struct SinkFailed: Error, CustomStringConvertible { var description: String }
}

/// Whether `python3` can import a module (the tests that use a PyPI tool check this first).
enum PythonModule {
    static func installed(_ module: String) -> Bool {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import \(module)"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }
}
