import App
import Fluent
import Foundation
import RadhusCore
import Testing
import VaporTesting

extension AppTests {
    @Suite struct APISubmissionTests {
        static let path = "/api/v1/kommuner/5503/tjenester/skoleskyss/soknader"
        static let answers = #"{"answers":{"elevens_fnr":"\#(People.child)","elevens_navn":"Noah","adresse.gate":"Storgata 1","adresse.postnummer":"9405","adresse.poststed":"Harstad","skole":"kanebogen-skole","trinn":"3","avstand_km":"5","farlig_skolevei":"nei","helsebehov":"ja"}}"#

        func post(_ web: WebClient, _ body: String, key: String?, contentType: String = "application/json") async throws -> WebClient.Page {
            var headers = HTTPHeaders()
            if let key { headers.add(name: "Idempotency-Key", value: key) }
            return try await web.send(.POST, Self.path, body: body, contentType: contentType, extraHeaders: headers)
        }

        @Test func aRetryWithTheSameKeyGetsTheOriginalReceipt() async throws {
            try await withRadhus { app in
                let web = WebClient(app)
                try await web.loginCitizen(People.ola)
                let first = try await post(web, Self.answers, key: "k-1")
                let second = try await post(web, Self.answers, key: "k-1")
                let third = try await post(web, Self.answers, key: "k-2")
                #expect(first.status == .created && second.status == .ok && third.status == .created)
                let a = try JSONDecoder().decode([String: AnyDecodable].self, from: Data(first.body.utf8))
                let b = try JSONDecoder().decode([String: AnyDecodable].self, from: Data(second.body.utf8))
                #expect(a["caseId"]?.string == b["caseId"]?.string)
                #expect(a["saksnummer"]?.string == b["saksnummer"]?.string)
                #expect(b["repeated"]?.bool == true)
                #expect(try await CaseRecord.query(on: app.db).count() == 2)
            }
        }

        @Test func badRequestsGetProblemDetails() async throws {
            try await withRadhus { app in
                let anonymous = WebClient(app)
                #expect(try await post(anonymous, Self.answers, key: "x").status == .unauthorized)
                let web = WebClient(app)
                try await web.loginCitizen(People.ola)
                let invalid = try await post(web, #"{"answers":{"trinn":"12"}}"#, key: "y")
                #expect(invalid.status == .unprocessableEntity)
                #expect(invalid.headers.contentType?.description.contains("problem+json") == true)
                #expect(invalid.body.contains(#""field":"trinn""#) && invalid.body.contains("mellom 1 og 10"))
                #expect(try await post(web, "not json", key: "z").status == .badRequest)
                let form = try await post(web, Self.answers, key: "w", contentType: "application/x-www-form-urlencoded")
                #expect(form.status == .unsupportedMediaType, "a form post cannot reach the JSON API (no CSRF hole)")
                #expect(try await post(web, Self.answers, key: String(repeating: "k", count: 300)).status == .badRequest)
                #expect(try await CaseRecord.query(on: app.db).count() == 0)
            }
        }
    }
}

/// Just enough JSON decoding for the receipts.
struct AnyDecodable: Decodable {
    var string: String?
    var bool: Bool?
    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        string = try? c.decode(String.self)
        bool = try? c.decode(Bool.self)
    }
}
