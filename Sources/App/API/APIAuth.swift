import Crypto
import Fluent
import Foundation
import JWT
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// A domain system signed in with an access token: its client, its kommune, its scopes.
public struct APIClientContext: Sendable {
    public var id: UUID
    public var name: String
    public var municipality: Municipality.Snapshot
    public var scopes: Set<APIScope>
    public var scope: TenantScope { TenantScope(municipalityID: municipality.id) }
    /// How the client is named in timelines, access logs and letters (no personal data).
    public var signature: String { "\(name) (fagsystem)" }
}

extension Request {
    struct APIClientKey: StorageKey { typealias Value = APIClientContext }
    var apiClient: APIClientContext? {
        get { storage[APIClientKey.self] }
        set { storage[APIClientKey.self] = newValue }
    }
}

/// The access token: a JWT signed with the server's key (HS256), for one client of one kommune.
struct AccessToken: JWTPayload {
    var iss: IssuerClaim
    var sub: SubjectClaim
    var iat: IssuedAtClaim
    var exp: ExpirationClaim
    var jti: IDClaim
    var kommune: String
    var scope: String

    static let issuer = "radhus"
    static let lifetime: TimeInterval = 15 * 60

    // Expiry is checked against the application's clock by the middleware (tests move time).
    func verify(using algorithm: some JWTAlgorithm) async throws {
        guard iss.value == Self.issuer else {
            throw JWTError.claimVerificationFailure(failedClaim: iss, reason: "issuer")
        }
    }
}

/// API clients: creation (the secret is returned once), revocation, and checking credentials.
enum APIClients {
    /// Each client is also a staff principal that cannot sign in (inactive, no password), with
    /// the client's id: decisions and the access log name it like a member of staff.
    static let principalRole = "fagsystem"

    struct Created: Sendable {
        var client: APIClient
        var secret: String
    }

    static func create(
        municipalityID: UUID, name: String, scopes: Set<APIScope>, createdBy: String, now: Date,
        on db: any Database
    ) async throws -> Created {
        let c = APIClient()
        c.id = UUID()
        c.municipalityID = municipalityID
        c.name = name
        c.clientID = "rh_" + randomToken(bytes: 12)
        let secret = randomToken(bytes: 32)
        c.secretHash = digest(secret)
        c.scopes = APIScope.allCases.filter(scopes.contains).map(\.rawValue).joined(separator: " ")
        c.createdBy = createdBy
        c.createdAt = now
        try await c.create(on: db)
        try await StaffUser(
            id: c.id, municipalityID: municipalityID, unitID: nil, username: "api:\(c.clientID)", passwordHash: "!",
            displayName: "\(name) (fagsystem)", role: principalRole, active: false
        ).create(on: db)
        return Created(client: c, secret: secret)
    }

    /// The client for these credentials, if they are right and it is not revoked.
    static func authenticate(clientID: String, secret: String, on db: any Database) async throws -> APIClient? {
        guard let c = try await APIClient.query(on: db).filter(\.$clientID == clientID).first(), c.revokedAt == nil
        else { return nil }
        // Constant-time comparison of the digests.
        let a = Array(digest(secret).utf8)
        let b = Array(c.secretHash.utf8)
        guard a.count == b.count, zip(a, b).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else { return nil }
        return c
    }

    static func digest(_ s: String) -> String { hexString(SHA256.hash(data: Data(s.utf8))) }

    /// `bytes` random bytes, URL-safe base64: client ids and secrets, session ids, nonces.
    static func randomToken(bytes: Int) -> String {
        var g = SystemRandomNumberGenerator()
        return Data((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &g) }).base64URLEncoded
    }
}

extension Data {
    /// Base64 with `-` and `_` and no padding (RFC 4648 § 5): safe in URLs, cookies and forms.
    var base64URLEncoded: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

/// The server's signing key, created once in the database (so every node of a cluster signs
/// and verifies with the same key) and loaded into `app.jwt.keys` on first use.
enum APISigningKey {
    struct LoadedKey: StorageKey { typealias Value = NIOLockedValueBox<Bool> }

    static func ensure(_ app: Application) async throws {
        let box =
            app.storage.get(LoadedKey.self)
            ?? {
                let b = NIOLockedValueBox(false)
                app.storage.set(LoadedKey.self, to: b)
                return b
            }()
        if box.withLockedValue({ $0 }) { return }
        let secret = try await ServerKeys.load("jwt-hs256", app: app)
        await app.jwt.keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        box.withLockedValue { $0 = true }
    }
}

/// The server's own secrets (`server_keys`): made once, in the database, so every node of a
/// cluster shares them. With `RADHUS_KEY_ENCRYPTION_KEY` set they are stored encrypted
/// (AES-GCM, `enc1:` before the sealed box in base64), so whoever holds only a copy of the
/// database cannot mint access tokens; a secret stored in clear before the key was set is
/// encrypted at its first read. docs/SECURITY.md has the threat model.
enum ServerKeys {
    static let prefix = "enc1:"

