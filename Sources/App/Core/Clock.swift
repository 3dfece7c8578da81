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

/// The system's clock moved ahead by an offset in seconds read from a file
/// (`RADHUS_CLOCK_FILE`, refused in production): the browser suite moves a running
/// `radhus serve` a month on to see what a month does (issue 20's preliminary answer) by
/// writing a number into the file. Read again at most every 200 ms.
public final class OffsetFileClock: Clock, @unchecked Sendable {
    private let path: String
    // Guarded by `lock`.
    private let lock = NSLock()
    private var offset: TimeInterval = 0
    private var checked = Date.distantPast

    public init(path: String) { self.path = path }

    public func now() -> Date {
        let real = Date()
        let offset = lock.withLock {
            if real.timeIntervalSince(checked) > 0.2 {
                checked = real
                let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
                self.offset = TimeInterval(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
            }
            return self.offset
        }
        return real.addingTimeInterval(offset)
    }
}
