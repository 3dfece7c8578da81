import Foundation
import RadhusCore

/// A signed-in member of staff, as the services see them.
public struct StaffContext: Sendable {
    public var userID: UUID
    public var username: String
    public var displayName: String
    public var role: StaffRole
    public var municipality: Municipality.Snapshot
    public var scope: TenantScope { TenantScope(municipalityID: municipality.id) }

    /// How the staff member is named on a decision and in a timeline (no personal numbers).
    public var signature: String { "\(displayName), \(role.rawValue)" }
}
