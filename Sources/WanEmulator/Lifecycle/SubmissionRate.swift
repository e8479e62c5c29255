import Foundation

/// Counts task submissions in the last second: the service allows 5 a second.
actor SubmissionRate {
  private let limit: Int?
  private let clock: any EmulatorClock
  private var recent: [Date] = []

  /// A limit of `limit` a second on `clock`; `nil` for none.
  init(limit: Int?, clock: any EmulatorClock) {
    self.limit = limit
    self.clock = clock
  }

  /// Whether one more submission now stays within the limit (and counts it if so).
  func admit() -> Bool {
    guard let limit else { return true }
    let now = clock.now()
    let windowStart = now.addingTimeInterval(-1)
    recent.removeAll { $0 <= windowStart }
    guard recent.count < limit else { return false }
    recent.append(now)
    return true
  }
}
