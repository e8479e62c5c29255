import Foundation

/// Counts task submissions in the last second: the service allows 5 a second.
actor SubmissionRate {
  private let limit: Int?
  private var recent: [Date] = []

  /// A limit of `limit` a second; `nil` for none.
  init(limit: Int?) {
    self.limit = limit
  }

  /// Whether one more submission at `now` stays within the limit (and counts it if so).
  func admit(at now: Date = Date()) -> Bool {
    guard let limit else { return true }
    let windowStart = now.addingTimeInterval(-1)
    recent.removeAll { $0 <= windowStart }
    guard recent.count < limit else { return false }
    recent.append(now)
    return true
  }
}
