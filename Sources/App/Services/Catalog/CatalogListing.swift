import Fluent
import Foundation

/// What the catalogue shows of each service: its versions (newest first), who publishes it and
/// which kommuner use which version. Read by the public catalogue and the staff's services page.
struct CatalogListing: Sendable {
    var id: String
    var title: String
    var publisher: String
    var versions: [ServicePackageRecord]
    /// Kommune name and the version it uses.
    var users: [(String, Int)]
    var latest: ServicePackageRecord { versions[0] }

    static func listings(on db: any Database) async throws -> [CatalogListing] {
        let packages = try await ServicePackageRecord.query(on: db).sort(\.$serviceID).sort(\.$version, .descending)
            .all()
        let names = Dictionary(
            try await Municipality.query(on: db).all().map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a })
        let adoptions = try await ServiceAdoption.query(on: db).all()
        return Dictionary(grouping: packages, by: \.serviceID).map { id, versions in
            let users = adoptions.filter { $0.serviceID == id }.map { (names[$0.municipalityID] ?? "?", $0.version) }
                .sorted { $0.0 < $1.0 }
            // The publisher is whoever published the first version.
            return CatalogListing(
                id: id, title: versions[0].title, publisher: versions.last!.publisherName, versions: versions,
                users: users)
        }.sorted { $0.title < $1.title }
    }
}
