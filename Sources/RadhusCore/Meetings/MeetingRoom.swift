import Foundation

/// Who is in one video meeting's room and what each may do (issue 22), without the sockets:
/// the signalling server keeps one per room and asks it before relaying anything.
///
/// The caseworker is the room's host and is let in at once; the applicant and guests wait in
/// the lobby until a host admits them. Only admitted participants may exchange WebRTC
/// signalling or chat, and only with each other. The room counts as held from the moment two
/// are admitted together until the last admitted one leaves: that span is the meeting's duration.
public struct MeetingRoomState: Sendable, Equatable {
    public enum Role: String, Sendable, Codable {
        /// The kommune's caseworker: admits the others.
        case host
        /// The applicant of the case.
        case party
        /// Someone invited by e-mail with a personal link (a neighbour, the architect).
        case guest
    }

    public struct Participant: Sendable, Equatable {
        public var id: String
        public var name: String
        public var role: Role
        public var admitted: Bool

        public init(id: String, name: String, role: Role, admitted: Bool = false) {
            self.id = id
            self.name = name
            self.role = role
            self.admitted = admitted
        }
    }

    /// A mesh of peer connections: each participant sends to every other, so the room stays small.
    public static let capacity = 6

    /// In the order they came.
    public private(set) var participants: [Participant] = []
    /// Since when two or more have been admitted together (nil: not under way).
    public private(set) var startedAt: Date?
    /// Everyone admitted since the meeting got under way, by name, in the order they came in:
    /// the minutes' list of participants.
    public private(set) var attendees: [String] = []

    public init() {}

    public enum Joined: Sendable, Equatable {
        case admitted
        case waiting
        case full
    }

    /// The meeting span a change ended: from `startedAt` to the moment the last one left.
    public struct Held: Sendable, Equatable {
        public var start: Date
        public var end: Date
        public var attendees: [String]

        /// Whole minutes, at least one.
        public var minutes: Int { max(1, Int((end.timeIntervalSince(start) / 60).rounded())) }
    }

    public var admitted: [Participant] { participants.filter(\.admitted) }
    public var waiting: [Participant] { participants.filter { !$0.admitted } }
    public var isEmpty: Bool { participants.isEmpty }
    public func participant(_ id: String) -> Participant? { participants.first { $0.id == id } }

    /// A host comes straight in; anyone else waits to be admitted. A full room refuses.
    /// Returns whether the meeting got under way with this (`started`).
    public mutating func join(_ p: Participant, at now: Date) -> (Joined, started: Bool) {
        guard participants.count < Self.capacity, participant(p.id) == nil else { return (.full, false) }
        var p = p
        p.admitted = p.role == .host
        participants.append(p)
        return (p.admitted ? .admitted : .waiting, p.admitted ? noteStart(at: now) : false)
    }

    /// A host lets a waiting participant in. Nil when `host` is no host or `id` is not waiting.
    public mutating func admit(_ id: String, by host: String, at now: Date) -> (admitted: Participant, started: Bool)? {
        guard participant(host)?.role == .host, participant(host)?.admitted == true,
            let i = participants.firstIndex(where: { $0.id == id && !$0.admitted })
        else { return nil }
        participants[i].admitted = true
        return (participants[i], noteStart(at: now))
    }

    /// Someone leaves (or their connection drops). Returns the span held, when they were the
    /// last admitted one of a meeting under way.
    public mutating func leave(_ id: String, at now: Date) -> Held? {
        guard let i = participants.firstIndex(where: { $0.id == id }) else { return nil }
        participants.remove(at: i)
        guard admitted.isEmpty, let start = startedAt else { return nil }
        startedAt = nil
        defer { attendees = [] }
        return Held(start: start, end: now, attendees: attendees)
    }

    /// Whether `from` may send signalling or chat to `to` (nil: to everyone admitted).
    public func maySend(from: String, to: String?) -> Bool {
        guard participant(from)?.admitted == true else { return false }
        guard let to else { return true }
        return to != from && participant(to)?.admitted == true
    }

    private mutating func noteStart(at now: Date) -> Bool {
        if startedAt != nil {
            for p in admitted where !attendees.contains(p.name) { attendees.append(p.name) }
            return false
        }
        guard admitted.count >= 2 else { return false }
        startedAt = now
        attendees = admitted.map(\.name)
        return true
    }
}

/// What a chat line may be: words, not control characters, and not a document.
public enum RoomChat {
    public static let maxLength = 1000

    /// The line cleaned of surrounding space, or nil when it is empty, too long or holds a
    /// control character (a line feed or tab is a control character here too: one line).
    public static func clean(_ text: String) -> String? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty, t.count <= maxLength else { return nil }
        guard !t.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return nil }
        return t
    }
}
