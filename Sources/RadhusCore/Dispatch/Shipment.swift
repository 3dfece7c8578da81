import Foundation

/// A shipment's status, on the status path KS SvarUt uses (DOMAIN.md):
/// MOTTATT → AKSEPTERT → VARSLET → LEST, or SENDT_PRINT → PRINTET; IKKE_LEVERT,
/// MANUELT_HANDTERT and AVVIST end a shipment that did not arrive.
public enum ShipmentStatus: String, Sendable, CaseIterable, Codable {
    /// Written in the outbox, in the transaction of the decision that caused it.
    case mottatt = "MOTTATT"
    /// Delivered to the recipient's digital mailbox (the portal inbox, or the receiving system).
    case akseptert = "AKSEPTERT"
    /// The recipient has been notified (e-mail notice sent).
    case varslet = "VARSLET"
    /// Opened by the recipient.
    case lest = "LEST"
    /// Rendered as PDF and handed to the print provider.
    case sendtPrint = "SENDT_PRINT"
    /// The print provider's receipt says it was printed and posted.
    case printet = "PRINTET"
    /// Could not be delivered through any channel (dead letter, for a person to look at).
    case ikkeLevert = "IKKE_LEVERT"
    /// Stopped by a person before print.
    case manueltHandtert = "MANUELT_HANDTERT"
    /// Refused by the receiving system.
    case avvist = "AVVIST"

    /// Where a shipment may go from here. Reading is possible at any point (the letter is in
    /// the inbox from the moment it is written, so a citizen may open it before the dispatcher
    /// has recorded the delivery; a printed letter can still be opened in the portal), and a
    /// person may stop a shipment that is still on its way to print.
    public var next: Set<ShipmentStatus> {
        switch self {
        case .mottatt: [.akseptert, .lest, .sendtPrint, .ikkeLevert, .manueltHandtert, .avvist]
        case .akseptert: [.varslet, .lest, .sendtPrint, .ikkeLevert, .manueltHandtert]
        case .varslet: [.lest, .sendtPrint, .ikkeLevert, .manueltHandtert]
        case .sendtPrint: [.printet, .lest, .ikkeLevert]
        case .printet: [.lest]
        case .ikkeLevert: [.akseptert, .varslet, .lest, .sendtPrint, .manueltHandtert]
        case .lest, .manueltHandtert, .avvist: []
        }
    }

    public func canMove(to other: ShipmentStatus) -> Bool { next.contains(other) }

    /// No more work for the dispatcher.
    public var isFinal: Bool { [.lest, .printet, .manueltHandtert, .avvist].contains(self) }

    /// A caseworker may still stop it ("stopp før utskrift").
    public var canBeStopped: Bool { [.mottatt, .akseptert, .varslet, .ikkeLevert].contains(self) }

    public var label: String {
        switch self {
        case .mottatt: "Mottatt for utsending"
        case .akseptert: "Levert i innboksen"
        case .varslet: "Varslet på e-post"
        case .lest: "Lest"
        case .sendtPrint: "Sendt til utskrift"
        case .printet: "Skrevet ut og postlagt"
        case .ikkeLevert: "Ikke levert"
        case .manueltHandtert: "Stoppet, håndteres manuelt"
        case .avvist: "Avvist av mottaker"
        }
    }

    public var labelEnglish: String {
        switch self {
        case .mottatt: "Received for dispatch"
        case .akseptert: "Delivered to the inbox"
        case .varslet: "Notified by e-mail"
        case .lest: "Read"
        case .sendtPrint: "Sent to print"
        case .printet: "Printed and posted"
        case .ikkeLevert: "Not delivered"
        case .manueltHandtert: "Stopped, handled by hand"
        case .avvist: "Rejected by the recipient"
        }
    }
}

