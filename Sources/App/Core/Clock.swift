import Foundation

/// Where "now" comes from. Tests set a fixed or stepping clock.
public protocol Clock: Sendable {
    func now() -> Date
}

public struct SystemClock: Clock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that stands still until it is moved: tests move it between steps, and
/// `radhus demo --history` steps it through a year of made-up days, so it is not only a test double.
public final class ManualClock: Clock, @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var current: Date
    public init(_ date: Date) { current = date }
    public func now() -> Date { lock.withLock { current } }
    public func set(_ date: Date) { lock.withLock { current = date } }
    public func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }
}
