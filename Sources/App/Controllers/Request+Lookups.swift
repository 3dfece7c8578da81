import Fluent
import Foundation
import RadhusCore
import Vapor

/// What several handlers look up from a request's path and session, in one place, so handlers
/// never call each other's internals.
extension Request {
    /// The kommune named by the path's `:kommune`; an unknown one is a 404 page.
    func municipality() async throws -> Municipality.Snapshot {
        let number = parameters.get("kommune") ?? ""
        guard (try? Kommunenummer(number)) != nil, let m = try await Municipality.snapshot(number: number, on: db)
        else {
            throw RadhusError.localized(.notFound, ErrorMessages.noKommune(number))
        }
        return m
    }

    /// The path's `:service` as this kommune offers it (the version it uses, its own parts); a
    /// service the kommune has not adopted is not found there.
    func offeredService(in m: Municipality.Snapshot) async throws -> ServiceDefinition {
        let id = parameters.get("service") ?? ""
        guard let s = try await services.offered(municipalityID: m.id, id: id, on: db) else {
            throw RadhusError.localized(.notFound, ErrorMessages.noService(m.name, id))
        }
        return s
    }

    /// The validator for answers to a kommune's services: the portal, paper registration and
    /// the API validate through the same one.
    func formValidator(for m: Municipality.Snapshot) -> FormValidator {
        FormValidator(
            policy: application.radhusConfig.identityPolicy, kommune: m.number, today: application.clock.now())
    }

    /// The signed-in citizen's case from the path's `:case` — one they applied for or one about
    /// them — or 404 (someone else's case is not found, not forbidden).
    func ownCase() async throws -> CaseRecord {
        let fnr = try requireCitizen()
        guard let id = parameters.get("case", as: UUID.self),
            let c = try await CaseRecord.query(on: db).filter(\.$id == id).group(
                .or,
                {
                    $0.filter(\.$applicantFnr == fnr.value).filter(\.$subjectFnr == fnr.value)
                }
            ).first()
        else {
            throw RadhusError.localized(.notFound, ErrorMessages.caseNotFound)
        }
        return c
    }
}
