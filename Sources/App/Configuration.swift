import Foundation
import RadhusCore
import Vapor

/// All configuration, read once at boot from the environment (and an optional `.env`, which
/// Vapor loads). Defaults make `swift run radhus serve` work with no configuration at all.
public struct RadhusConfig: Sendable {
    public enum Mode: String, Sendable {
        /// Real citizens: only real fødselsnummer and D-nummer, no test login, no demo data.
        case production
        /// The default: demo kommuner, test login with synthetic numbers only.
        case demo
        /// Like demo, used by the test suites (cheap password hashing, no demo seeding unless asked).
        case test
    }

    public enum DatabaseKind: Sendable, Equatable {
        case sqlite(path: String)
        case postgres(url: String)

        public var name: String {
            switch self {
            case .sqlite: "sqlite"
            case .postgres: "postgresql"
            }
        }
    }

    public var mode: Mode
    public var database: DatabaseKind
    /// Where service definitions are read from (`ServiceDefinitions/` beside the working directory).
    public var servicesDirectory: String
    /// The address people reach Radhus at. When it is https, cookies get the Secure flag.
    public var publicURL: String?
    /// Connections per event loop for PostgreSQL (2 event loops on a 2-core machine).
    public var postgresPoolSize: Int
    /// Work factor for staff passwords; tests lower it so suites stay fast.
    public var bcryptCost: Int
    /// Largest request body accepted (forms and JSON; attachments get their own limit later).
    public var maxBodySize: String
    /// How long a login lasts.
    public var sessionLifetime: TimeInterval
    /// Dispatch (issue 5): the SMTP server for e-mail notices (`smtp://[user:pass@]host[:port]`,
    /// STARTTLS whenever the server offers it; `smtps://` for TLS from the start). No URL: no
    /// e-mail notices (letters still reach the inbox, and paper when unread).
    public var smtpURL: String?
    public var mailFrom: String
    /// CA certificates (PEM) to trust for the SMTP server's TLS, when not the system's.
    public var smtpCAFile: String?
    /// Where print batches go and print receipts come back (`utgaende/`, `kvitteringer/`).
    public var printDirectory: String
    /// The TrueType font embedded in printed letters (found in the usual places when nil).
    public var pdfFont: String?
    /// The background jobs this process runs (`Jobs/`): all of them in `radhus serve`, none
    /// with `RADHUS_DISPATCH=off` (a web node) or in the test suites (which drive them by hand),
    /// a chosen few with `RADHUS_JOBS=journal,dispatch,…`.
    public var backgroundJobs: Set<BackgroundJobKind>
    /// How often an idle dispatcher looks for due work.
    public var dispatchPollInterval: TimeInterval
    /// Retry timing of failed deliveries (defaults: 30 s doubling to 15 min, for 4 hours).
    public var dispatchPolicy: DispatchPolicy
    /// The level at which the database drivers log each statement, with its bound values: nil
    /// (never) in every process an operator starts, since bound values include fødselsnummer.
    /// Only `radhus-bench work-per-submission` sets it, to count statements, never printing them.
    public var sqlLogLevel: Logger.Level? = nil
    /// Anonymous writes allowed per client address and minute (`AnonymousWriteLimit`), also the
    /// burst; nil: no limit (configurations made in code, as the test suites' are).
    /// `RADHUS_ANONYMOUS_WRITES_PER_MINUTE`, 20 by default; `off` turns it off.
    public var anonymousWritesPerMinute: Int? = nil
    /// Protects the server's own secrets in `server_keys` (the API's signing key, the CSRF key):
    /// with it, they are stored encrypted (AES-GCM) under a key derived from it, so a copy of
    /// the database alone (a backup, a read replica) cannot mint access tokens.
    /// `RADHUS_KEY_ENCRYPTION_KEY`, at least 32 characters; nil: stored as they are.
    public var keyEncryptionKey: String? = nil
    /// Citizen login through ID-porten (OpenID Connect, issue 18): `RADHUS_OIDC_ISSUER`,
    /// `RADHUS_OIDC_CLIENT_ID`, and `RADHUS_OIDC_CLIENT_SECRET` (client_secret_post, or
    /// client_secret_basic with `RADHUS_OIDC_CLIENT_AUTH`) or `RADHUS_OIDC_CLIENT_KEY_FILE`
    /// (private_key_jwt, with `RADHUS_OIDC_CLIENT_KEY_ID`). Nil: no ID-porten login.
    public var citizenLogin: OIDCSettings? = nil
    /// CA certificates (PEM) trusted beyond the system's by Radhus's outgoing HTTPS (identity
    /// providers, webhooks): a test provider's self-signed certificate, an internal CA.
    /// `RADHUS_TRUST_CA_FILE`.
    public var trustCAFile: String? = nil
    /// A login ends after this long without a request (`RADHUS_SESSION_IDLE_MINUTES`, 30 as
    /// in ID-porten), and after `sessionLifetime` in any case (`RADHUS_SESSION_HOURS`, 8).
    public var sessionIdleTimeout: TimeInterval = 30 * 60
    /// A file holding seconds to move the clock ahead by (`OffsetFileClock`); demo and test
    /// modes only, for the browser suite.
    public var clockFile: String? = nil
    /// Attachments (issue 19): the folder files are kept in (`RADHUS_FILES_DIR`; `files/`
    /// beside the working directory), and ClamAV's daemon that scans each before it is taken
    /// (`RADHUS_CLAMD`: a Unix socket path or host:port; Debian's socket by default). When
    /// clamd cannot be reached no attachment is taken: there is no switch to skip the scan.
    public var filesDirectory: String = "files"
    public var clamd: String = "/run/clamav/clamd.ctl"
    /// The most one application's attachments may add up to (`RADHUS_MAX_UPLOAD_MB`, 50).
    public var maxUploadBytes: Int64 = 50 * 1_048_576
    /// The video room's NAT traversal (issue 22): STUN servers (`RADHUS_STUN_URLS`), TURN
    /// servers (`RADHUS_TURN_URLS`, `turn:host:3478?transport=udp,turns:host:5349`), and the
    /// secret shared with them (`RADHUS_TURN_SECRET`, coturn's `static-auth-secret`), from which
    /// each admitted participant gets a credential that expires (`RADHUS_TURN_TTL_MINUTES`, 240).
    public var ice = IceSettings()

