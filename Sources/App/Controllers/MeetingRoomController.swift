import Fluent
import Foundation
import RadhusCore
import Vapor

/// The video room (issue 22): its page and its signalling WebSocket, for the case's parties
/// (the kommune's caseworkers by their staff login, the applicant by theirs) and for guests by
/// their personal link — and only around the booked time.
enum MeetingRoomController {
    /// The room opens this long before the meeting and closes this long after its booked end.
    static let opensBefore: TimeInterval = 15 * 60
    static let closesAfter: TimeInterval = 60 * 60

    /// Who is coming in, to which meeting.
    struct Entry {
        var meeting: Meeting
        var record: CaseRecord
        var kommune: Municipality.Snapshot
        var role: MeetingRoomState.Role
        var name: String
        /// The guest's token, for the socket's path.
        var guestToken: String?
        var staff: StaffContext?
    }

    /// The meeting a request may enter, and as whom; 404 for anyone else (a stranger learns
    /// nothing, not even that the meeting exists).
    static func entry(_ req: Request) async throws -> Entry {
        let notFound = RadhusError.localized(.notFound, ErrorMessages.meetingNotFound)
        var meeting: Meeting
        var role: MeetingRoomState.Role
        var name: String
        var token: String?
        if let raw = req.parameters.get("token") {
            guard raw.count <= 100,
                let guest = try await MeetingGuest.query(on: req.db).filter(\.$tokenSHA256 == APIClients.digest(raw))
                    .first(),
                let m = try await Meeting.find(guest.meetingID, on: req.db)
            else { throw notFound }
            (meeting, role, name, token) = (m, .guest, guest.name, raw)
        } else {
            guard let id = req.parameters.get("meeting", as: UUID.self) else { throw notFound }
            if let staff = req.staff, staff.role.mayDecide,
                // Through the staff member's tenant scope: another kommune's meeting is not there.
                let m = try await staff.scope.query(Meeting.self, on: req.db).filter(\.$id == id).first()
            {
                (meeting, role, name) = (m, .host, staff.displayName)
            } else if let fnr = req.citizen, let m = try await Meeting.find(id, on: req.db),
                try await CaseRecord.query(on: req.db).filter(\.$id == m.caseID).filter(\.$applicantFnr == fnr.value)
                    .first() != nil
            {
                (meeting, role, name) = (m, .party, req.strings.applicantLabel)
            } else {
                throw notFound
            }
        }
        guard meeting.meetingKind == .video, meeting.meetingStatus != .cancelled,
            let record = try await CaseRecord.find(meeting.caseID, on: req.db),
            let kommune = try await Municipality.find(meeting.municipalityID, on: req.db)
        else { throw notFound }
        return Entry(
            meeting: meeting, record: record, kommune: try kommune.snapshot(), role: role, name: name,
            guestToken: token,
            staff: role == .host ? req.staff : nil)
    }

    static func window(_ m: Meeting, now: Date) -> MeetingRoomPage.Window {
        let opens = m.startsAt.addingTimeInterval(-opensBefore)
        if now < opens { return .notYet(opens: opens) }
        if now > m.endsAt.addingTimeInterval(closesAfter) || m.meetingStatus == .held { return .over }
        return .open
    }

    /// The room's page. Signed out (and no guest link): the citizen login, back here after.
    @Sendable static func page(req: Request) async throws -> Response {
        if req.parameters.get("token") == nil && req.staff == nil && req.citizen == nil {
            return req.redirect(to: SiteURL.login(next: req.url.path).path, redirectType: .normal)
        }
        let e = try await entry(req)
        let now = req.application.clock.now()
        if let staff = e.staff {
            // The caseworker sees who the applicant's meeting is with: on record like opening the case.
            try await req.writer.write(on: req.db) { tx in
                try await JournalChain.appendAccess(
                    AccessLogEntry(
                        municipalityID: staff.municipality.id, staffID: staff.userID, staffRole: staff.role.rawValue,
                        caseID: e.record.id!, action: .meetingRoom, at: now), on: tx)
            }
        }
        let window = window(e.meeting, now: now)
        // The room's page alone may use the camera, microphone and screen, and open a socket.
        if window == .open { req.storage[SecurityHeadersMiddleware.MeetingRoomPage.self] = true }
        let model = MeetingRoomPage.Model(
            kommune: e.kommune, saksnummer: e.record.saksnummer.description, start: e.meeting.startsAt,
            end: e.meeting.endsAt, window: window,
            socket: e.guestToken.map { SiteURL.guestRoomSocket($0).path }
                ?? SiteURL.meetingRoomSocket(e.meeting.id!).path,
            relayAvailable: req.application.radhusConfig.ice.relayAvailable,
            back: e.role == .host
                ? SiteURL.staffCase(e.record.id!).path
                : e.role == .party ? SiteURL.myCase(e.record.id!).path : nil)
        let ctx = req.pageContext(
            area: e.role == .host ? .staff : .citizen, kommune: e.kommune, forms: e.role != .guest)
        return try await MeetingRoomPage.view(model, ctx: ctx).encodeResponse(for: req)
    }

    /// The signalling socket. Refused before the upgrade (a plain HTTP error the browser's
    /// WebSocket sees as a failed connection) unless the request may enter the room now and
    /// comes from a page of this site.
    @Sendable static func socket(req: Request) async throws -> Response {
        guard sameOrigin(req) else {
            throw RadhusError.localized(
                .forbidden,
                LocalizedText(
                    nb: "Møterommet kan bare brukes fra Radhus' egne sider.",
                    en: "The meeting room can only be used from Radhus's own pages.",
                    nn: "Møterommet kan berre brukast frå sidene til Radhus."))
        }
        let e = try await entry(req)
        guard window(e.meeting, now: req.application.clock.now()) == .open else {
            throw RadhusError.localized(
                .forbidden,
                LocalizedText(
                    nb: "Møterommet er ikke åpent nå.", en: "The meeting room is not open now.",
                    nn: "Møterommet er ikkje ope no."))
        }
        let rooms = req.application.meetingRooms
        let roomEntry = MeetingRooms.Entry(
            meetingID: e.meeting.id!,
            participant: .init(id: UUID().uuidString.lowercased(), name: e.name, role: e.role))
        return req.webSocket(maxFrameSize: .init(integerLiteral: MeetingRooms.maxMessageBytes)) { _, ws in
            // Pings keep the connection alive through proxies that close idle ones.
            ws.pingInterval = .seconds(25)
            await rooms.connect(roomEntry, socket: ws)
            ws.onText { _, text in
                await rooms.receive(meeting: roomEntry.meetingID, from: roomEntry.participant.id, text: text)
            }
            ws.onClose.whenComplete { _ in
                Task { await rooms.disconnect(meeting: roomEntry.meetingID, participant: roomEntry.participant.id) }
            }
        }
    }

    /// A browser's WebSocket names the page's origin; another site's page may not use a
    /// participant's cookies to enter (cross-site WebSocket hijacking).
    static func sameOrigin(_ req: Request) -> Bool {
        guard let origin = req.headers.first(name: .origin) else { return false }
        if let public_ = req.application.radhusConfig.publicURL, let own = SecurityHeadersMiddleware.origin(of: public_)
        {
            return origin == own
        }
        guard let host = req.headers.first(name: .host) else { return false }
        return origin == "http://\(host)" || origin == "https://\(host)"
    }

    /// The room's script (the only one Radhus has).
    @Sendable static func script(req: Request) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .init(type: "text", subType: "javascript", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=300")
        return Response(status: .ok, headers: headers, body: .init(string: MeetingRoomScript.js))
    }
}
