import Crypto
import Foundation
import JWT
import NIOConcurrencyHelpers
import RadhusCore
import Vapor

/// One OpenID Connect provider Radhus signs people in through: ID-porten for citizens, a
/// kommune's Entra ID (or any OIDC provider) for staff (issue 18).
///
/// The authorization code flow with PKCE (S256), `state` and `nonce`; the provider's metadata
/// from discovery; ID tokens checked against its JWKS. The checks are written out here rather
/// than left to jwt-kit's defaults, because two of them differ from what an identity token
/// needs: jwt-kit falls back to its default key when a token names a `kid` it does not know
/// (here: an unknown `kid` fetches the JWKS once more — the provider rotated its keys — and
/// is refused if still unknown), and it signs and verifies with whatever `alg` the header
/// names if a key allows it (here: only the asymmetric algorithms the provider announces).
public struct OIDCSettings: Sendable, Equatable {
    public enum ClientAuthentication: Sendable, Equatable {
        /// `client_secret_post`: the secret in the token request's body.
        case secretPost(String)
        /// `client_secret_basic`: the secret in an HTTP Basic header.
        case secretBasic(String)
        /// `private_key_jwt` (RFC 7523), ID-porten's choice for new integrations: a short-lived
        /// assertion signed with the client's own RSA key; `keyID` is the `kid` registered.
        case privateKeyJWT(pem: String, keyID: String?)

        var name: String {
            switch self {
            case .secretPost: "client_secret_post"
            case .secretBasic: "client_secret_basic"
            case .privateKeyJWT: "private_key_jwt"
            }
        }
    }

    public var issuer: String
    public var clientID: String
    public var authentication: ClientAuthentication
    public var scopes: String = "openid profile"

    public init(
        issuer: String, clientID: String, authentication: ClientAuthentication, scopes: String = "openid profile"
    ) {
        self.issuer = issuer
        self.clientID = clientID
        self.authentication = authentication
        self.scopes = scopes
    }
}

/// What discovery (`/.well-known/openid-configuration`) says about a provider.
struct OIDCMetadata: Codable, Sendable {
    var issuer: String
    var authorization_endpoint: String
    var token_endpoint: String
    var jwks_uri: String
    var end_session_endpoint: String?
    var id_token_signing_alg_values_supported: [String]?
    var code_challenge_methods_supported: [String]?
}

/// The claims of an ID token Radhus reads: the standard ones, ID-porten's (`pid`, `acr`,
/// `amr`, `locale`, `sid`) and Entra ID's (`groups`, `roles`, `preferred_username`, `oid`, `name`).
struct IDTokenClaims: JWTPayload {
    var iss: String
    var sub: String
    var aud: AudienceClaim
    var exp: ExpirationClaim
    var iat: IssuedAtClaim?
    var nonce: String?
    var acr: String?
    var amr: [String]?
    var pid: String?
    var locale: String?
    var sid: String?
    var azp: String?
    var groups: [String]?
    /// Entra ID's app roles, where a kommune assigns roles in the app instead of groups.
    var roles: [String]?
    var preferred_username: String?
    var oid: String?
    var name: String?
    var email: String?

    /// The checks need the expected values (`OpenIDClient.verify`), not just the key.
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// Why a login through a provider failed: each a message a person understands, and a
/// reason for the log (never the token or its claims).
struct LoginFailure: Error, Sendable {
    enum Reason: String, Sendable {
        case stateMissing = "state-missing"
        case stateMismatch = "state-mismatch"
        case providerError = "provider-error"
        case providerUnreachable = "provider-unreachable"
        case tokenExchange = "token-exchange"
        case malformed
        case algorithm
        case unknownKey = "unknown-key"
        case signature
        case issuer
        case audience
        case expired
        case nonce
        case level
        case identity
        case noRole = "no-role"
        case deactivated
    }

    var reason: Reason
    /// What the provider said, for the log (`error` of an authorization response).
    var detail: String? = nil