    public init(
        mode: Mode = .demo,
        database: DatabaseKind = .sqlite(path: "radhus.sqlite"),
        servicesDirectory: String = RadhusConfig.defaultServicesDirectory(),
        publicURL: String? = nil,
        postgresPoolSize: Int = 8,
        bcryptCost: Int = 12,
        maxBodySize: String = "64kb",
        sessionLifetime: TimeInterval = 8 * 3600,
        smtpURL: String? = nil,
        mailFrom: String = "ikke-svar@radhus.localhost",
        printDirectory: String = "print",
        pdfFont: String? = nil,
        backgroundJobs: Set<BackgroundJobKind> = [],
        dispatchPollInterval: TimeInterval = 1,
        dispatchPolicy: DispatchPolicy = DispatchPolicy()
    ) {
        self.mode = mode
        self.database = database
        self.servicesDirectory = servicesDirectory
        self.publicURL = publicURL
        self.postgresPoolSize = postgresPoolSize
        self.bcryptCost = bcryptCost
        self.maxBodySize = maxBodySize
        self.sessionLifetime = sessionLifetime
        self.smtpURL = smtpURL
        self.mailFrom = mailFrom
        self.printDirectory = printDirectory
        self.pdfFont = pdfFont
        self.backgroundJobs = backgroundJobs
        self.dispatchPollInterval = dispatchPollInterval
        self.dispatchPolicy = dispatchPolicy
    }

