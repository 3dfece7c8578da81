import Fluent
import Foundation
import RadhusCore
import SQLKit
import Vapor

/// The event feed: every case event and shipment event, in one ordered list per kommune,
/// read by API clients with a cursor and pushed to subscribed systems as signed webhooks.
///
/// Events are written by the commands that cause them (submission, decision, dispatch …) in
/// their own transactions, with no order between kommuner or processes. The *sequencer*
/// gives them their place afterwards: one transaction at a time holds the feed head, picks up
/// what has committed since and numbers it. So a position is visible only after every lower
/// position is, and a reader that continues after position N misses nothing — which an
/// insert-time timestamp or auto-increment cannot promise when transactions commit out of
/// order. Events of one case come in the order they happened (by time, then by kind).
public struct EventFeed: Sendable {
    let db: any Database
    let writer: WriteCoordinator
    let clock: any Clock

    public init(app: Application) {
        db = app.db
        writer = app.writer
        clock = app.clock
    }

    /// Events not yet in the feed carry no `feed_position` (their writers leave it out); an index
    /// on it makes "what is pending" a lookup of the pending rows only. (It was an anti-join
    /// against the feed, which read every event ever written, each second, on every node.)
    static let pending = SQLBinaryExpression(SQLColumn("feed_position"), .is, SQLLiteral.null)

    /// The feed position of each row of a source table (`case_events`, `shipment_events`), as SQL.
    static func feedPosition(of table: String) -> SQLRaw {
        SQLRaw("(SELECT f.position FROM event_feed f WHERE f.id = \(table).id)")
    }

    /// Numbers a batch of new events (`batch.limit`, in the background lane); returns how many.
    @discardableResult
    public func sequencePending(batch: BatchSizer = BatchSizer(initial: 5000, maximum: 5000)) async throws -> Int {
        let sql = db.sql
        // A read first: an idle tick takes no write lock.
        let pendingCase = try await sql.select().column("id").from(CaseEventRecord.schema)
            .where(Self.pending).limit(1).first()
        let pendingShipment =
            pendingCase != nil
            ? nil
            : try await sql.select().column("id").from(ShipmentEventRecord.schema)
                .where(Self.pending).limit(1).first()
        guard pendingCase != nil || pendingShipment != nil else { return 0 }
        let now = clock.now()
        return try await writer.writeBatch(on: db, sizer: batch) { tx, limit in
            try await Self.sequence(limit: limit, now: now, on: tx.sql)
        }
    }

    struct Source {
        var id: UUID, municipalityID: UUID, caseID: UUID, type: String, at: Date, rank: Int
        var shipmentID: UUID?, detail: String?
        /// The facts a case event carries for its readers (`CaseLedger.Facts`).
        var serviceID: String? = nil, channel: String? = nil, dueAt: Date? = nil, automated: Bool? = nil
    }

    /// The order of a case's events that share a time: submitted before opened before decided …
    static let caseRank: [CaseEventKind: Int] = [
        .submitted: 0, .opened: 1, .decided: 2, .letterSent: 3, .letterRead: 5,
    ]

