import Foundation

/// Where Radhus may send webhooks (letters to a domain system, events to a subscriber): https,
/// or http to this machine only (a domain system beside Radhus, and the tests).
enum WebhookAddress {
    static func isAcceptable(_ url: String) -> Bool {
        let u = URLComponents(string: url)
        let local = ["127.0.0.1", "localhost", "::1"].contains(u?.host ?? "")
        return u?.host != nil && (u?.scheme == "https" || (u?.scheme == "http" && local))
    }
}
