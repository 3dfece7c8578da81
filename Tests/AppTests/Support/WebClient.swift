import Foundation
import NIOCore
import Testing
import VaporTesting

/// A browser stand-in for the in-memory app: keeps cookies, reads the CSRF token from the
/// last page, and posts forms the way a browser does (urlencoded).
final class WebClient {
    let app: Application
    var cookies: [String: String] = [:]
    var csrf: String?
    /// The `Set-Cookie` headers of the last response.
    var lastSetCookies: [String] = []

    init(_ app: Application) { self.app = app }

    struct Page {
        var status: HTTPStatus
        var headers: HTTPHeaders
        var body: String
        var location: String? { headers.first(name: .location) }
    }

    @discardableResult
    func get(_ path: String) async throws -> Page {
        try await send(.GET, path, body: nil)
    }

    /// Posts a form; the session's CSRF token is added unless `csrf` is false or overridden.
    @discardableResult
    func post(_ path: String, _ form: [String: String] = [:], withCSRF: Bool = true) async throws -> Page {
        var fields = form
        if withCSRF, fields["_csrf"] == nil, let csrf { fields["_csrf"] = csrf }
        return try await send(.POST, path, body: Self.encode(fields))
    }

    /// A file in a multipart form.
    struct FilePart {
        var field: String
        var name: String
        var type: String = "application/octet-stream"
        var data: Data
    }

    /// Posts a form as `multipart/form-data`, as a browser does for a form with a file input.
    @discardableResult
    func postMultipart(_ path: String, _ form: [String: String], files: [FilePart] = []) async throws -> Page {
        var fields = form
        if fields["_csrf"] == nil, let csrf { fields["_csrf"] = csrf }
        let boundary = "----RadhusTest\(UUID().uuidString)"
        var body = Data()
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for f in files {
            body += Data(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(f.field)\"; filename=\"\(f.name)\"\r\nContent-Type: \(f.type)\r\n\r\n"
                    .utf8)
            body += f.data
            body += Data("\r\n".utf8)
        }
        body += Data("--\(boundary)--\r\n".utf8)
        return try await send(
            .POST, path, bytes: Array(body), contentType: "multipart/form-data; boundary=\(boundary)")
    }

    func send(
        _ method: HTTPMethod, _ path: String, body: String?, contentType: String = "application/x-www-form-urlencoded",
        extraHeaders: HTTPHeaders = [:]
    ) async throws -> Page {
        try await send(
            method, path, bytes: body.map { Array($0.utf8) }, contentType: contentType, extraHeaders: extraHeaders)
    }

    /// Sends raw bytes (which need not be UTF-8).
    func send(
        _ method: HTTPMethod, _ path: String, bytes body: [UInt8]?,
        contentType: String = "application/x-www-form-urlencoded", extraHeaders: HTTPHeaders = [:]
    ) async throws -> Page {
        var headers = extraHeaders
        if !cookies.isEmpty {
            headers.add(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        var buffer = ByteBufferAllocator().buffer(capacity: 0)
        if let body {
            if !contentType.isEmpty { headers.add(name: .contentType, value: contentType) }  // "": none at all
            buffer.writeBytes(body)
        }
        let response = try await app.testing().performTest(
            request: .init(method: method, url: .init(path: path), headers: headers, body: buffer))
        lastSetCookies = response.headers[.setCookie]
        Self.remember(response.headers[.setCookie], in: &cookies)
        let text = response.body.getString(at: response.body.readerIndex, length: response.body.readableBytes) ?? ""
        if let token = Self.firstMatch(#"name="_csrf" value="([^"]+)""#, in: text) { csrf = token }
        return Page(status: response.status, headers: response.headers, body: text)
    }

    /// Keeps the cookies `Set-Cookie` headers set, and drops those they remove (an empty value
    /// or an expiry in 1970), as a browser does.
    static func remember(_ setCookies: [String], in cookies: inout [String: String]) {
        for header in setCookies {
            // "name=" (an empty value) is a removal too: keep the empty part.
            let pair = header.split(separator: ";")[0].split(
                separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { continue }
            let name = String(pair[0]).trimmingCharacters(in: .whitespaces)
            let value = String(pair[1])
            if header.lowercased().contains("expires=thu, 01 jan 1970") || value.isEmpty {
                cookies[name] = nil
            } else {
                cookies[name] = value
            }
        }
    }

    /// Percent-encodes everything but ASCII letters, digits and `-._~`.
    static func percentEncode(_ s: String) -> String {
        var allowed = CharacterSet()
        allowed.insert(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    static func encode(_ fields: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map {
            "\($0.key.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)"
        }
        .joined(separator: "&")
    }

    static func firstMatch(_ pattern: String, in text: String) -> String? {
        guard let re = try? NSRegularExpression(pattern: pattern),
            let m = re.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
            let r = Range(m.range(at: 1), in: text)
        else { return nil }
        return String(text[r])
    }

    // MARK: - Steps people take

    func loginCitizen(_ fnr: String) async throws {
        try await get("/logg-inn")
        let page = try await post("/logg-inn", ["fodselsnummer": fnr])
        #expect(page.status == .seeOther, "citizen login: \(page.status)")
        // As a browser does: the page it lands on has forms, with a token bound to the new session.
        if let next = page.location { try await get(next) }
    }

    func loginStaff(_ username: String, password: String = "radhus-demo") async throws {
        try await get("/ansatt/logg-inn")
        let page = try await post("/ansatt/logg-inn", ["brukernavn": username, "passord": password])
        #expect(page.status == .seeOther, "staff login \(username): \(page.status)")
        // As a browser does: the page it lands on has forms, with a token bound to the new session.
        if let next = page.location { try await get(next) }
    }

    /// Fills in and sends a skoleskyss application; returns the receipt path. By default the
    /// pupil has a health need, which the rules leave to a caseworker; `needsCaseworker: false`
    /// sends a clear case that the rules decide at once.
    func applySkoleskyss(
        kommune: String = "5503", school: String = "kanebogen-skole", distance: String = "5,5",
        grade: String = "3", needsCaseworker: Bool = true
    ) async throws -> String {
        try await get("/k/\(kommune)/skoleskyss/soknad")
        let checked = try await post(
            "/k/\(kommune)/skoleskyss/soknad",
            [
                "elevens_fnr": People.child, "elevens_navn": "Noah Prøvestad", "adresse.gate": "Storgata 1",
                "adresse.postnummer": "9405", "adresse.poststed": "Harstad", "skole": school, "trinn": grade,
                "avstand_km": distance, "farlig_skolevei": "nei", "helsebehov": needsCaseworker ? "ja" : "nei",
            ])
        #expect(checked.status == .seeOther, "form: \(checked.status) \(checked.body.prefix(300))")
        let check = try await get("/k/\(kommune)/skoleskyss/sjekk")
        let token = try #require(Self.firstMatch(#"name="token" value="([^"]+)""#, in: check.body))
        let sent = try await post("/k/\(kommune)/skoleskyss/send", ["token": token])
        #expect(sent.status == .seeOther)
        return try #require(sent.location)
    }
}