    static func sequence(limit: Int, now: Date, on sql: any SQLDatabase) async throws -> Int {
        // Hold the head: a second sequencer waits here, then sees what this one numbered.
        let lockHead = sql.insert(into: "event_feed_head").columns("name", "last_position")
            .values(SQLBind("feed"), SQLBind(Int64(0)))
            .onConflict(with: ["name"]) {
                $0.set(SQLIdentifier("last_position"), to: SQLRaw("event_feed_head.last_position"))
            }
        guard let head = try await lockHead.returning("last_position").first() else {
            throw RadhusError.internalInconsistency("event feed head returned no row")
        }
        var position = try head.decode(column: "last_position", as: Int64.self)
        var sources: [Source] = []
        for row in try await sql.select().columns(
            "id", "municipality_id", "case_id", "kind", "at", "detail", "service_id", "channel", "due_at",
            "automated"
        )
        .from(CaseEventRecord.schema).where(pending).orderBy("at").limit(limit).all() {
            let raw = try row.decode(column: "kind", as: String.self)
            let kind = CaseEventKind(rawValue: raw)
            // Only what is not personal travels in the feed: a decision's outcome id, nothing
            // from letter titles (they may name a child). The case itself is behind `cases.read`.
            let detail = kind == .decided ? try row.decode(column: "detail", as: String.self) : nil
            sources.append(
                Source(
                    id: try row.decode(column: "id", as: UUID.self),
                    municipalityID: try row.decode(column: "municipality_id", as: UUID.self),
                    caseID: try row.decode(column: "case_id", as: UUID.self), type: kind?.feedType ?? "case.\(raw)",
                    at: try row.decode(column: "at", as: Date.self), rank: kind.flatMap { caseRank[$0] } ?? 4,
                    detail: detail,
                    serviceID: try row.decode(column: "service_id", as: String?.self),
                    channel: try row.decode(column: "channel", as: String?.self),
                    dueAt: try row.decode(column: "due_at", as: Date?.self),
                    automated: try row.decode(column: "automated", as: Bool?.self)))
        }
        for row in try await sql.select().columns("id", "municipality_id", "case_id", "shipment_id", "status", "at")
            .from(ShipmentEventRecord.schema).where(pending).orderBy("at").limit(limit).all()
        {
            let status = try row.decode(column: "status", as: String.self)
            sources.append(
                Source(
                    id: try row.decode(column: "id", as: UUID.self),
                    municipalityID: try row.decode(column: "municipality_id", as: UUID.self),
                    caseID: try row.decode(column: "case_id", as: UUID.self),
                    type: ShipmentStatus(rawValue: status)?.feedType ?? "shipment.\(status)",
                    at: try row.decode(column: "at", as: Date.self), rank: 4,
                    shipmentID: try row.decode(column: "shipment_id", as: UUID.self)))
        }
        guard !sources.isEmpty else { return 0 }
        sources.sort { ($0.at, $0.rank) < ($1.at, $1.rank) }
        let batch = sources.prefix(limit)
        // Many rows per statement: one round trip per 100 events.
        for chunk in batch.chunks(of: 100) {
            var insert = sql.insert(into: FeedEvent.schema)
                .columns(
                    "position", "id", "municipality_id", "case_id", "type", "occurred_at", "shipment_id", "detail",
                    "recorded_at",
                    "service_id", "channel", "due_at", "automated")
            for s in chunk {
                position += 1
                insert = insert.values(
                    SQLBind(position), SQLBind(s.id), SQLBind(s.municipalityID), SQLBind(s.caseID), SQLBind(s.type),
                    SQLBind(s.at), SQLBind.orNull(s.shipmentID), SQLBind.orNull(s.detail), SQLBind(now),
                    SQLBind.orNull(s.serviceID), SQLBind.orNull(s.channel), SQLBind.orNull(s.dueAt),
                    SQLBind.orNull(s.automated))
            }
            try await insert.run()
            // Mark the sources as sequenced, in the same transaction as their feed rows.
            for (table, isShipment) in [(CaseEventRecord.schema, false), (ShipmentEventRecord.schema, true)] {
                let ids = chunk.filter { ($0.shipmentID != nil) == isShipment }.map(\.id)
                guard !ids.isEmpty else { continue }
                try await sql.update(table)
                    .set("feed_position", to: feedPosition(of: table))
                    .where("id", .in, SQLBind.group(ids)).run()
            }
        }
        try await sql.update("event_feed_head").set("last_position", to: SQLBind(position)).where(
            "name", .equal, SQLBind("feed")
        ).run()
        return batch.count
    }

    /// An event as the API and the webhooks give it.
    public struct Event: Codable, Sendable, Equatable {
        public var id: UUID
        public var position: Int64
        public var type: String
        public var caseId: UUID
        public var saksnummer: String?
        public var occurredAt: Date
        public var shipmentId: UUID?
        public var detail: String?
    }

    /// The kommune's events after `position`, in order.
    public static func read(municipalityID: UUID, after position: Int64, limit: Int, on db: any Database) async throws
        -> [Event]
    {
        let rows = try await db.sql.select()
            .columns(
                SQLColumn("position", table: "f"), SQLColumn("id", table: "f"), SQLColumn("type", table: "f"),
                SQLColumn("case_id", table: "f"), SQLColumn("occurred_at", table: "f"),
                SQLColumn("shipment_id", table: "f"),
                SQLColumn("detail", table: "f"), SQLColumn("saks_year", table: "c"),
                SQLColumn("saks_sequence", table: "c")
            )
            .from(SQLAlias(SQLIdentifier(FeedEvent.schema), as: SQLIdentifier("f")))
            .join(
                SQLAlias(SQLIdentifier(CaseRecord.schema), as: SQLIdentifier("c")), method: SQLJoinMethod.left,
                on: SQLColumn("case_id", table: "f"), .equal, SQLColumn("id", table: "c")
            )
            .where(SQLColumn("municipality_id", table: "f"), .equal, SQLBind(municipalityID))
            .where(SQLColumn("position", table: "f"), .greaterThan, SQLBind(position))
            .orderBy(SQLColumn("position", table: "f")).limit(limit).all()
        return try rows.map { row in
            let year = try row.decode(column: "saks_year", as: Int?.self)
            let seq = try row.decode(column: "saks_sequence", as: Int?.self)
            return Event(
                id: try row.decode(column: "id", as: UUID.self),
                position: try row.decode(column: "position", as: Int64.self),
                type: try row.decode(column: "type", as: String.self),
                caseId: try row.decode(column: "case_id", as: UUID.self),
                saksnummer: year.flatMap { y in seq.map { Saksnummer(year: y, sequence: $0).description } },
                occurredAt: try row.decode(column: "occurred_at", as: Date.self),
                shipmentId: try row.decode(column: "shipment_id", as: UUID?.self),
                detail: try row.decode(column: "detail", as: String?.self))
        }
    }
}

