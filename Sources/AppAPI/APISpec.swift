import Foundation

/// The API's OpenAPI document, as it is served at `GET /api/v1/openapi.yaml`: the same file
/// the server stubs are generated from, so the published spec cannot drift from the code.
public enum APISpec {
    public static let yaml: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return "" }
        return text
    }()
}
