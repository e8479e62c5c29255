import Foundation
import WanPreflight

/// A one-line progress bar on standard error, for long rewrites and lint runs on a terminal:
/// redrawn at most ten times a second, cleared when done, and never shown in CI logs or pipes.
final class ProgressBar: @unchecked Sendable {
  private let lock = NSLock()
  private var lastDrawn = Date.distantPast
  private var drawn = false

  /// A bar when standard error is a terminal and `CI` is unset, else `nil`.
  static func forStandardError() -> ProgressBar? {
    let environment = ProcessInfo.processInfo.environment
    guard isatty(FileHandle.standardError.fileDescriptor) == 1, environment["CI"] == nil,
      environment["TERM"] != "dumb"
    else { return nil }
    return ProgressBar()
  }

  /// Draws a fix's `progress`: its role, the bar, and the seconds of media written.
  func show(_ progress: FixProgress) {
    show(
      label: progress.role.rawValue, fraction: progress.fraction,
      detail: "\(Self.seconds(progress.secondsDone))/\(Self.seconds(progress.secondsTotal)) s")
  }

  /// Draws lint's progress: requests checked of all of them.
  func show(checked done: Int, of total: Int) {
    show(
      label: "lint", fraction: total > 0 ? Double(done) / Double(total) : 1,
      detail: "\(done)/\(total) requests")
  }

  /// Draws `label [bar] N% detail`, unless the last drawing was under 0.1 s ago and this one
  /// is not the end.
  private func show(label: String, fraction: Double, detail: String) {
    lock.lock()
    defer { lock.unlock() }
    let now = Date()
    guard now.timeIntervalSince(lastDrawn) >= 0.1 || fraction >= 1 else { return }
    lastDrawn = now
    let width = 30
    let filled = Int((fraction * Double(width)).rounded(.down))
    let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
    let percent = Int((fraction * 100).rounded(.down))
    let line = "\r\(label) [\(bar)] \(percent)% \(detail)"
    FileHandle.standardError.write(Data(line.utf8))
    drawn = true
  }

  /// Clears the bar's line.
  func finish() {
    lock.lock()
    defer { lock.unlock() }
    guard drawn else { return }
    FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
  }

  private static func seconds(_ value: Double) -> String {
    String(format: "%.1f", value)
  }
}
