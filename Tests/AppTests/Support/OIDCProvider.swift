import App
import Foundation
import NIOCore
import Testing
import Vapor

/// The real OpenID Connect provider of `Tests/Support/oidc_provider.py` (pyop + Flask), started
/// per test on a free loopback port with its own self-signed certificate. Tests that need it
/// are skipped, with the reason, where pyop or flask is missing; `.ci/run` installs them.
final class OIDCProvider: @unchecked Sendable {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Support/oidc_provider.py").path

    static let available =
        PythonModule.installed("pyop") && PythonModule.installed("flask")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")
    static let reason: Comment = "needs python3 with pyop and flask, and openssl; .ci/run installs them"

    /// Where the in-memory app says it lives: the redirect URIs registered are under it.
    static let publicURL = "http://radhus.test"
    static let clientID = "radhus"
    static let secret = "radhus-test-secret"
    static let keyClientID = "radhus-jwt"

    let directory: String
    let port: Int
    let caFile: String
    /// The private key of the `private_key_jwt` client (its public half is registered).
    let clientKeyFile: String
    private let process: Process

    var issuer: String { "https://127.0.0.1:\(port)" }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("radhus-op-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        clientKeyFile = directory + "/client-key.pem"
        let publicKey = directory + "/client-public.pem"
        try Self.run(
            "/usr/bin/openssl",
            ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", clientKeyFile])
        try Self.run("/usr/bin/openssl", ["pkey", "-in", clientKeyFile, "-pubout", "-out", publicKey])
        let back = Self.publicURL + "/logg-inn/idporten/tilbake|" + Self.publicURL + "/"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [
            "python3", Self.script, "--port", "0", "--tls-dir", directory, "--test-hooks",
            "--client", "\(Self.clientID):\(Self.secret):\(back)",
            "--client-key", "\(Self.keyClientID)=\(publicKey):\(back)",
            "--client", "radhus-staff:\(Self.secret):\(Self.publicURL)/ansatt/logg-inn/sso",
            "--frontchannel", "\(Self.clientID)=\(Self.publicURL)/logg-ut/idporten",
        ]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        var line = ""
        while !line.contains("\n") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { throw Failed(description: "oidc_provider.py exited: \(line)") }
            line += String(decoding: chunk, as: UTF8.self)
        }
        let words = line.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard words.count == 3, words[0] == "ready", let n = Int(words[1]) else {
            p.terminate()
            throw Failed(description: "oidc_provider.py said: \(line)")
        }
        port = n
        caFile = words[2]
        process = p
    }

    deinit { stop() }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The configuration's citizen login through this provider.
    func citizenLogin(privateKeyJWT: Bool = false) throws -> OIDCSettings {
        privateKeyJWT
            ? OIDCSettings(
                issuer: issuer, clientID: Self.keyClientID,
                authentication: .privateKeyJWT(
                    pem: try String(contentsOfFile: clientKeyFile, encoding: .utf8), keyID: nil))
            : OIDCSettings(issuer: issuer, clientID: Self.clientID, authentication: .secretPost(Self.secret))
    }

    func configure(_ config: inout RadhusConfig, privateKeyJWT: Bool = false) throws {
        config.citizenLogin = try citizenLogin(privateKeyJWT: privateKeyJWT)
        config.publicURL = Self.publicURL
        config.trustCAFile = caFile
    }

    /// Spoils the next ID token (`/test/next-id-token`): `claims` changed, `remove` dropped,
    /// `sign`: provider, none, hs256-public-key or unknown-key.
    func spoilNextIDToken(
        _ app: Application, claims: [String: Any] = [:], remove: [String] = [], sign: String = "provider"
    )
        async throws
    {
        let body = try JSONSerialization.data(withJSONObject: ["claims": claims, "remove": remove, "sign": sign])
        let response = try await app.client.post(URI(string: issuer + "/test/next-id-token")) { req in
            req.headers.contentType = .json
            req.body = ByteBuffer(data: body)
        }
        #expect(response.status == .ok)
    }

    /// How many times the JWKS was read.
    func jwksReads(_ app: Application) async throws -> Int {
        let response = try await app.client.get(URI(string: issuer + "/test/stats"))
        struct Stats: Decodable { var jwks: Int }
        return try response.content.decode(Stats.self).jwks
    }

    struct Failed: Error, CustomStringConvertible { var description: String }

    static func run(_ tool: String, _ arguments: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = arguments
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw Failed(description: "\(tool) \(arguments.first ?? "") failed") }
    }
}

/// A browser's visit to the provider: its own cookie jar (the provider's single sign-on
/// session), redirects not followed, so the test sees where the provider sends it.
final class ProviderBrowser {
    let app: Application
    var cookies: [String: String] = [:]

    init(_ app: Application) { self.app = app }

    struct Answer {
        var status: HTTPStatus
        var location: String?
        var body: String
    }

    func get(_ url: String) async throws -> Answer { try await send(.GET, url, form: nil) }

    func send(_ method: HTTPMethod, _ url: String, form: [String: String]?) async throws -> Answer {
        var headers = HTTPHeaders()
        if !cookies.isEmpty {
            headers.add(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        var request = ClientRequest(method: method, url: URI(string: url), headers: headers)
        if let form {
            request.headers.contentType = .urlEncodedForm
            request.body = ByteBuffer(string: WebClient.encode(form))
        }
        let response = try await app.client.send(request)
        WebClient.remember(response.headers[.setCookie], in: &cookies)
        return Answer(
            status: response.status, location: response.headers.first(name: .location),
            body: response.body.map { String(buffer: $0) } ?? "")
    }

    /// Logs in at the provider's form (or passes straight through on its single sign-on
    /// session); returns the path and query the provider sends the browser back to.
    func logIn(at authorizeURL: String, pid: String, acr: String = "idporten-loa-substantial", groups: String = "")
        async throws -> String
    {
        var answer = try await get(authorizeURL)
        if answer.status == .ok {
            answer = try await send(.POST, authorizeURL, form: ["pid": pid, "acr": acr, "groups": groups])
        }
        let back = try #require(answer.location, "the provider did not send the browser back: \(answer.status)")
        #expect(back.hasPrefix(OIDCProvider.publicURL), "sent back to \(back)")
        return String(back.dropFirst(OIDCProvider.publicURL.count))
    }
}
