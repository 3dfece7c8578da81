import Fluent
import Foundation
import RadhusCore
import Vapor

/// `/katalog`: the shared service catalogue, open to everyone — every service, who publishes
/// it, its versions, and which kommuner use which version. Packages download as JSON.
enum CatalogController {
    struct Listing: Sendable {
        var id: String
        var title: String
        var publisher: String
        var versions: [ServicePackageRecord]
        /// Kommune name and the version it uses.
        var users: [(String, Int)]
        var latest: ServicePackageRecord { versions[0] }
    }

    static func listings(on db: any Database) async throws -> [Listing] {
        let packages = try await ServicePackageRecord.query(on: db).sort(\.$serviceID).sort(\.$version, .descending).all()
        let names = Dictionary(try await Municipality.query(on: db).all().map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a })
        let adoptions = try await ServiceAdoption.query(on: db).all()
        return Dictionary(grouping: packages, by: \.serviceID).map { id, versions in
            let users = adoptions.filter { $0.serviceID == id }.map { (names[$0.municipalityID] ?? "?", $0.version) }.sorted { $0.0 < $1.0 }
            // The publisher is whoever published the first version.
            return Listing(id: id, title: versions[0].title, publisher: versions.last!.publisherName, versions: versions, users: users)
        }.sorted { $0.title < $1.title }
    }

    @Sendable static func page(req: Request) async throws -> Page {
        let all = try await listings(on: req.db)
        let ctx = req.pageContext()
        let cal = NorwegianCalendar()
        return Layout.page(ctx, title: ["Tjenestekatalogen"]) {
            el("h1") { "Tjenestekatalogen" }
            el("p", .cls("lead")) { "Én kommune lager en tjeneste, de andre tar den i bruk. Her er alle tjenestene som deles i Radhus, hvem som gir dem ut, og hvilke kommuner som bruker hvilken versjon." }
            el("div", .cls("table-wrap"), .attr("tabindex", "0"), .attr("role", "region"), .attr("aria-label", "Tjenester i katalogen")) {
                el("table") {
                    el("thead") { el("tr") { for h in ["Tjeneste", "Utgitt av", "Nyeste versjon", "Brukes av"] { el("th", .attr("scope", "col")) { h } } } }
                    el("tbody") {
                        for l in all {
                            el("tr") {
                                el("td") { el("a", .href(SiteURL.catalogService(l.id).path)) { l.title } }
                                el("td") { l.publisher }
                                el("td") { "\(l.latest.version) (\(cal.norwegianDate(l.latest.publishedAt)))" }
                                el("td") { l.users.isEmpty ? "Ingen ennå" : l.users.map { "\($0.0) (v\($0.1))" }.joined(separator: ", ") }
                            }
                        }
                    }
                }
            }
            el("p") { "Kommunens leder eller administrator tar en tjeneste i bruk under «Tjenester» i arbeidsflaten." }
        }
    }

    @Sendable static func service(req: Request) async throws -> Page {
        let id = req.parameters.get("service") ?? ""
        guard let l = try await listings(on: req.db).first(where: { $0.id == id }) else {
            throw RadhusError.notFound("Katalogen har ingen tjeneste som heter «\(id)».")
        }
        let ctx = req.pageContext()
        let cal = NorwegianCalendar()
        return Layout.page(ctx, title: [l.title, "Tjenestekatalogen"]) {
            el("p") { el("a", .href(SiteURL.catalog.path)) { "Tjenestekatalogen" } }
            el("h1") { l.title }
            el("p") { "Utgitt av \(l.publisher). Brukes av: " + (l.users.isEmpty ? "ingen ennå" : l.users.map { "\($0.0) (versjon \($0.1))" }.joined(separator: ", ")) + "." }
            el("h2") { "Versjoner" }
            el("ul") {
                for v in l.versions {
                    el("li") {
                        el("strong") { "Versjon \(v.version)" }
                        " – \(cal.norwegianDate(v.publishedAt)): \(v.changes) "
                        el("a", .href(SiteURL.catalogPackage(service: l.id, version: v.version).path)) {
                            el("span") { "Last ned pakken" }; el("span", .cls("visually-hidden")) { " for versjon \(v.version)" }
                        }
                    }
                }
            }
        }
    }

    /// The package of one version (`ServicePackage`), for another installation's `radhus catalog import`.
    @Sendable static func download(req: Request) async throws -> Response {
        let id = req.parameters.get("service") ?? ""
        guard let version = req.parameters.get("version", as: Int.self),
              let package = try await CatalogService(req: req).export(id: id, version: version) else {
            throw RadhusError.notFound("Fant ikke den versjonen av tjenesten.")
        }
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: .contentDisposition, value: #"attachment; filename="\#(id)-\#(version).json""#)
        return Response(status: .ok, headers: headers, body: .init(data: try ServicePackage.encoder.encode(package)))
    }
}
