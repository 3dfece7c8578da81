import Foundation

/// A meeting as an iCalendar object (RFC 5545) for the participants' calendars (issue 22):
/// `METHOD:REQUEST` for a booking and each change (the same `UID`, `SEQUENCE` one higher each
/// time), `METHOD:CANCEL` when it is called off. Times are written in Europe/Oslo with its
/// `VTIMEZONE` (the EU rule: summer time from the last Sunday of March 01:00 UTC to the last
/// Sunday of October 01:00 UTC), so a calendar shows 09:00 whichever side of a change of time
/// the meeting falls on. Lines end in CRLF and are folded at 75 octets, never inside a
/// character; text is escaped as the RFC says.
public struct MeetingInvitation: Sendable, Equatable {
    public enum Method: String, Sendable {
        case request = "REQUEST"
        case cancel = "CANCEL"
    }

    public struct Person: Sendable, Equatable {
        public var name: String?
        public var email: String
        public init(name: String?, email: String) {
            self.name = name
            self.email = email
        }
    }

    public var method: Method
    /// Stable for the meeting's life: `<meeting id>@radhus.<kommunenummer>.kommune`.
    public var uid: String
    public var sequence: Int
    public var start: Date
    public var end: Date
    /// When this version was made (DTSTAMP).
    public var stamp: Date
    public var summary: String
    public var description: String
    public var location: String?
    public var url: String?
    public var organizer: Person
    public var attendees: [Person]

    public init(
        method: Method, uid: String, sequence: Int, start: Date, end: Date, stamp: Date, summary: String,
        description: String, location: String? = nil, url: String? = nil, organizer: Person, attendees: [Person]
    ) {
        self.method = method
        self.uid = uid
        self.sequence = sequence
        self.start = start
        self.end = end
        self.stamp = stamp
        self.summary = summary
        self.description = description
        self.location = location
        self.url = url
        self.organizer = organizer
        self.attendees = attendees
    }

    public static let timeZone = "Europe/Oslo"

    /// The `VTIMEZONE` of Europe/Oslo since 1996 (EU summer time).
    static let osloTimeZone = [
        "BEGIN:VTIMEZONE", "TZID:Europe/Oslo",
        "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST", "DTSTART:19700329T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
        "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET", "DTSTART:19701025T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
        "END:VTIMEZONE",
    ]

    /// The object, as the `text/calendar; method=…` attachment carries it.
    public func render() -> String {
        var lines = [
            "BEGIN:VCALENDAR", "PRODID:-//Radhus//Moter//NO", "VERSION:2.0", "CALSCALE:GREGORIAN",
            "METHOD:\(method.rawValue)",
        ]
        lines += Self.osloTimeZone
        lines += [
            "BEGIN:VEVENT",
            "UID:\(Self.text(uid))",
            "SEQUENCE:\(sequence)",
            "DTSTAMP:\(Self.utc(stamp))",
            "DTSTART;TZID=\(Self.timeZone):\(Self.local(start))",
            "DTEND;TZID=\(Self.timeZone):\(Self.local(end))",
            "SUMMARY:\(Self.text(summary))",
            "DESCRIPTION:\(Self.text(description))",
        ]
        if let location { lines.append("LOCATION:\(Self.text(location))") }
        if let url { lines.append("URL:\(url)") }
        lines.append("ORGANIZER\(Self.cn(organizer.name)):mailto:\(organizer.email)")
        for a in attendees {
            lines.append(
                "ATTENDEE\(Self.cn(a.name));ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:\(a.email)")
        }
        lines += [
            "STATUS:\(method == .cancel ? "CANCELLED" : "CONFIRMED")", "TRANSP:OPAQUE", "END:VEVENT", "END:VCALENDAR",
        ]
        return lines.map(Self.fold).joined(separator: "\r\n") + "\r\n"
    }

    static func cn(_ name: String?) -> String {
        guard let name, !name.isEmpty else { return "" }
        // A parameter value with a character the grammar reserves is quoted (a quote cannot be).
        let clean = name.replacingOccurrences(of: "\"", with: "'")
        return ";CN=" + (clean.contains(where: { ",;:".contains($0) }) ? "\"\(clean)\"" : clean)
    }

    /// TEXT escaping (RFC 5545 § 3.3.11).
    static func text(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ";", with: "\\;")
            .replacingOccurrences(of: ",", with: "\\,").replacingOccurrences(of: "\r\n", with: "\\n")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    static func utc(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return f.string(from: d)
    }

    static func local(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: timeZone)
        f.dateFormat = "yyyyMMdd'T'HHmmss"
        return f.string(from: d)
    }

    /// Folds a content line at 75 octets (RFC 5545 § 3.1): CRLF and a space, never inside a
    /// UTF-8 character.
    static func fold(_ line: String) -> String {
        var out = ""
        var octets = 0
        for ch in line {
            let n = String(ch).utf8.count
            if octets + n > 75 {
                out += "\r\n "
                octets = 1
            }
            out.append(ch)
            octets += n
        }
        return out
    }
}
