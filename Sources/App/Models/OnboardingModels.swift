import Fluent
import Foundation

/// Someone who runs the platform (issue 18): adds kommuner and their first admin. Not staff of
/// any kommune, and reads no case. Made with `radhus operator create`.
public final class Operator: Model, @unchecked Sendable {
    public static let schema = "operators"

    @ID(key: .id) public var id: UUID?
    @Field(key: "username") public var username: String
    @Field(key: "password_hash") public var passwordHash: String
    @Field(key: "display_name") public var displayName: String
    @Field(key: "active") public var active: Bool
    @OptionalField(key: "failed_logins") public var failedLogins: Int?
    @OptionalField(key: "locked_until") public var lockedUntil: Date?
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}

/// A one-time invitation to become staff of a kommune, sent by e-mail: the link holds a
/// random token, the table only its hash. It expires, and works once.
public final class Invitation: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "invitations"
    public static var municipalityKey: KeyPath<Invitation, FieldProperty<Invitation, UUID>> { \.$municipalityID }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "email") public var email: String
    @Field(key: "role") public var role: String
    @OptionalField(key: "unit_id") public var unitID: UUID?
    @Field(key: "token_hash") public var tokenHash: String
    @Field(key: "expires_at") public var expiresAt: Date
    @OptionalField(key: "used_at") public var usedAt: Date?
    @OptionalField(key: "staff_user_id") public var staffUserID: UUID?
    /// Who invited: `operator:<username>` or `staff:<username>`.
    @Field(key: "invited_by") public var invitedBy: String
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}

/// One admin action (issue 18): a kommune added, someone invited, a role changed, a user
/// deactivated, the login settings changed. Written in the same transaction as the change.
public final class AdminLogEntry: Model, @unchecked Sendable {
    public static let schema = "admin_log"

    @ID(key: .id) public var id: UUID?
    @Field(key: "at") public var at: Date
    @OptionalField(key: "municipality_id") public var municipalityID: UUID?
    /// `operator:<username>`, `staff:<username>` or `cli`.
    @Field(key: "actor") public var actor: String
    @Field(key: "action") public var action: String
    /// What changed, in words (usernames and roles; never a password or a fødselsnummer).
    @Field(key: "detail") public var detail: String

    public init() {}

    public init(at: Date, municipalityID: UUID?, actor: String, action: String, detail: String) {
        self.at = at
        self.municipalityID = municipalityID
        self.actor = actor
        self.action = action
        self.detail = detail
    }
}
