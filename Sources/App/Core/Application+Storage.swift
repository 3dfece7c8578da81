import Vapor

/// Everything the application keeps for its lifetime, in one place: set once by
/// `configure(_:config:)`, read by handlers and jobs through these accessors.
extension Application {
    struct ShippedServicesKey: StorageKey { typealias Value = ShippedServices }
    struct ConfigKey: StorageKey { typealias Value = RadhusConfig }
    struct ClockKey: StorageKey { typealias Value = any Clock }

    public var shippedServices: ShippedServices {
        get { storage[ShippedServicesKey.self]! }
        set { storage[ShippedServicesKey.self] = newValue }
    }

    public var radhusConfig: RadhusConfig {
        get { storage[ConfigKey.self]! }
        set { storage[ConfigKey.self] = newValue }
    }

    /// The time, injected so deadlines are tested without waiting.
    public var clock: any Clock {
        get { storage[ClockKey.self] ?? SystemClock() }
        set { storage[ClockKey.self] = newValue }
    }
}

extension Application {
    struct RegistryKey: StorageKey { typealias Value = ServiceRegistry }

    /// The services of this installation, every version (`ServiceRegistry`).
    public var services: ServiceRegistry {
        get { storage[RegistryKey.self]! }
        set { storage[RegistryKey.self] = newValue }
    }
}

extension Request {
    var services: ServiceRegistry { application.services }
}

extension Application {
    struct WriterKey: StorageKey { typealias Value = WriteCoordinator }

    public var writer: WriteCoordinator {
        guard let w = storage[WriterKey.self] else { fatalError("configure(_:config:) sets the write coordinator") }
        return w
    }
}

extension Request {
    public var writer: WriteCoordinator { application.writer }
}

extension Application {
    struct MeetingRoomsKey: StorageKey { typealias Value = MeetingRooms }

    /// The video rooms' signalling (issue 22), made by `configure(_:config:)`.
    var meetingRooms: MeetingRooms {
        guard let r = storage[MeetingRoomsKey.self] else { fatalError("configure(_:config:) makes the meeting rooms") }
        return r
    }
}