    /// Secrets read once per process, by name (`load`); the box is made in `configure`.
    struct Cache: StorageKey { typealias Value = NIOLockedValueBox<[String: String]> }

    /// The secret named `name`, from the database the first time and from memory after: the
    /// start (`prepareDatabase`) reads both keys, so requests do not.
    static func load(_ name: String, app: Application) async throws -> String {
        if let s = cached(name, app: app) { return s }
        let s = try await secret(name, app: app)
        app.storage.get(Cache.self)?.withLockedValue { $0[name] = s }
        return s
    }

    /// The secret named `name` if `load` has read it.
    static func cached(_ name: String, app: Application) -> String? {
        app.storage.get(Cache.self)?.withLockedValue { $0[name] }
    }

    struct Locked: Error, CustomStringConvertible {
        var name: String
        var description: String {
            "server key \(name) is encrypted: set RADHUS_KEY_ENCRYPTION_KEY to the key it was stored with"
        }
    }

    /// The secret named `name`, made on first use.
    static func secret(_ name: String, app: Application) async throws -> String {
        let sql = app.db.sql
        let kek = app.radhusConfig.keyEncryptionKey.map(encryptionKey)
        func read() async throws -> String? {
            try await sql.select().column("secret").from("server_keys").where("name", .equal, SQLBind(name)).first()?
                .decode(column: "secret", as: String.self)
        }
        if try await read() == nil {
            // Two nodes may race here; the primary key keeps the first, and both read it back.
            let fresh = APIClients.randomToken(bytes: 48)
            let stored = try kek.map { try seal(fresh, with: $0) } ?? fresh
            _ = try? await sql.insert(into: "server_keys").columns("name", "secret", "created_at")
                .values(SQLBind(name), SQLBind(stored), SQLBind(Date())).run()
        }
        guard let stored = try await read() else { throw RadhusError.internalInconsistency("no server key \(name)") }
        if stored.hasPrefix(prefix) {
            guard let kek else { throw Locked(name: name) }
            return try open(stored, with: kek)
        }
        if let kek {
            // Stored in clear before the key was set: encrypt it now (any node may; the value is the same).
            try await sql.update("server_keys").set("secret", to: SQLBind(try seal(stored, with: kek)))
                .where("name", .equal, SQLBind(name)).where("secret", .equal, SQLBind(stored)).run()
        }
        return stored
    }

    static func encryptionKey(_ text: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Data(text.utf8)), info: Data("radhus server_keys v1".utf8),
            outputByteCount: 32)
    }

    static func seal(_ secret: String, with key: SymmetricKey) throws -> String {
        let box = try AES.GCM.seal(Data(secret.utf8), using: key)
        guard let combined = box.combined else { throw RadhusError.internalInconsistency("AES-GCM nonce") }
        return prefix + combined.base64EncodedString()
    }

    static func open(_ stored: String, with key: SymmetricKey) throws -> String {
        guard let data = Data(base64Encoded: String(stored.dropFirst(prefix.count))),
            let box = try? AES.GCM.SealedBox(combined: data), let plain = try? AES.GCM.open(box, using: key)
        else {
            throw RadhusError.internalInconsistency(
                "a server key could not be decrypted: RADHUS_KEY_ENCRYPTION_KEY is not the key it was stored with")
        }
        return String(decoding: plain, as: UTF8.self)
    }
}

/// `POST /api/v1/oauth/token`: OAuth 2.0 client credentials (RFC 6749 § 4.4), credentials in
/// HTTP Basic or in the form. Errors are OAuth's own JSON (`error`, `error_description`).
enum TokenController {
    struct Form: Content {
        var grant_type: String?
        var client_id: String?
        var client_secret: String?
        var scope: String?
    }

    struct TokenResponse: Content {
        var access_token: String
        var token_type = "Bearer"
        var expires_in: Int
        var scope: String
    }

    struct OAuthError: Content {
        var error: String
        var error_description: String
    }

