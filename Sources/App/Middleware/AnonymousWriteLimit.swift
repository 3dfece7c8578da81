import Foundation
import NIOConcurrencyHelpers
import RadhusCore
import Vapor

/// Writes by people who are not logged in are limited per client address (issue 17): each
/// anonymous POST to «Be om innsyn» created a case with its own saksnummer, 110 in seconds.
/// A token bucket per address: `burst` at once, refilled at `perMinute`. Over it: 429 with
/// Retry-After and a message saying when to try again. What is limited: every request that
/// is not a GET or HEAD, from no citizen and no staff member, outside the API operations
/// (`APIAuthMiddleware` refuses them without a valid token before anything is written) —
/// logins, requests for access, the token endpoint. Whether a request *carries* a bearer
/// header decides nothing: anyone can send one.
/// Per process: with several web nodes each keeps its own count (docs/SECURITY.md).
struct AnonymousWriteLimit: AsyncMiddleware {
    let limiter: RateLimiter

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.url.path
        let apiOperation = SiteRoute.isAPI(path) && path != SiteRoute.apiToken.rawValue
        guard request.method != .GET, request.method != .HEAD, request.citizen == nil, request.staff == nil,
            !apiOperation
        else { return try await next.respond(to: request) }
        let key = request.remoteAddress?.ipAddress ?? "unknown"
        if let wait = limiter.take(key, now: request.application.clock.now()) {
            let seconds = Int(wait.rounded(.up))
            throw RadhusError.tooManyRequests(
                LocalizedText(
                    nb:
                        "Det er sendt for mange skjemaer fra denne adressen på kort tid. Vent \(seconds) sekunder og prøv igjen.",
                    en:
                        "Too many forms were sent from this address in a short time. Wait \(seconds) seconds and try again.",
                    nn:
                        "Det er sendt for mange skjema frå denne adressa på kort tid. Vent \(seconds) sekund og prøv igjen."
                ),
                retryAfter: seconds)
        }
        return try await next.respond(to: request)
    }
}

/// Token buckets by key. Full buckets are forgotten when the table grows, so an attacker with
/// many addresses cannot make it grow without end.
final class RateLimiter: Sendable {
    let burst: Double
    let perSecond: Double
    private let buckets = NIOLockedValueBox<[String: (tokens: Double, at: Date)]>([:])

    init(burst: Int, perMinute: Int) {
        self.burst = Double(max(1, burst))
        perSecond = Double(max(1, perMinute)) / 60
    }

    /// Takes one token: nil when allowed, else the seconds until one is there.
    func take(_ key: String, now: Date) -> TimeInterval? {
        buckets.withLockedValue { table in
            if table.count > 10_000 {
                table = table.filter {
                    min(burst, $0.value.tokens + now.timeIntervalSince($0.value.at) * perSecond) < burst
                }
            }
            let (tokens, at) = table[key] ?? (burst, now)
            let available = min(burst, tokens + max(0, now.timeIntervalSince(at)) * perSecond)
            guard available >= 1 else {
                table[key] = (available, now)
                return (1 - available) / perSecond
            }
            table[key] = (available - 1, now)
            return nil
        }
    }
}