/// How a shipment travels.
public enum ShipmentChannel: String, Sendable, CaseIterable, Codable {
    /// The portal inbox, with an e-mail notice; paper when not read in time.
    case portal
    /// A signed HTTP message to an external mailbox or domain system.
    case webhook
    /// An upheld appeal's package (issue 20) to the appeal body: the forwarding letter and the
    /// case's documents as one PDF, with the documents as the journal holds them (Noark 5).
    case appealBody = "klageinstans"
}

/// What the dispatcher is to do next with a shipment (`none` when it waits for the recipient
/// or is done).
public enum ShipmentAction: String, Sendable, Codable {
    /// Put it in the inbox (AKSEPTERT), or straight to print for a citizen reserved against digital post.
    case deliver
    /// Send the e-mail notice.
    case notify
    /// Render and hand to print (the fallback, or because there is no digital channel).
    case print
    /// Post to the webhook.
    case webhook
    /// Send an appeal's package to the appeal body (`ShipmentChannel.appealBody`).
    case appealPackage = "klagepakke"
    /// Nothing to do until something happens (the letter is read, a print receipt arrives).
    case none
}

/// The timing rules of dispatch, in one place so tests can reason about them.
public struct DispatchPolicy: Sendable, Equatable {
    /// Working days a digital letter may stay unread before it goes to print (per kommune).
    public var printAfterWorkingDays: Int
    /// First retry delay after a transient failure; doubles per attempt up to `maxBackoff`.
    public var initialBackoff: TimeInterval
    public var maxBackoff: TimeInterval
    /// How long transient failures are retried before giving up on the channel.
    public var retryFor: TimeInterval
    /// A claimed shipment not reported back within this time is claimed again (its process died).
    public var lease: TimeInterval

    public init(
        printAfterWorkingDays: Int = 2, initialBackoff: TimeInterval = 30, maxBackoff: TimeInterval = 15 * 60,
        retryFor: TimeInterval = 4 * 3600 + 60, lease: TimeInterval = 120
    ) {
        self.printAfterWorkingDays = printAfterWorkingDays
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.retryFor = retryFor
        self.lease = lease
    }

    /// Delay before attempt `attempt + 1`, after `attempt` failures (1-based), with jitter in
    /// ±10 % so that many shipments failing together do not retry together.
    public func backoff(afterFailures attempt: Int, jitter: Double = 0) -> TimeInterval {
        let exp = min(Double(max(0, attempt - 1)), 20)
        let base = min(maxBackoff, initialBackoff * pow(2, exp))
        return base * (1 + max(-0.1, min(0.1, jitter)))
    }

    /// Whether failures that began at `firstFailure` should still be retried at `now`.
    public func shouldRetry(firstFailure: Date, now: Date) -> Bool {
        now.timeIntervalSince(firstFailure) < retryFor
    }

    /// When an unread digital letter delivered at `delivered` goes to print: at the start of
    /// the day after the N-th working day following the delivery day (the delivery day
    /// itself does not count, nor do weekends or Norwegian public holidays), Oslo time.
    public func printDue(deliveredAt delivered: Date, calendar: NorwegianCalendar = NorwegianCalendar()) -> Date {
        let lastDay = calendar.addingWorkingDays(max(0, printAfterWorkingDays), to: calendar.startOfDay(delivered))
        return calendar.addingCalendarDays(1, to: calendar.startOfDay(lastDay))
    }
}

/// The identifier a receiver uses to drop a message it has seen: one per shipment and channel
/// step, the same on every retry (SMTP Message-ID, webhook message id, print file name).
public enum DispatchKey {
    public static func key(shipment: UUID, step: ShipmentAction) -> String {
        "\(shipment.uuidString.lowercased()).\(step.rawValue)"
    }

    public static func messageID(shipment: UUID, step: ShipmentAction, domain: String) -> String {
        "<\(key(shipment: shipment, step: step))@\(domain)>"
    }
}

extension ShipmentStatus {
    /// The status's type in the event feed and the API (`shipment.SENDT_PRINT` …).
    public var feedType: String { "shipment.\(rawValue)" }
}
