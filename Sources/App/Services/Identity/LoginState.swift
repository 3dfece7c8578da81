import Crypto
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// What a login through a provider must remember between sending the browser away and its
/// return: `state`, `nonce`, the PKCE verifier, where to go afterwards, the level asked for.
///
/// Kept in the browser, in a short-lived cookie signed with the server's CSRF key (a domain of
/// its own in the MAC), not in a session: no row is written for a login that is never
/// finished, and the session that holds the login is started only when it succeeds (a new
/// id, so fixation is impossible). The cookie is SameSite=Lax: the provider's redirect back
/// is a top-level GET, which carries it.
struct LoginState: Codable, Sendable {
    /// `idporten`, or `staff:<kommunenummer>` for a kommune's staff provider.
    var provider: String
    var state: String
    var nonce: String
    var verifier: String
    var next: String?
    /// The `acr` asked for (ID-porten: idporten-loa-substantial or idporten-loa-high).
    var level: String?
    var expires: Double

    static let cookie = "radhus_login"
    /// Long enough to log in with BankID, short enough that a stolen cookie is soon worthless.
    static let lifetime: TimeInterval = 10 * 60

    static func start(provider: String, next: String?, level: String?, now: Date) -> LoginState {
        LoginState(
            provider: provider, state: APIClients.randomToken(bytes: 24), nonce: APIClients.randomToken(bytes: 24),
            verifier: PKCE.verifier(), next: next, level: level,
            expires: now.addingTimeInterval(lifetime).timeIntervalSince1970
        )
    }

    func cookieValue(key: SymmetricKey) throws -> HTTPCookies.Value {
        let payload = try JSONEncoder.sorted.encode(self).base64URLEncoded
        return HTTPCookies.Value(string: payload + "." + Self.mac(payload, key: key))
    }

    /// The state the browser brought back, if its signature holds and it has not expired.
    static func read(_ req: Request, now: Date) -> LoginState? {
        guard let raw = req.cookies[cookie]?.string, let key = CSRF.key(req.application) else { return nil }
        let parts = raw.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, CSRF.constantTimeEqual(String(parts[1]), mac(String(parts[0]), key: key)),
            let data = Data(base64URLEncoded: String(parts[0])),
            let state = try? JSONDecoder().decode(LoginState.self, from: data),
            state.expires > now.timeIntervalSince1970
        else { return nil }
        return state
    }

    static func set(_ state: LoginState, on response: Response, req: Request) throws {
        guard let key = CSRF.key(req.application) else { throw RadhusError.internalInconsistency("no CSRF key") }
        var value = try state.cookieValue(key: key)
        value.maxAge = Int(lifetime)
        value.path = "/"
        value.isHTTPOnly = true
        value.isSecure = req.application.radhusConfig.secureCookies
        value.sameSite = .lax
        response.cookies[cookie] = value
    }

    /// Removes the cookie (with the path it was set with, or the browser keeps it).
    static func clear(on response: Response) {
        response.cookies[cookie] = HTTPCookies.Value(
            string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/", isHTTPOnly: true, sameSite: .lax)
    }

    private static func mac(_ payload: String, key: SymmetricKey) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: Data("login|\(payload)".utf8), using: key)).base64URLEncoded
    }
}

/// The identity providers Radhus knows, each client made at first use and kept (its metadata
/// and keys with it).
final class IdentityProviders: Sendable {
    private let clients = NIOLockedValueBox<[String: OpenIDClient]>([:])

    func client(_ name: String, settings: OIDCSettings, app: Application) -> OpenIDClient {
        clients.withLockedValue { all in
            if let c = all[name], c.settings == settings { return c }
            let c = OpenIDClient(settings: settings, http: app.client)
            all[name] = c
            return c
        }
    }

    struct Key: StorageKey { typealias Value = IdentityProviders }
}

extension Application {
    /// Made in `configure` (a first use from two requests at once would race on storage).
    var identityProviders: IdentityProviders { storage[IdentityProviders.Key.self]! }
}

/// Seals what a session must keep but nobody reading the sessions table should see: the ID
/// token sent back as `id_token_hint` at logout holds the person's fødselsnummer (`pid`).
/// AES-GCM under a server key of its own (`server_keys`, itself sealed under
/// `RADHUS_KEY_ENCRYPTION_KEY` when that is set).
enum SessionSeal {
    static let keyName = "session-seal"

    static func key(_ app: Application) async throws -> SymmetricKey {
        let secret = try await ServerKeys.load(keyName, app: app)
        return SymmetricKey(data: SHA256.hash(data: Data(secret.utf8)))
    }

    static func seal(_ text: String, app: Application) async throws -> String {
        try AES.GCM.seal(Data(text.utf8), using: try await key(app)).combined!.base64URLEncoded
    }

    static func open(_ sealed: String, app: Application) async throws -> String? {
        guard let data = Data(base64URLEncoded: sealed), let box = try? AES.GCM.SealedBox(combined: data),
            let plain = try? AES.GCM.open(box, using: try await key(app))
        else { return nil }
        return String(decoding: plain, as: UTF8.self)
    }

    /// What a session stores of a provider's session id: a hash of issuer and `sid`, enough
    /// to find the session when the provider's front-channel logout names it.
    static func providerSession(issuer: String, sid: String) -> String { APIClients.digest("\(issuer)|\(sid)") }
}
