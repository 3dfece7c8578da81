import Crypto
import Foundation

/// The STUN and TURN servers the video room's browsers use to reach each other (issue 22).
///
/// TURN credentials are never stored anywhere: each admitted participant gets one made from
/// the secret Radhus shares with the TURN server, by the scheme coturn calls «TURN REST API»
/// (`use-auth-secret`): the username is `<expiry as Unix time>:<a random name>`, the password
/// `base64(HMAC-SHA1(secret, username))`. The TURN server recomputes it and refuses it once the
/// expiry has passed, so a credential copied out of a browser is worth nothing a few hours on.
public struct IceSettings: Sendable, Equatable {
    public var stunURLs: [String] = []
    public var turnURLs: [String] = []
    public var turnSecret: String?
    public var credentialLifetime: TimeInterval = 4 * 3600

    public init() {}

    /// Whether participants can choose to go through the TURN server only (`iceTransportPolicy:
    /// "relay"`): then the others see the server's address, never theirs.
    public var relayAvailable: Bool { !turnURLs.isEmpty && turnSecret != nil }

    init(env: [String: String]) throws {
        func urls(_ name: String, schemes: [String]) throws -> [String] {
            guard let raw = env[name], !raw.isEmpty else { return [] }
            let list = raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            for u in list where !schemes.contains(where: { u.hasPrefix($0 + ":") }) || u.contains(" ") {
                throw RadhusConfig.Problem(
                    description: "\(name): '\(u)' must begin with \(schemes.map { $0 + ":" }.joined(separator: " or "))"
                )
            }
            return list
        }
        stunURLs = try urls("RADHUS_STUN_URLS", schemes: ["stun", "stuns"])
        turnURLs = try urls("RADHUS_TURN_URLS", schemes: ["turn", "turns"])
        if let s = env["RADHUS_TURN_SECRET"], !s.isEmpty {
            guard s.count >= 16 else {
                throw RadhusConfig.Problem(description: "RADHUS_TURN_SECRET must be at least 16 characters")
            }
            turnSecret = s
        }
        if !turnURLs.isEmpty && turnSecret == nil {
            throw RadhusConfig.Problem(
                description: "RADHUS_TURN_URLS needs RADHUS_TURN_SECRET (the TURN server's static-auth-secret)")
        }
        if let m = env["RADHUS_TURN_TTL_MINUTES"], !m.isEmpty {
            guard let n = Int(m), (5...24 * 60).contains(n) else {
                throw RadhusConfig.Problem(description: "RADHUS_TURN_TTL_MINUTES must be a whole number from 5 to 1440")
            }
            credentialLifetime = Double(n) * 60
        }
    }

    /// One RTCIceServer as the browser takes it.
    public struct Server: Sendable, Codable, Equatable {
        public var urls: [String]
        public var username: String?
        public var credential: String?
    }

    /// The servers for one participant, with a TURN credential valid from `now` for the lifetime.
    public func servers(for participant: String, now: Date) -> [Server] {
        var out: [Server] = []
        if !stunURLs.isEmpty { out.append(Server(urls: stunURLs)) }
        if let secret = turnSecret, !turnURLs.isEmpty {
            let c = Self.credential(
                secret: secret, expires: now.addingTimeInterval(credentialLifetime), name: participant)
            out.append(Server(urls: turnURLs, username: c.username, credential: c.password))
        }
        return out
    }

    /// coturn's time-limited credential (`use-auth-secret`).
    public static func credential(secret: String, expires: Date, name: String) -> (username: String, password: String) {
        let username = "\(Int(expires.timeIntervalSince1970)):\(name)"
        let mac = HMAC<Insecure.SHA1>.authenticationCode(
            for: Data(username.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return (username, Data(mac).base64EncodedString())
    }
}