    func message(_ language: Language) -> String {
        let en = language == .en
        switch reason {
        case .stateMissing:
            return en
                ? "The login took too long or was started in another window. Please try again."
                : "Innloggingen tok for lang tid eller ble startet i et annet vindu. Prøv igjen."
        case .stateMismatch:
            return en
                ? "The answer from the login service did not belong to this login. Please try again."
                : "Svaret fra innloggingstjenesten hørte ikke til denne innloggingen. Prøv igjen."
        case .providerError:
            return en
                ? "The login was cancelled or refused by the login service."
                : "Innloggingen ble avbrutt eller avvist av innloggingstjenesten."
        case .providerUnreachable:
            return en
                ? "We could not reach the login service. Please try again in a little while."
                : "Vi fikk ikke kontakt med innloggingstjenesten. Prøv igjen om litt."
        case .tokenExchange, .malformed, .algorithm, .unknownKey, .signature, .issuer, .audience, .nonce:
            return en
                ? "The login could not be verified, so you are not logged in. Please try again."
                : "Innloggingen kunne ikke bekreftes, så du er ikke logget inn. Prøv igjen."
        case .expired:
            return en
                ? "The login had expired before it reached us. Please try again."
                : "Innloggingen var utløpt før den nådde oss. Prøv igjen."
        case .level:
            return en
                ? "This service needs a login at a higher security level (for example BankID). Please log in again."
                : "Denne tjenesten krever innlogging på høyere sikkerhetsnivå (for eksempel BankID). Logg inn på nytt."
        case .identity:
            return en
                ? "The login service did not give us a valid national identity number."
                : "Innloggingstjenesten ga oss ikke et gyldig fødselsnummer."
        case .noRole:
            return en
                ? "Your user has no role in Radhus. Ask your kommune's administrator for access."
                : "Brukeren din har ingen rolle i Radhus. Be administratoren i kommunen om tilgang."
        case .deactivated:
            return en
                ? "Your user has been deactivated. Ask your kommune's administrator."
                : "Brukeren din er deaktivert. Spør administratoren i kommunen."
        }
    }
}

/// A client of one provider: its metadata and keys, fetched when first needed and kept.
actor OpenIDClient {
    let settings: OIDCSettings
    private let http: any Client
    private var metadata: (value: OIDCMetadata, fetched: Date)?
    private let keys = JWTKeyCollection()
    private var keyIDs: Set<String> = []
    private var keysFetched: Date?
    private var lastUnknownKeyRefresh: Date?
    /// Signs `private_key_jwt` assertions.
    private var clientKey: JWTKeyCollection?

    /// Metadata is fetched again after this long (providers change endpoints rarely).
    static let metadataLifetime: TimeInterval = 24 * 3600
    /// An unknown `kid` fetches the JWKS again at most this often: a flood of forged tokens
    /// naming made-up keys must not become a flood of requests to the provider.
    static let keyRefreshInterval: TimeInterval = 10
    /// Clock skew allowed on `exp` and `iat`.
    static let leeway: TimeInterval = 60
    static let asymmetricAlgorithms: Set<String> = [
        "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
    ]

    init(settings: OIDCSettings, http: any Client) {
        self.settings = settings
        self.http = http
    }

    func discover(now: Date = Date()) async throws -> OIDCMetadata {
        if let m = metadata, now.timeIntervalSince(m.fetched) < Self.metadataLifetime { return m.value }
        let url = settings.issuer.trimmingSuffix("/") + "/.well-known/openid-configuration"
        let value: OIDCMetadata = try await getJSON(url)
        // OpenID Connect Discovery §4.3: the issuer in the document must be the one asked for.
        guard value.issuer == settings.issuer else {
            throw LoginFailure(reason: .providerUnreachable, detail: "discovery issuer differs")
        }
        metadata = (value, now)
        return value
    }

    private func getJSON<T: Decodable>(_ url: String) async throws -> T {
        let response: ClientResponse
        do {
            response = try await http.get(URI(string: url), headers: ["Accept": "application/json"])
        } catch {
            throw LoginFailure(reason: .providerUnreachable, detail: "GET failed: \(type(of: error))")
        }
        guard response.status == .ok, let body = response.body else {
            throw LoginFailure(reason: .providerUnreachable, detail: "GET \(response.status.code)")
        }
        do { return try JSONDecoder().decode(T.self, from: body) } catch {
            throw LoginFailure(reason: .providerUnreachable, detail: "unreadable JSON")
        }
    }

    /// Where the browser is sent to log in.
    func authorizationURL(
        redirectURI: String, state: String, nonce: String, verifier: String, acrValues: String?,
        locale: Language?, prompt: String? = nil
    ) async throws -> String {
        let m = try await discover()
        var items = [
            ("response_type", "code"), ("client_id", settings.clientID), ("redirect_uri", redirectURI),
            ("scope", settings.scopes), ("state", state), ("nonce", nonce),
            ("code_challenge", PKCE.challenge(for: verifier)), ("code_challenge_method", "S256"),
        ]
        if let acrValues { items.append(("acr_values", acrValues)) }
        if let locale { items.append(("ui_locales", locale.rawValue)) }
        if let prompt { items.append(("prompt", prompt)) }
        return m.authorization_endpoint + (m.authorization_endpoint.contains("?") ? "&" : "?") + Self.form(items)
    }

    /// Where the browser is sent to end its session at the provider too, if it has such an
    /// endpoint.
    func endSessionURL(idTokenHint: String?, postLogoutRedirect: String, state: String) async throws -> String? {
        let m = try await discover()
        guard let end = m.end_session_endpoint else { return nil }
        var items = [("post_logout_redirect_uri", postLogoutRedirect), ("state", state)]
        if let idTokenHint {
            items.insert(("id_token_hint", idTokenHint), at: 0)
        } else {
            items.insert(("client_id", settings.clientID), at: 0)
        }
        return end + (end.contains("?") ? "&" : "?") + Self.form(items)
    }

    /// Redeems an authorization code at the token endpoint: the raw ID token.
    func redeem(code: String, verifier: String, redirectURI: String) async throws -> String {
        let m = try await discover()
        var items = [
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI),
            ("code_verifier", verifier),
        ]
        var headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"]
        switch settings.authentication {
        case .secretPost(let secret):
            items += [("client_id", settings.clientID), ("client_secret", secret)]
        case .secretBasic(let secret):
            // RFC 6749 §2.3.1: both parts form-encoded before the Basic encoding.
            let pair = Self.formEncode(settings.clientID) + ":" + Self.formEncode(secret)
            headers.add(name: .authorization, value: "Basic " + Data(pair.utf8).base64EncodedString())
        case .privateKeyJWT(let pem, let keyID):
            items += [
                ("client_id", settings.clientID),
                ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                ("client_assertion", try await clientAssertion(pem: pem, keyID: keyID, audience: m.issuer)),
            ]
        }
        let response: ClientResponse
        do {
            response = try await http.post(URI(string: m.token_endpoint), headers: headers) { req in
                req.body = ByteBuffer(string: Self.form(items))
            }
        } catch {
            throw LoginFailure(reason: .providerUnreachable, detail: "token POST failed: \(type(of: error))")
        }
        struct TokenResponse: Decodable {
            var id_token: String?
            var error: String?
        }
        let body = response.body.flatMap { try? JSONDecoder().decode(TokenResponse.self, from: $0) }
        guard response.status == .ok, let token = body?.id_token else {
            throw LoginFailure(
                reason: .tokenExchange, detail: "token endpoint \(response.status.code) \(body?.error ?? "")")
        }
        return token
    }