    @Sendable static func token(req: Request) async throws -> Response {
        guard req.headers.contentType == .urlEncodedForm else {
            return oauthError(.badRequest, "invalid_request", "Send skjemaet som application/x-www-form-urlencoded.")
        }
        let form = try req.form(Form.self)
        guard form.grant_type == "client_credentials" else {
            return oauthError(.badRequest, "unsupported_grant_type", "Bare grant_type=client_credentials støttes.")
        }
        var id = form.client_id
        var secret = form.client_secret
        if let basic = req.headers.basicAuthorization {
            id = basic.username.removingPercentEncoding ?? basic.username
            secret = basic.password.removingPercentEncoding ?? basic.password
        }
        guard let id, let secret, !id.isEmpty, !secret.isEmpty, id.count <= 100, secret.count <= 200,
            let client = try await APIClients.authenticate(clientID: id, secret: secret, on: req.db)
        else {
            let r = oauthError(
                .unauthorized, "invalid_client",
                "Ukjent klient eller feil hemmelighet, eller klienten er trukket tilbake.")
            r.headers.replaceOrAdd(name: .wwwAuthenticate, value: #"Basic realm="radhus""#)
            return r
        }
        var granted = client.scopeSet
        if let asked = form.scope?.split(separator: " ").map(String.init), !asked.isEmpty {
            let wanted = Set(asked.compactMap(APIScope.init(rawValue:)))
            guard wanted.count == asked.count, wanted.isSubset(of: granted) else {
                return oauthError(.badRequest, "invalid_scope", "Klienten har ikke alle omfangene det ble bedt om.")
            }
            granted = wanted
        }
        guard let m = try await Municipality.find(client.municipalityID, on: req.db) else {
            throw RadhusError.internalInconsistency("client without kommune")
        }
        try await APISigningKey.ensure(req.application)
        let now = req.application.clock.now()
        let scope = APIScope.allCases.filter(granted.contains).map(\.rawValue).joined(separator: " ")
        let token = try await req.jwt.sign(
            AccessToken(
                iss: .init(value: AccessToken.issuer), sub: .init(value: try client.requireID().uuidString),
                iat: .init(value: now),
                exp: .init(value: now.addingTimeInterval(AccessToken.lifetime)), jti: .init(value: UUID().uuidString),
                kommune: m.number, scope: scope))
        let response = Response(status: .ok)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        try response.content.encode(
            TokenResponse(access_token: token, expires_in: Int(AccessToken.lifetime), scope: scope))
        return response
    }

    static func oauthError(_ status: HTTPResponseStatus, _ code: String, _ text: String) -> Response {
        let r = Response(status: status)
        r.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        try? r.content.encode(OAuthError(error: code, error_description: text))
        return r
    }
}

/// Lets through only requests with a valid access token of a client that is not revoked, and
/// puts the client on the request. Everything else is 401 with problem details.
struct APIAuthMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let bearer = request.headers.bearerAuthorization?.token, !bearer.isEmpty else {
            return Self.unauthorized(
                "Mangler tilgangsnøkkel: send «Authorization: Bearer <token>» fra /api/v1/oauth/token.")
        }
        try await APISigningKey.ensure(request.application)
        guard let token = try? await request.jwt.verify(bearer, as: AccessToken.self) else {
            return Self.unauthorized("Tilgangsnøkkelen er ugyldig.")
        }
        let now = request.application.clock.now()
        guard token.exp.value > now else {
            return Self.unauthorized("Tilgangsnøkkelen er utløpt. Hent en ny.")
        }
        // No token lives longer than the token endpoint issues them for, whatever its `exp`
        // says: a token signed with a leaked key and `exp` years ahead is refused (issue 17).
        guard token.exp.value.timeIntervalSince(token.iat.value) <= AccessToken.lifetime,
            token.iat.value <= now.addingTimeInterval(60)
        else {
            return Self.unauthorized("Tilgangsnøkkelen gjelder lenger enn tillatt (15 minutter). Hent en ny.")
        }
        guard let id = UUID(uuidString: token.sub.value),
            let client = try await APIClient.find(id, on: request.db),
            let m = try await Municipality.find(client.municipalityID, on: request.db), m.number == token.kommune
        else {
            return Self.unauthorized("Tilgangsnøkkelen gjelder ingen kjent klient.")
        }
        guard client.revokedAt == nil else { return Self.unauthorized("Klienten er trukket tilbake.") }
        let tokenScopes = Set(token.scope.split(separator: " ").compactMap { APIScope(rawValue: String($0)) })
        request.apiClient = APIClientContext(
            id: id, name: client.name, municipality: try m.snapshot(),
            scopes: tokenScopes.intersection(client.scopeSet))
        return try await next.respond(to: request)
    }

    static func unauthorized(_ detail: String) -> Response {
        let r = APIProblem(status: .unauthorized, detail: detail).response
        r.headers.replaceOrAdd(name: .wwwAuthenticate, value: #"Bearer realm="radhus""#)
        return r
    }
}

extension Application {
    /// Creates an API client from the command line (`radhus api-client`); the admin page
    /// does the same through `APIClients.create`.
    public func createAPIClient(kommune: String, name: String, scopes: [String]) async throws -> (
        clientID: String, secret: String
    ) {
        guard let m = try await Municipality.snapshot(number: kommune, on: db) else {
            throw RadhusError.notFound("Ingen kommune med nummer \(kommune).")
        }
        let parsed = scopes.compactMap(APIScope.init(rawValue:))
        guard !parsed.isEmpty, parsed.count == scopes.count else {
            throw RadhusError.badRequest(
                "Ukjent omfang; velg blant \(APIScope.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        let now = clock.now()
        let created = try await writer.write(on: db) { tx in
            try await APIClients.create(
                municipalityID: m.id, name: name, scopes: Set(parsed), createdBy: "radhus api-client", now: now, on: tx)
        }
        return (created.client.clientID, created.secret)
    }
}
