import Fluent
import Foundation
import RadhusCore
import Vapor

/// `/katalog`: the shared service catalogue, open to everyone — every service, who publishes
/// it, its versions, and which kommuner use which version. Packages download as JSON.
enum CatalogController {
    @Sendable static func page(req: Request) async throws -> Page {
        Catalog.view(try await CatalogListing.listings(on: req.db), ctx: req.pageContext())
    }

    @Sendable static func service(req: Request) async throws -> Page {
        let id = req.parameters.get("service") ?? ""
        guard let l = try await CatalogListing.listings(on: req.db).first(where: { $0.id == id }) else {
            throw RadhusError.localized(.notFound, ErrorMessages.notInCatalogue(id))
        }
        return CatalogEntry.view(l, ctx: req.pageContext())
    }

    /// The package of one version (`ServicePackage`), for another installation's `radhus catalog import`.
    @Sendable static func download(req: Request) async throws -> Response {
        let id = req.parameters.get("service") ?? ""
        guard let version = req.parameters.get("version", as: Int.self),
            let package = try await CatalogService(req: req).export(id: id, version: version)
        else {
            throw RadhusError.localized(.notFound, ErrorMessages.versionNotFound)
        }
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: .contentDisposition, value: #"attachment; filename="\#(id)-\#(version).json""#)
        return Response(status: .ok, headers: headers, body: .init(data: try ServicePackage.encoder.encode(package)))
    }
}