    /// An RFC 7523 client assertion: iss = sub = the client, aud = the provider, two minutes.
    private func clientAssertion(pem: String, keyID: String?, audience: String) async throws -> String {
        struct Assertion: JWTPayload {
            var iss: String
            var sub: String
            var aud: String
            var iat: IssuedAtClaim
            var exp: ExpirationClaim
            var jti: String
            func verify(using algorithm: some JWTAlgorithm) async throws {}
        }
        let signer: JWTKeyCollection
        if let clientKey {
            signer = clientKey
        } else {
            signer = JWTKeyCollection()
            await signer.add(rsa: try Insecure.RSA.PrivateKey(pem: pem), digestAlgorithm: .sha256)
            clientKey = signer
        }
        let now = Date()
        var header = JWTHeader()
        if let keyID { header.kid = keyID }
        return try await signer.sign(
            Assertion(
                iss: settings.clientID, sub: settings.clientID, aud: audience, iat: .init(value: now),
                exp: .init(value: now.addingTimeInterval(120)), jti: UUID().uuidString),
            header: header)
    }

    /// Checks an ID token: algorithm, key, signature, issuer, audience, expiry, nonce. The
    /// caller checks what depends on who logs in (`acr`, `pid`, groups).
    func verify(idToken: String, nonce: String, now: Date = Date()) async throws -> IDTokenClaims {
        let parts = idToken.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerData = Data(base64URLEncoded: String(parts[0])),
            let header = try? JSONDecoder().decode(Header.self, from: headerData)
        else { throw LoginFailure(reason: .malformed) }
        let m = try await discover()
        let allowed = Set(m.id_token_signing_alg_values_supported ?? ["RS256"]).intersection(Self.asymmetricAlgorithms)
        // "none" and the HMAC algorithms are never accepted: a provider signs with its private
        // key, and a token "signed" with its public key as an HMAC secret is a known forgery.
        guard let alg = header.alg, allowed.contains(alg) else { throw LoginFailure(reason: .algorithm) }
        guard let kid = header.kid else { throw LoginFailure(reason: .unknownKey) }
        if !keyIDs.contains(kid) {
            // Not known: read the keys (the first time, or again: the provider may have rotated
            // them), but again for an unknown kid at most every `keyRefreshInterval`.
            if keysFetched == nil {
                try await refreshKeys(now: now)
            } else if now.timeIntervalSince(lastUnknownKeyRefresh ?? .distantPast) >= Self.keyRefreshInterval {
                lastUnknownKeyRefresh = now
                try await refreshKeys(now: now)
            }
            guard keyIDs.contains(kid) else { throw LoginFailure(reason: .unknownKey) }
        }
        let claims: IDTokenClaims
        do {
            claims = try await keys.verify(idToken, as: IDTokenClaims.self)
        } catch let e as JWTError where e.errorType == .signatureVerificationFailed {
            throw LoginFailure(reason: .signature)
        } catch {
            throw LoginFailure(reason: .malformed)
        }
        guard claims.iss == settings.issuer else { throw LoginFailure(reason: .issuer) }
        // OpenID Connect Core §3.1.3.7: our client id among the audiences; with several, `azp`
        // must name us.
        guard claims.aud.value.contains(settings.clientID),
            claims.aud.value.count == 1 || claims.azp == settings.clientID
        else { throw LoginFailure(reason: .audience) }
        guard claims.exp.value.addingTimeInterval(Self.leeway) > now else { throw LoginFailure(reason: .expired) }
        if let iat = claims.iat?.value, iat > now.addingTimeInterval(Self.leeway) {
            throw LoginFailure(reason: .expired)
        }
        guard let n = claims.nonce, CSRF.constantTimeEqual(n, nonce) else { throw LoginFailure(reason: .nonce) }
        return claims
    }

