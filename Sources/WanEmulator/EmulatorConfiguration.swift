import Foundation
import WanPreflight

/// Everything `wan-preflight serve` is told: where to listen, what to accept, how tasks behave.
public struct EmulatorConfiguration: Sendable {
  /// The address to bind; loopback unless told otherwise.
  public var host = "127.0.0.1"
  /// The port; 0 picks a free one.
  public var port = 8080
  /// The folder that keeps tasks, uploads and videos across restarts; `nil` keeps tasks in
  /// memory and files in a temporary folder removed at shutdown.
  public var dataDirectory: String?
  /// The only API key accepted; `nil` accepts any non-empty key.
  public var apiKey: String?
  /// Remote URL prefixes served from local folders (prefix → folder), on top of the
  /// configuration's `url_mappings`.
  public var urlMappings: [String: String] = [:]
  /// The project configuration requests are judged with (rules, region, URL mappings).
  public var configuration = Configuration()
  /// Seconds a task, its video and an upload live; then the task is `UNKNOWN`.
  public var timeToLive: Double = 24 * 3600
  /// The most tasks running at once; `nil` for no limit.
  public var concurrency: Int? = 5
  /// The most task submissions a second; `nil` for no limit.
  public var rate: Int? = 5
  /// Seconds a task stays `PENDING` at least.
  public var queueSeconds: Double = 1
  /// Seconds a task stays `RUNNING` at least.
  public var runSeconds: Double = 2
  /// A failure forced on every task creation, for testing clients.
  public var forcedFailure: ForcedFailure?
  /// The largest request body accepted, in bytes; larger ones get 413.
  public var maxBodyBytes = 64 << 20
  /// Seconds a connection may stay silent before it is closed.
  public var idleTimeoutSeconds: Int64 = 30
  /// The most videos rendered at once.
  public var renderers = max(1, ProcessInfo.processInfo.activeProcessorCount)
  /// Where the time comes from: the system's clock, or a ``ManualClock`` a test moves.
  public var clock: any EmulatorClock = SystemClock()

  /// The defaults: loopback port 8080, in memory, 5 running, 5 a second, 1 s queued, 2 s running.
  public init() {}

  /// Whether ``host`` is a loopback address (the server warns when it is not).
  public var bindsLoopback: Bool {
    host == "127.0.0.1" || host == "::1" || host == "localhost" || host.hasPrefix("127.")
  }
}
