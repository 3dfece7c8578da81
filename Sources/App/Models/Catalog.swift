import Fluent
import Foundation

/// One published version of a shared service (a tjenestepakke): its files exactly as
/// published, never changed afterwards; a change is a new version.
public final class ServicePackageRecord: Model, @unchecked Sendable {
    public static let schema = "catalog_packages"

    @ID(key: .id) public var id: UUID?
    @Field(key: "service_id") public var serviceID: String
    @Field(key: "version") public var version: Int
    @Field(key: "title") public var title: String
    /// The kommune that publishes the service; nil for Radhus's own standard services.
    @OptionalField(key: "publisher_id") public var publisherID: UUID?
    /// The publisher's name as the package states it (also for packages from another installation).
    @Field(key: "publisher_name") public var publisherName: String
    /// What changed in this version, in the publisher's words.
    @Field(key: "changes") public var changes: String
    /// The package's files as JSON (`{"service.yaml": "…", "skoleskyss.dmn": "…"}`).
    @Field(key: "files") public var filesJSON: String
    @Field(key: "sha256") public var sha256: String
    @Field(key: "published_at") public var publishedAt: Date

    public init() {}

    public var files: [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(filesJSON.utf8))) ?? [:]
    }
}

/// A kommune's use of a shared service: which version, and its own parts (contact,
/// signature, local criteria, local option lists) kept across upgrades.
public final class ServiceAdoption: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "service_adoptions"
    public static var municipalityKey: KeyPath<ServiceAdoption, FieldProperty<ServiceAdoption, UUID>> {
        \.$municipalityID
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "service_id") public var serviceID: String
    @Field(key: "version") public var version: Int
    /// `ServiceDefinition.LocalParts` as JSON.
    @Field(key: "local_parts") public var localJSON: String
    @Field(key: "changed_by") public var changedBy: String
    @Field(key: "changed_at") public var changedAt: Date

    public init() {}
}

/// A service a kommune is making in the service workshop (issue 19): its package's files as
/// typed, not yet published. Only that kommune's leaders and admins see it; publishing puts
/// the files in the catalogue and deletes the draft.
public final class ServiceWorkshopDraft: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "service_workshop_drafts"
    public static var municipalityKey: KeyPath<ServiceWorkshopDraft, FieldProperty<ServiceWorkshopDraft, UUID>> {
        \.$municipalityID
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    /// The id service.yaml had at the last save (for the list; the file is what counts).
    @Field(key: "service_id") public var serviceID: String
    /// The files as JSON (`{"service.yaml": "…", "regler.dmn": "…"}`), like a package's.
    @Field(key: "files") public var filesJSON: String
    /// What changed, for the catalogue's «what is new» (a copy says what it was copied from).
    @Field(key: "changes") public var changes: String
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "changed_by") public var changedBy: String
    @Field(key: "changed_at") public var changedAt: Date

    public init() {}

    public var files: [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(filesJSON.utf8))) ?? [:]
    }
}
