import Foundation

/// Where the emulator reads the time: task states, the time to live, the submission rate, upload
/// policies and video URLs all follow it.
public protocol EmulatorClock: Sendable {
  /// The time now.
  func now() -> Date
}

/// The system's clock: what `wan-preflight serve` runs on.
public struct SystemClock: EmulatorClock {
  /// The system's clock.
  public init() {}

  /// `Date()`.
  public func now() -> Date { Date() }
}

/// A clock that stands still until it is moved: a test (or a program driving the emulator
/// in-process) steps tasks through their states and past the time to live without waiting.
///
/// ```swift
/// let clock = ManualClock()
/// var configuration = EmulatorConfiguration()
/// configuration.clock = clock
/// // … create a task: it stays PENDING until
/// clock.advance(by: configuration.queueSeconds)
/// ```
public final class ManualClock: EmulatorClock, @unchecked Sendable {
  private let lock = NSLock()
  private var current: Date

  /// A clock reading `start`.
  public init(start: Date = Date()) {
    current = start
  }

  /// The time the clock was last set to.
  public func now() -> Date {
    lock.withLock { current }
  }

  /// Moves the clock forward by `seconds`.
  public func advance(by seconds: TimeInterval) {
    lock.withLock { current = current.addingTimeInterval(seconds) }
  }
}
