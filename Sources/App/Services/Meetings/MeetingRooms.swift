import Foundation
import RadhusCore
import Vapor

/// The video rooms' signalling server (issue 22): one WebSocket per participant, held here while
/// they are in a room. It relays WebRTC offers, answers and ICE candidates between admitted
/// participants, lets hosts admit those waiting in the lobby, carries the text chat, and tells
/// the case when the meeting got under way and how long it was held. Media never passes through
/// Radhus: it goes browser to browser, or through the TURN server.
///
/// Nothing said in a room is kept: no recording, and the chat lives only in the browsers.
///
/// The rooms live in this process's memory. With more than one web node, a room's participants
/// must reach the same node (sticky routing on the meeting id); docs/MEETINGS.md says so.
actor MeetingRooms {
    /// Who a connection is: decided by `MeetingRoomController.entry` before the upgrade.
    struct Entry: Sendable {
        var meetingID: UUID
        var participant: MeetingRoomState.Participant
    }

    /// What the case is told: the meeting got under way, or was held (the span and who took part).
    enum Happening: Sendable {
        case started(at: Date)
        case held(MeetingRoomState.Held)
    }

    private struct Room {
        var state = MeetingRoomState()
        var sockets: [String: WebSocket] = [:]
        /// Chat lines per participant in the current ten seconds (a flood is dropped).
        var chatWindow: [String: (start: Date, count: Int)] = [:]
    }

    private var rooms: [UUID: Room] = [:]
    private let ice: IceSettings
    private let now: @Sendable () -> Date
    private let record: @Sendable (UUID, Happening) async -> Void

    init(
        ice: IceSettings, now: @escaping @Sendable () -> Date,
        record: @escaping @Sendable (UUID, Happening) async -> Void
    ) {
        self.ice = ice
        self.now = now
        self.record = record
    }

    /// Biggest message taken from a browser: an SDP offer with many candidates fits well within.
    static let maxMessageBytes = 64 * 1024

    // MARK: Connections

    func connect(_ entry: Entry, socket: WebSocket) {
        let at = now()
        var room = rooms[entry.meetingID] ?? Room()
        let p = entry.participant
        let (joined, started) = room.state.join(p, at: at)
        guard joined != .full else {
            send(socket, ["type": "refused", "reason": "full"])
            _ = socket.close(code: .policyViolation)
            return
        }
        room.sockets[p.id] = socket
        rooms[entry.meetingID] = room
        send(
            socket,
            [
                "type": "welcome", "you": p.id, "name": p.name, "role": p.role.rawValue,
                "admitted": joined == .admitted, "relayAvailable": ice.relayAvailable,
            ])
        if joined == .admitted {
            enter(p.id, in: entry.meetingID, at: at)
        } else {
            send(socket, ["type": "waiting"])
        }
        updateLobby(entry.meetingID)
        if started { happen(entry.meetingID, .started(at: at)) }
    }

    func disconnect(meeting: UUID, participant id: String) {
        guard var room = rooms[meeting], room.state.participant(id) != nil else { return }
        let held = room.state.leave(id, at: now())
        room.sockets[id] = nil
        room.chatWindow[id] = nil
        rooms[meeting] = room.state.isEmpty ? nil : room
        broadcast(meeting, ["type": "left", "id": id])
        updateLobby(meeting)
        if let held { happen(meeting, .held(held)) }
    }

    func receive(meeting: UUID, from id: String, text: String) {
        guard text.utf8.count <= Self.maxMessageBytes,
            let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
            let type = object["type"] as? String, let room = rooms[meeting], room.state.participant(id) != nil
        else { return }
        switch type {
        case "signal":
            // An offer, an answer or a candidate for one other admitted participant, passed on
            // as it came: the browsers check it, the server only who may talk to whom.
            guard let to = object["to"] as? String, let data = object["data"], room.state.maySend(from: id, to: to),
                let socket = room.sockets[to]
            else { return }
            send(socket, ["type": "signal", "from": id, "data": data])
        case "admit":
            guard let who = object["id"] as? String else { return }
            let at = now()
            guard let r = rooms[meeting]?.state.admit(who, by: id, at: at) else { return }
            enter(r.admitted.id, in: meeting, at: at)
            updateLobby(meeting)
            if r.started { happen(meeting, .started(at: at)) }
        case "chat":
            guard let raw = object["text"] as? String, let line = RoomChat.clean(raw),
                room.state.maySend(from: id, to: nil),
                allowChat(meeting, id)
            else { return }
            let name = room.state.participant(id)?.name ?? ""
            for p in room.state.admitted {
                if let s = room.sockets[p.id] {
                    send(
                        s,
                        ["type": "chat", "from": id, "name": name, "text": line, "at": JournalChain.timestamp(now())])
                }
            }
        default:
            return
        }
    }

    // MARK: Helpers

    /// `id` is in: it gets its ICE servers and the others already in (it offers to each), and
    /// they are told to expect its offer.
    private func enter(_ id: String, in meeting: UUID, at: Date) {
        guard let room = rooms[meeting], let socket = room.sockets[id] else { return }
        let others = room.state.admitted.filter { $0.id != id }
        let servers = ice.servers(for: id, now: at).map { s -> [String: Any] in
            var d: [String: Any] = ["urls": s.urls]
            if let u = s.username { d["username"] = u }
            if let c = s.credential { d["credential"] = c }
            return d
        }
        send(
            socket,
            [
                "type": "admitted", "iceServers": servers,
                "peers": others.map { ["id": $0.id, "name": $0.name] },
            ])
        let me = room.state.participant(id)
        for o in others {
            if let s = room.sockets[o.id] { send(s, ["type": "joined", "id": id, "name": me?.name ?? ""]) }
        }
    }

    /// Hosts see who waits in the lobby.
    private func updateLobby(_ meeting: UUID) {
        guard let room = rooms[meeting] else { return }
        let waiting = room.state.waiting.map { ["id": $0.id, "name": $0.name, "role": $0.role.rawValue] }
        for h in room.state.admitted where h.role == .host {
            if let s = room.sockets[h.id] { send(s, ["type": "lobby", "waiting": waiting]) }
        }
    }

    private func broadcast(_ meeting: UUID, _ message: [String: Any]) {
        guard let room = rooms[meeting] else { return }
        for p in room.state.admitted { if let s = room.sockets[p.id] { send(s, message) } }
    }

    private func allowChat(_ meeting: UUID, _ id: String) -> Bool {
        let at = now()
        var w = rooms[meeting]?.chatWindow[id] ?? (at, 0)
        if at.timeIntervalSince(w.start) > 10 { w = (at, 0) }
        w.count += 1
        rooms[meeting]?.chatWindow[id] = w
        return w.count <= 20
    }

    private func happen(_ meeting: UUID, _ h: Happening) {
        let record = self.record
        Task { await record(meeting, h) }
    }

    private func send(_ socket: WebSocket, _ message: [String: Any]) {
        guard let data = try? JSONSerialization.data(withJSONObject: message),
            let text = String(data: data, encoding: .utf8)
        else { return }
        socket.send(text)
    }
}
