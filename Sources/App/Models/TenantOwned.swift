import Fluent
import Foundation

/// A row that belongs to one kommune. Staff reach such rows only through `TenantScope`,
/// so forgetting the kommune filter is not possible by accident.
public protocol TenantOwned: Model where IDValue == UUID {
    static var municipalityKey: KeyPath<Self, FieldProperty<Self, UUID>> { get }
}

/// The kommune a staff member works for, and the only door to that kommune's rows.
public struct TenantScope: Sendable {
    public let municipalityID: UUID

    public init(municipalityID: UUID) { self.municipalityID = municipalityID }

    public func query<M: TenantOwned>(_ type: M.Type, on db: any Database) -> QueryBuilder<M> {
        M.query(on: db).filter(M.municipalityKey == municipalityID)
    }

    /// The row with this id in this kommune, or nil: another kommune's row is as absent as
    /// one that does not exist (staff get 404, never 403, so ids cannot be probed).
    public func find<M: TenantOwned>(_ type: M.Type, _ id: UUID?, on db: any Database) async throws -> M? {
        guard let id else { return nil }
        return try await query(M.self, on: db).filter(\M._$id == id).first()
    }
}