    /// Which identity numbers are accepted: real ones in production, synthetic (Tenor) ones
    /// otherwise. `RADHUS_IDENTITIES=synthetic` keeps production mode (no test login, no demo
    /// data, ID-porten only) but for synthetic people: a staging installation against
    /// ID-porten's test environment, whose test people are Tenor's, and the production-mode
    /// test suites.
    public var identities: IdentityPolicy? = nil
    public var identityPolicy: IdentityPolicy { identities ?? (mode == .production ? .production : .synthetic) }
    public var secureCookies: Bool { publicURL?.lowercased().hasPrefix("https://") ?? false }

    /// How to send mail (`RADHUS_SMTP_URL`, checked at start), or nil: no e-mail is sent.
    public var smtpSettings: SMTPSettings? {
        smtpURL.flatMap { try? SMTPSettings(url: $0, from: mailFrom, trustRootsFile: smtpCAFile) }
    }

    /// The absolute address of a path on this site, for e-mails and identity providers:
    /// `RADHUS_PUBLIC_URL` (the address `radhus serve` prints when it is unset) and the path.
    public func absoluteURL(_ path: String) -> String {
        (publicURL ?? "http://127.0.0.1:8080").trimmingSuffix("/") + path
    }

    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads `RADHUS_MODE`, `DATABASE_URL`, `RADHUS_SQLITE_PATH`, `RADHUS_SERVICES_DIR`,
    /// `RADHUS_PUBLIC_URL`, `RADHUS_PG_POOL_SIZE`, `RADHUS_BCRYPT_COST`. A bad value stops
    /// the boot with a message naming the variable.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws
        -> RadhusConfig
    {
        var c = RadhusConfig()
        if let m = env["RADHUS_MODE"], !m.isEmpty {
            guard let mode = Mode(rawValue: m) else {
                throw Problem(description: "RADHUS_MODE must be production, demo or test, not '\(m)'")
            }
            c.mode = mode
        }
        if let file = env["RADHUS_CLOCK_FILE"], !file.isEmpty {
            guard c.mode != .production else {
                throw Problem(description: "RADHUS_CLOCK_FILE moves the clock for tests: it is refused in production")
            }
            c.clockFile = file
        }
        if let url = env["DATABASE_URL"], !url.isEmpty {
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
                throw Problem(
                    description:
                        "DATABASE_URL must start with postgres:// (leave it unset for the embedded SQLite database)")
            }
            c.database = .postgres(url: url)
        } else if let path = env["RADHUS_SQLITE_PATH"], !path.isEmpty {
            c.database = .sqlite(path: path)
        }
        if let dir = env["RADHUS_SERVICES_DIR"], !dir.isEmpty { c.servicesDirectory = dir }
        if let u = env["RADHUS_PUBLIC_URL"], !u.isEmpty { c.publicURL = u }
        if let p = env["RADHUS_PG_POOL_SIZE"], !p.isEmpty {
            guard let n = Int(p), (1...200).contains(n) else {
                throw Problem(description: "RADHUS_PG_POOL_SIZE must be 1–200")
            }
            c.postgresPoolSize = n
        }
        if let b = env["RADHUS_BCRYPT_COST"], !b.isEmpty {
            guard let n = Int(b), (4...31).contains(n) else {
                throw Problem(description: "RADHUS_BCRYPT_COST must be 4–31")
            }
            c.bcryptCost = n
        }
        if let u = env["RADHUS_SMTP_URL"], !u.isEmpty {
            guard (try? SMTPSettings(url: u, from: "x@y")) != nil else {
                throw Problem(
                    description: "RADHUS_SMTP_URL must look like smtp://host:port or smtps://user:password@host:port")
            }
            c.smtpURL = u
        }
        if let f = env["RADHUS_SMTP_CA_FILE"], !f.isEmpty {
            guard FileManager.default.fileExists(atPath: f) else {
                throw Problem(description: "RADHUS_SMTP_CA_FILE: no file at \(f)")
            }
            c.smtpCAFile = f
        }
        if let f = env["RADHUS_MAIL_FROM"], !f.isEmpty {
            guard f.contains("@"), !f.contains(" ") else {
                throw Problem(description: "RADHUS_MAIL_FROM must be an e-mail address")
            }
            c.mailFrom = f
        }
        if let d = env["RADHUS_PRINT_DIR"], !d.isEmpty { c.printDirectory = d }
        if let d = env["RADHUS_FILES_DIR"], !d.isEmpty { c.filesDirectory = d }
        if let a = env["RADHUS_CLAMD"], !a.isEmpty {
            guard ClamdScanner.Address(a) != nil else {
                throw Problem(description: "RADHUS_CLAMD must be a socket path (/run/clamav/clamd.ctl) or host:port")
            }
            c.clamd = a
        }
        if let m = env["RADHUS_MAX_UPLOAD_MB"], !m.isEmpty {
            guard let n = Int64(m), (1...1024).contains(n) else {
                throw Problem(description: "RADHUS_MAX_UPLOAD_MB must be a whole number from 1 to 1024")
            }
            c.maxUploadBytes = n * 1_048_576
        }
        if let f = env["RADHUS_PDF_FONT"], !f.isEmpty { c.pdfFont = f }
        c.ice = try IceSettings(env: env)
        // The jobs a serving node runs: all of them, RADHUS_JOBS's, or none with RADHUS_DISPATCH=off.
        // Commands that do not serve clear this (radhus, radhus-bench).
        c.backgroundJobs = Set(BackgroundJobKind.allCases)
        if let d = env["RADHUS_DISPATCH"], !d.isEmpty {
            guard ["on", "off"].contains(d) else { throw Problem(description: "RADHUS_DISPATCH must be on or off") }
            if d == "off" { c.backgroundJobs = [] }
        }
        if let j = env["RADHUS_JOBS"], !j.isEmpty, !c.backgroundJobs.isEmpty {
            var jobs: Set<BackgroundJobKind> = []
            for name in j.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                guard let kind = BackgroundJobKind(rawValue: name) else {
                    let known = BackgroundJobKind.allCases.map(\.rawValue).joined(separator: ", ")
                    throw Problem(description: "RADHUS_JOBS: unknown job '\(name)' (known: \(known))")
                }
                jobs.insert(kind)
            }
            c.backgroundJobs = jobs
        }
        c.anonymousWritesPerMinute = 20
        if let a = env["RADHUS_ANONYMOUS_WRITES_PER_MINUTE"], !a.isEmpty {
            if a == "off" {
                c.anonymousWritesPerMinute = nil
            } else {
                guard let n = Int(a), n > 0, n <= 100_000 else {
                    throw Problem(
                        description: "RADHUS_ANONYMOUS_WRITES_PER_MINUTE must be a whole number from 1, or off")
                }
                c.anonymousWritesPerMinute = n
            }
        }
        if let k = env["RADHUS_KEY_ENCRYPTION_KEY"], !k.isEmpty {
            guard k.count >= 32 else {
                throw Problem(
                    description:
                        "RADHUS_KEY_ENCRYPTION_KEY must be at least 32 characters (for example: openssl rand -base64 32)"
                )
            }
            c.keyEncryptionKey = k
        }
        if let i = env["RADHUS_IDENTITIES"], !i.isEmpty {
            guard let policy = IdentityPolicy(rawValue: i) else {
                throw Problem(description: "RADHUS_IDENTITIES must be production or synthetic")
            }
            c.identities = policy
        }
        if let m = env["RADHUS_SESSION_IDLE_MINUTES"], !m.isEmpty {
            guard let v = Double(m), v >= 1, v <= 24 * 60 else {
                throw Problem(description: "RADHUS_SESSION_IDLE_MINUTES must be 1–1440")
            }
            c.sessionIdleTimeout = v * 60
        }
        if let h = env["RADHUS_SESSION_HOURS"], !h.isEmpty {
            guard let v = Double(h), v > 0, v <= 24 * 7 else {
                throw Problem(description: "RADHUS_SESSION_HOURS must be more than 0 and at most 168")
            }
            c.sessionLifetime = v * 3600
        }
        if let f = env["RADHUS_TRUST_CA_FILE"], !f.isEmpty {
            guard FileManager.default.fileExists(atPath: f) else {
                throw Problem(description: "RADHUS_TRUST_CA_FILE: no file at \(f)")
            }
            c.trustCAFile = f
        }
        c.citizenLogin = try Self.oidcSettings(env)
        if c.citizenLogin != nil, c.publicURL == nil {
            throw Problem(
                description:
                    "RADHUS_OIDC_ISSUER needs RADHUS_PUBLIC_URL: the address ID-porten sends people back to is made from it"
            )
        }
        if let p = env["RADHUS_DISPATCH_POLL_SECONDS"], !p.isEmpty {
            guard let v = Double(p), v > 0, v <= 60 else {
                throw Problem(description: "RADHUS_DISPATCH_POLL_SECONDS must be between 0 and 60")
            }
            c.dispatchPollInterval = v
        }
        if let b = env["RADHUS_DISPATCH_MAX_BACKOFF_SECONDS"], !b.isEmpty {
            guard let v = Double(b), v >= 1, v <= 3600 else {
                throw Problem(description: "RADHUS_DISPATCH_MAX_BACKOFF_SECONDS must be 1–3600")
            }
            c.dispatchPolicy.maxBackoff = v
            c.dispatchPolicy.initialBackoff = min(c.dispatchPolicy.initialBackoff, v)
        }
        return c
    }

    /// The citizen login's provider from `RADHUS_OIDC_*`, each problem named.
    static func oidcSettings(_ env: [String: String]) throws -> OIDCSettings? {
        func value(_ name: String) -> String? { env[name].flatMap { $0.isEmpty ? nil : $0 } }
        guard let issuer = value("RADHUS_OIDC_ISSUER") else { return nil }
        guard issuer.hasPrefix("https://") else {
            throw Problem(description: "RADHUS_OIDC_ISSUER must be an https:// address (ID-porten's issuer)")
        }
        guard let clientID = value("RADHUS_OIDC_CLIENT_ID") else {
            throw Problem(
                description: "RADHUS_OIDC_ISSUER needs RADHUS_OIDC_CLIENT_ID (from Digdir's samarbeidsportal)")
        }
        let method = value("RADHUS_OIDC_CLIENT_AUTH")
        let authentication: OIDCSettings.ClientAuthentication
        if let file = value("RADHUS_OIDC_CLIENT_KEY_FILE"), method == nil || method == "private_key_jwt" {
            guard let pem = try? String(contentsOfFile: file, encoding: .utf8), pem.contains("PRIVATE KEY") else {
                throw Problem(description: "RADHUS_OIDC_CLIENT_KEY_FILE: no PEM private key at \(file)")
            }
            authentication = .privateKeyJWT(pem: pem, keyID: value("RADHUS_OIDC_CLIENT_KEY_ID"))
        } else if let secret = value("RADHUS_OIDC_CLIENT_SECRET") {
            switch method ?? "client_secret_post" {
            case "client_secret_post": authentication = .secretPost(secret)
            case "client_secret_basic": authentication = .secretBasic(secret)
            default:
                throw Problem(
                    description:
                        "RADHUS_OIDC_CLIENT_AUTH must be client_secret_post, client_secret_basic or private_key_jwt")
            }
        } else {
            throw Problem(
                description:
                    "RADHUS_OIDC_ISSUER needs RADHUS_OIDC_CLIENT_SECRET or RADHUS_OIDC_CLIENT_KEY_FILE (private_key_jwt)"
            )
        }
        return OIDCSettings(issuer: issuer, clientID: clientID, authentication: authentication)
    }

    /// `ServiceDefinitions/` in the working directory; when Radhus runs from elsewhere (a test runner,
    /// an installed binary), the folder next to this source tree.
    public static func defaultServicesDirectory() -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/ServiceDefinitions"
        if FileManager.default.fileExists(atPath: cwd) { return cwd }
        let source = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ServiceDefinitions").path
        return source
    }

    public static let version = "0.1.0"
}
