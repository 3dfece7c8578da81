import RadhusCore
import Vapor

/// The one error type of Radhus, with a message a person understands (bokmål, or all three
/// languages with `.localized`; the error page shows the reader's). Trivial cases may still use `Abort(.notFound)`.
public enum RadhusError: AbortError, Sendable {
    case notFound(String)
    case conflict(String)
    case forbidden(String)
    case badRequest(String)
    /// The body is of a kind this endpoint does not read (415).
    case unsupportedMediaType(String)
    /// A body larger than the endpoint takes (413): an upload too large to read at all.
    case payloadTooLarge(String)
    /// Too many requests from one address (429, with Retry-After).
    case tooManyRequests(LocalizedText, retryAfter: Int)
    /// A bug: something the code guarantees did not hold. Logged loudly, shown as 500.
    case internalInconsistency(String)
    /// A 4xx whose message is written in all three languages (issue 19): a page shows the
    /// reader's, the API bokmål. A message as a plain `String` in the other cases is bokmål,
    /// and an error page in another language marks it `lang="nb"`.
    case localized(HTTPResponseStatus, LocalizedText)

    public var status: HTTPResponseStatus {
        switch self {
        case .notFound: .notFound
        case .conflict: .conflict
        case .forbidden: .forbidden
        case .badRequest: .badRequest
        case .unsupportedMediaType: .unsupportedMediaType
        case .payloadTooLarge: .payloadTooLarge
        case .tooManyRequests: .tooManyRequests
        case .internalInconsistency: .internalServerError
        case .localized(let status, _): status
        }
    }

    public var reason: String {
        switch self {
        case .notFound(let m), .conflict(let m), .forbidden(let m), .badRequest(let m), .unsupportedMediaType(let m),
            .payloadTooLarge(let m):
            m
        case .tooManyRequests(let m, _): m.nb
        case .internalInconsistency: "Noe gikk galt hos oss. Prøv igjen om litt."
        case .localized(_, let text): text.nb
        }
    }

    public var headers: HTTPHeaders {
        if case .tooManyRequests(_, let seconds) = self { return ["Retry-After": String(seconds)] }
        return [:]
    }
}

/// A form's values refused field by field, each message in the reader's words (the page shows
/// each at its field, with what was typed).
struct FieldsRefused: Error {
    var problems: [String: String]
}