extension EventFeed {
    /// The kommune's newest position (0 when it has no events yet).
    static func lastPosition(municipalityID: UUID, on db: any Database) async throws -> Int64 {
        let row = try await db.sql.select()
            .column(SQLFunction("max", args: SQLColumn("position")), as: "p")
            .from(FeedEvent.schema).where("municipality_id", .equal, SQLBind(municipalityID)).first()
        return try row?.decode(column: "p", as: Int64?.self) ?? 0
    }

    /// Pushes the feed to the kommuner's webhook subscriptions: each subscription in order,
    /// one event per request, signed like letter webhooks (`Radhus-Signature` over
    /// `timestamp.body`), with the event's id in `Radhus-Event-Id`. The subscription's position
    /// moves only after a 2xx, so an event is sent again after a failure or a crash between
    /// the answer and the update: at least once, in order, and the receiver drops repeats by id.
    /// A subscription is claimed with a lease, so two Radhus processes never push it at once.
    @discardableResult
    public func deliverWebhooks(client: any Client, workerID: String, policy: DispatchPolicy, batch: Int = 50)
        async throws -> Int
    {
        let sql = db.sql
        let now = clock.now()
        let due = try await sql.raw(
            """
            SELECT s.id FROM webhook_subscriptions s
            WHERE s.active = \(bind: true) AND (s.next_attempt_at IS NULL OR s.next_attempt_at <= \(bind: now))
              AND (s.claimed_until IS NULL OR s.claimed_until < \(bind: now))
              AND EXISTS (SELECT 1 FROM event_feed f WHERE f.municipality_id = s.municipality_id AND f.position > s.delivered_position)
            LIMIT 20
            """
        ).all().map { try $0.decode(column: "id", as: UUID.self) }
        var sent = 0
        for id in due {
            let until = now.addingTimeInterval(policy.lease)
            let claimed = try await writer.write(on: db, lane: .background) { tx in
                try await tx.sql.raw(
                    """
                    UPDATE webhook_subscriptions SET claimed_by = \(bind: workerID), claimed_until = \(bind: until)
                    WHERE id = \(bind: id) AND (claimed_until IS NULL OR claimed_until < \(bind: now)) RETURNING id
                    """
                ).first() != nil
            }
            guard claimed, let sub = try await WebhookSubscription.find(id, on: db), sub.active else { continue }
            sent += try await push(sub, client: client, workerID: workerID, policy: policy, batch: batch)
        }
        return sent
    }

    private func push(
        _ sub: WebhookSubscription, client: any Client, workerID: String, policy: DispatchPolicy, batch: Int
    ) async throws -> Int {
        let events = try await Self.read(
            municipalityID: sub.municipalityID, after: sub.deliveredPosition, limit: batch, on: db)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        var delivered: Int64? = nil
        var failure: String? = nil
        for event in events {
            let body = try encoder.encode(event)
            let timestamp = String(Int(clock.now().timeIntervalSince1970))
            var headers = HTTPHeaders()
            headers.contentType = .json
            headers.add(name: "Radhus-Event-Id", value: event.id.uuidString)
            headers.add(name: "Radhus-Timestamp", value: timestamp)
            headers.add(
                name: "Radhus-Signature",
                value: "sha256=" + Dispatcher.signature(secret: sub.secret, timestamp: timestamp, body: body))
            do {
                let response = try await client.post(URI(string: sub.url), headers: headers) { req in
                    req.body = ByteBuffer(data: body)
                    req.timeout = .seconds(15)
                }
                guard (200..<300).contains(response.status.code) else {
                    failure = "HTTP \(response.status.code)"
                    break
                }
                delivered = event.position
            } catch {
                failure = String(describing: error).prefix(200).description
                break
            }
        }
        let now = clock.now()
        let attempts = failure == nil ? 0 : sub.attempts + 1
        let next: Date? =
            failure == nil
            ? nil
            : now.addingTimeInterval(policy.backoff(afterFailures: attempts, jitter: Double.random(in: -0.1...0.1)))
        let position = delivered ?? sub.deliveredPosition
        let error = failure
        let advanced = delivered != nil
        let subID = try sub.requireID()
        // Record progress only while the claim is still this worker's.
        try await writer.write(on: db, lane: .background) { tx in
            var update = tx.sql.update(WebhookSubscription.schema)
                .set("delivered_position", to: SQLBind(position))
                .set("attempts", to: SQLBind(attempts))
                .set("next_attempt_at", to: SQLBind.orNull(next))
                .set("claimed_until", to: SQLLiteral.null)
                .where("id", .equal, SQLBind(subID)).where("claimed_by", .equal, SQLBind(workerID))
            if let error {
                update = update.set("last_error", to: SQLBind(error))
            } else {
                update = update.set("last_error", to: SQLLiteral.null)
            }
            if advanced { update = update.set("last_delivered_at", to: SQLBind(now)) }
            try await update.run()
        }
        return events.isEmpty ? 0 : Int(position - sub.deliveredPosition)
    }
}
