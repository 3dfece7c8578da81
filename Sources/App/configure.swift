import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import NIOCore
import NIOSSL
import SQLKit
import Vapor

/// Builds the application for a configuration: database, migrations, sessions, middleware,
/// routes. Tests call this with their own configuration; nothing here is global.
public func configure(
    _ app: Application, config: RadhusConfig, clock: any Clock = SystemClock(), shippedServices: ShippedServices? = nil
) async throws {
    app.radhusConfig = config
    app.clock = clock
    app.shippedServices = try shippedServices ?? ShippedServices.load(from: config.servicesDirectory)
    app.services = ServiceRegistry(base: app.shippedServices)
    // The video rooms (issue 22): what happens in one goes on the case's record.
    app.storage[Application.MeetingRoomsKey.self] = MeetingRooms(
        ice: config.ice, now: { [unowned app] in app.clock.now() },
        record: { [unowned app] meeting, happening in
            await MeetingService(db: app.db, writer: app.writer, clock: app.clock)
                .record(meeting, happening, logger: app.logger)
        })

    switch config.database {
    case .sqlite(let path):
        // No SQL logging (`sqlLogLevel` is nil but in a benchmark that counts statements):
        // bound values include fødselsnummer, and logs must never hold them.
        app.databases.use(.sqlite(.file(path), sqlLogLevel: config.sqlLogLevel), as: .sqlite)
        app.databases.use(
            .sqlite(.file(path), sqlLogLevel: config.sqlLogLevel), as: .sqliteWriter, isDefault: false)
        app.storage[Application.WriterKey.self] = WriteCoordinator(
            kind: .sqlite,
            writerDatabase: { [unowned app] in
                app.databases.database(.sqliteWriter, logger: app.logger, on: app.eventLoopGroup.any())!
            })
        // WAL: readers never wait for the writer. synchronous stays at SQLite's FULL default
        // (sqlite-nio builds with it): a commit is on disk before an answer is sent.
        _ = try await app.db.sql.raw("PRAGMA journal_mode=WAL").all()
    case .postgres(let url):
        var pg = try SQLPostgresConfiguration(url: url)
        pg.searchPath = nil
        app.databases.use(
            .postgres(
                configuration: pg, maxConnectionsPerEventLoop: config.postgresPoolSize,
                // The driver always logs (it takes no nil): at trace, which the CLI never allows
                // (bound values include fødselsnummer); a statement-counting benchmark sets its own.
                connectionPoolTimeout: .seconds(30), sqlLogLevel: config.sqlLogLevel ?? .trace), as: .psql)
        app.storage[Application.WriterKey.self] = WriteCoordinator(kind: .postgres)
    }

    // Migrations, numbered; each has a real revert.
    // 001: kommuner and staff, cases with their timeline, decisions, letters, access log, sessions.
    app.migrations.add(CreateMunicipalities())
    app.migrations.add(CreateCases())
    app.migrations.add(CreateAccessLogAndSessions())
    // 002: rule automation: evaluations, rule versions, automation settings.
    app.migrations.add(CreateRuleEvaluations())
    // 003: dispatch: shipments and their receipts, citizens' contact details, dispatch settings.
    app.migrations.add(CreateShipments())
    // 004: records: journal entries and documents, hash chains of the journal and the access log.
    app.migrations.add(CreateJournal())
    // 005: the public API: API clients, the token-signing key, the event feed, webhook subscriptions.
    app.migrations.add(CreateAPIAndEvents())
    // 006: the shared service catalogue: published service packages and kommuner's adoptions.
    app.migrations.add(CreateCatalog(builtIns: app.shippedServices.services.map { ($0.id, $0.version) }))
    // 007: insights: case facts from the event feed, baselines, settings, report notes.
    app.migrations.add(CreateInsights())
    // 008: digital maturity: the anonymous survey, the process inventory, the action plan.
    app.migrations.add(CreateMaturity())
    // 009: daily rollups of the case facts and a processing-time histogram, for reports over long periods.
    app.migrations.add(CreateInsightRollups())
    // 010: events carry their feed position, indexed, so the sequencer reads only pending ones.
    app.migrations.add(IndexPendingEvents())
    // 011: cases and letters carry a journaled mark, indexed, so the registrar reads only what is pending.
    app.migrations.add(IndexUnjournaled())
    // 012: case events and feed rows carry the facts insights need (service, channel, due date, automated).
    app.migrations.add(EventsCarryFacts())
    // 013: sessions refer to citizens instead of holding their fødselsnummer; sessions by expiry.
    app.migrations.add(SessionsHoldReferences())
    // 014: staff accounts are locked for a while after repeated failed password logins.
    app.migrations.add(StaffLoginLockout())
    // 015: sessions end when idle and at a fixed end; provider logins record the provider's session.
    app.migrations.add(SessionsEndWhenIdle())
    // 016: staff single sign-on: a kommune's identity provider, its groups mapped to roles.
    app.migrations.add(StaffSingleSignOn())
    // 017: onboarding: operators, staff invitations, the admin log, a kommune's contact and logo text.
    app.migrations.add(AddOnboarding())
    // 018: cases name whom they concern beside who applied (a parent for a child).
    app.migrations.add(CasesNameTheirSubject())
    // 019: attachments: files sent with applications, kept in the attachment store.
    app.migrations.add(AddAttachments())
    // 020: drafts: an application not yet sent, kept for its person for 30 days.
    app.migrations.add(AddDrafts())
    // 021: decisions carry their structured values.
    app.migrations.add(DecisionsCarryValues())
    // 022: a citizen's written form of Norwegian (bokmål or nynorsk) for letters and pages.
    app.migrations.add(ContactsRememberWrittenForm())
    // 023: the service workshop's drafts: a service a kommune writes in the browser.
    app.migrations.add(AddServiceWorkshop())
    // 024: the dialogue on a case: messages, notes, requests for information, assignment.
    app.migrations.add(AddCaseDialogue())
    // 025: when a case's preliminary answer (forvaltningsloven § 11 a) is due, indexed.
    app.migrations.add(CasesCarryPreliminaryAnswer())
    // 026: a decision made on review refers to the automated decision it reviews.
    app.migrations.add(DecisionsReferToReviewed())
    // 027: a caseworker's saved queue filters.
    app.migrations.add(AddSavedFilters())
    // 028: the queue's open cases in deadline order (a partial index); letters and receipts by case.
    app.migrations.add(IndexForTheQueue())
    // 029: appeals — a linked case, its course, the appeal bodies' addresses; the queue's index.
    app.migrations.add(AddAppeals())
    // 030: the two-person check's proposals.
    app.migrations.add(AddDecisionProposals())
    // 031: the queue filtered by service (and status) from an index alone.
    app.migrations.add(IndexTheQueueByService())
    // 032: files sent with a message on the case.
    app.migrations.add(MessagesCarryFiles())
    // 033: a journal post names the message it files (its attachments become its documents).
    app.migrations.add(JournalPostsNameTheirMessage())
    // 034: meetings (issue 22) — caseworkers' hours, the kommune's booking rules, meetings.
    app.migrations.add(AddMeetings())
    app.migrations.add(AddMeetingRoom())
    app.migrations.add(AddAdmission())
    app.migrations.add(AddStatutoryClocksNoticesAndFees())
    app.migrations.add(AddFollowUps())

    // Webhooks must not hang a dispatcher on a silent receiver.
    app.http.client.configuration.timeout = .init(connect: .seconds(5), read: .seconds(15))
    // No redirects followed: a webhook receiver or an identity provider answers where it was
    // asked (a redirect from a token endpoint would carry the client's secret elsewhere).
    app.http.client.configuration.redirectConfiguration = .disallow
    if let ca = config.trustCAFile {
        // Beside the system's roots, not instead of them: a test provider's certificate or a
        // kommune's internal CA must not stop webhooks to public receivers.
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.additionalTrustRoots = [.file(ca)]
        app.http.client.configuration.tlsConfiguration = tls
    }
    if !config.backgroundJobs.isEmpty { app.lifecycle.use(BackgroundLoop()) }

    app.routes.defaultMaxBodySize = ByteCount(stringLiteral: config.maxBodySize)
    // Attachments (issue 19): files on disk under RADHUS_FILES_DIR, each scanned by clamd first.
    if app.storage[Application.AttachmentStoreKey.self] == nil {
        app.attachmentStore = try DiskAttachmentStore(root: URL(fileURLWithPath: config.filesDirectory))
    }
    if app.storage[Application.VirusScannerKey.self] == nil {
        app.virusScanner = ClamdScanner(address: ClamdScanner.Address(config.clamd) ?? .unix(config.clamd))
    }
    app.sessions.use { app in
        DatabaseSessions(lifetime: app.radhusConfig.sessionLifetime, idle: app.radhusConfig.sessionIdleTimeout)
    }
    let secure = config.secureCookies
    let lifetime = config.sessionLifetime
    app.sessions.configuration = SessionsConfiguration(cookieName: "radhus_session") { id in
        // An empty id is a session that was not stored (`DatabaseSessions.createSession`).
        if id.string.isEmpty { return .expired }
        // Max-Age, not Expires: no date to format on every response.
        return HTTPCookies.Value(
            string: id.string, expires: nil, maxAge: Int(lifetime), domain: nil,
            path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }

    // Middleware, outermost first. The error page wraps everything, so even a failure in
    // session loading becomes a page, not a bare 500.
    RadhusMetrics.bootstrap()
    app.storage[ServerKeys.Cache.self] = .init([:])
    app.storage[IdentityProviders.Key.self] = IdentityProviders()
    app.middleware = .init()
    app.middleware.use(RouteLoggingMiddleware(logLevel: .info))
    // Forms may lead to the citizen login's provider: logging out goes on to its end-session page.
    let formTargets = config.citizenLogin.flatMap { SecurityHeadersMiddleware.origin(of: $0.issuer) }.map { [$0] } ?? []
    app.middleware.use(SecurityHeadersMiddleware(hsts: secure, formTargets: formTargets))
    app.middleware.use(CSRFCookieMiddleware())
    app.middleware.use(ErrorPageMiddleware())
    app.middleware.use(MethodMiddleware())
    app.middleware.use(AddressTextMiddleware())
    app.middleware.use(app.sessions.middleware)
    app.middleware.use(IdentityMiddleware())
    if let n = config.anonymousWritesPerMinute {
        app.middleware.use(AnonymousWriteLimit(limiter: RateLimiter(burst: n, perMinute: n)))
    }
    app.middleware.use(CSRFMiddleware())

    try routes(app)
}

extension Application {
    /// SQLite plans its queries from the statistics ANALYZE keeps; without them it guessed that
    /// the kommune's whole index was the cheap way to count the queue's open cases (issue 20's
    /// benchmark). `PRAGMA optimize` with 0x10002 runs a bounded ANALYZE where the statistics
    /// are missing or stale, as SQLite advises at start and every few hours; the session sweep
    /// runs it hourly. PostgreSQL's autovacuum keeps its own.
    static func optimizeSQLite(_ db: any Database, checkpoint: Bool = false) async throws {
        guard db.sql.dialect.name == "sqlite" else { return }
        try await db.sql.raw("PRAGMA optimize=0x10002").run()
        guard checkpoint else { return }
        // At start, after migrations. A connection reads the statistics when it loads the schema,
        // and ANALYZE does not make the others load it again: connections that loaded the schema
        // while a migration built an index (before the migration analyzed it) kept planning
        // without its statistics — the queue took 630 ms instead of 40 on the first start after
        // migration 031 (issue 20's benchmark), and fast again only after a restart. A table made
        // and dropped changes the schema, so every connection loads it, statistics and all, at
        // its next statement. Then the write-ahead log is emptied while nothing else reads.
        try await db.sql.raw("CREATE TABLE radhus_reload_statistics (x INTEGER)").run()
        try await db.sql.raw("DROP TABLE radhus_reload_statistics").run()
        try await db.sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
    }

    /// Migrates, and on an empty database seeds the demo kommuner (demo mode only).
    public func prepareDatabase(seedDemo: Bool) async throws {
        try await autoMigrate()
        try await Self.optimizeSQLite(db, checkpoint: true)
        let catalog = CatalogService(app: self)
        if seedDemo {
            let seeder = DemoSeeder(db: db, writer: writer, bcryptCost: radhusConfig.bcryptCost, catalog: catalog)
            if try await seeder.isEmpty() { try await seeder.seed() }
        }
        try await catalog.publishBuiltIns()
        // The server's secrets, read once now: an encrypted key without RADHUS_KEY_ENCRYPTION_KEY
        // (or with another one) stops the start with what to do, not the first request.
        try await APISigningKey.ensure(self)
        _ = try await ServerKeys.load(CSRF.keyName, app: self)
    }
}

extension DatabaseID {
    /// The SQLite writer's own connections (`WriteCoordinator`).
    static let sqliteWriter = DatabaseID(string: "sqlite-writer")
}