    private struct Header: Decodable {
        var alg: String?
        var kid: String?
    }

    /// Reads the provider's keys (again).
    private func refreshKeys(now: Date) async throws {
        let m = try await discover()
        keysFetched = now
        let set: JWKS = try await getJSON(m.jwks_uri)
        // Keys the provider no longer publishes are dropped: a retired key signs nothing new.
        await keys.removeAll()
        keyIDs = []
        for key in set.keys {
            guard let kid = key.keyIdentifier?.string, (try? await keys.add(jwk: key)) != nil else { continue }
            keyIDs.insert(kid)
        }
    }

    static func form(_ items: [(String, String)]) -> String {
        items.map { formEncode($0.0) + "=" + formEncode($0.1) }.joined(separator: "&")
    }

    static func formEncode(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(
            .init(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

}

/// PKCE (RFC 7636): the verifier stays with us, its S256 hash goes to the provider.
enum PKCE {
    static func verifier() -> String { APIClients.randomToken(bytes: 32) }
    static func challenge(for verifier: String) -> String {
        Data(SHA256.hash(data: Data(verifier.utf8))).base64URLEncoded
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}

extension Data {
    /// Decodes URL-safe base64 with or without padding.
    init?(base64URLEncoded text: String) {
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        self.init(base64Encoded: s)
    }
}
