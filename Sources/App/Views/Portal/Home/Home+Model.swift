import Fluent
import Foundation

/// The front page: choose your kommune.
enum Home {
    struct Model: Sendable {
        var kommuner: [(number: String, name: String)]

        static func query(on db: any Database) async throws -> Model {
            Model(kommuner: try await Municipality.query(on: db).sort(\.$name).all().map { ($0.number, $0.name) })
        }
    }
}
