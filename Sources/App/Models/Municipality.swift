import Fluent
import Foundation

/// A kommune using Radhus.
// Fluent models use property wrappers that cannot be checked for Sendable; instances are
// not shared across tasks while mutated.
public final class Municipality: Model, @unchecked Sendable {
    public static let schema = "municipalities"

    @ID(key: .id) public var id: UUID?
    /// Kommunenummer, e.g. `5503`.
    @Field(key: "number") public var number: String
    @Field(key: "name") public var name: String
    /// Brand colour for the portal header (checked for contrast against white text).
    @Field(key: "brand_color") public var brandColor: String
    /// The kommune's postmottak: letters name it as where to send an appeal.
    @Field(key: "contact_email") public var contactEmail: String
    /// Who to contact about Radhus in the kommune (a name, a phone), for the operator.
    @OptionalField(key: "contact") public var contact: String?
    /// The text in the portal's header logo (the kommune's name when empty).
    @OptionalField(key: "logo_text") public var logoText: String?

    public init() {}

    public init(id: UUID? = nil, number: String, name: String, brandColor: String, contactEmail: String) {
        self.id = id
        self.number = number
        self.name = name
        self.brandColor = brandColor
        self.contactEmail = contactEmail
    }
}

/// An organisational unit in a kommune (e.g. Oppvekst), where staff and services belong.
public final class MunicipalUnit: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "units"
    public static var municipalityKey: KeyPath<MunicipalUnit, FieldProperty<MunicipalUnit, UUID>> { \.$municipalityID }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "name") public var name: String

    public init() {}
    public init(id: UUID? = nil, municipalityID: UUID, name: String) {
        self.id = id
        self.municipalityID = municipalityID
        self.name = name
    }
}

/// A member of staff in one kommune.
public final class StaffUser: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "staff_users"
    public static var municipalityKey: KeyPath<StaffUser, FieldProperty<StaffUser, UUID>> { \.$municipalityID }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @OptionalField(key: "unit_id") public var unitID: UUID?
    @Field(key: "username") public var username: String
    @Field(key: "password_hash") public var passwordHash: String
    @Field(key: "display_name") public var displayName: String
    @Field(key: "role") public var role: String
    @Field(key: "active") public var active: Bool
    /// Failed password logins in a row, and until when the account is locked after too many.
    @OptionalField(key: "failed_logins") public var failedLogins: Int?
    @OptionalField(key: "locked_until") public var lockedUntil: Date?
    /// The kommune's identity provider's id for this person (Entra's `oid`, else `sub`), for
    /// accounts that log in by single sign-on.
    @OptionalField(key: "external_subject") public var externalSubject: String?

    public init() {}
    public init(
        id: UUID? = nil, municipalityID: UUID, unitID: UUID?, username: String, passwordHash: String,
        displayName: String, role: String, active: Bool = true
    ) {
        self.id = id
        self.municipalityID = municipalityID
        self.unitID = unitID
        self.username = username
        self.passwordHash = passwordHash
        self.displayName = displayName
        self.role = role
        self.active = active
    }
}
