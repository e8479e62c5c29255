import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Testing
import WanEmulator

/// A renderer for tests that writes the job it was given as JSON, so a test can read back what
/// the worker was asked to render without waiting for an encoder.
struct JobRecordingRenderer: VideoRendering {
  func render(_ job: RenderJob, comment: String, to destination: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    try encoder.encode(job).write(to: URL(fileURLWithPath: destination))
  }
}

/// The project's folders, found from this file.
enum Paths {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path
  static let media = root + "/fixtures/media"
  static let hostile = root + "/fixtures/hostile/files"
}

/// An emulator with short lifecycle times and a client to drive it over loopback.
struct EmulatorHarness {
  var configuration: EmulatorConfiguration
  /// What renders the videos: a job recorder unless a test needs real MP4s.
  var renderer: any VideoRendering = JobRecordingRenderer()
  /// The store: a new memory store unless a test shares one across "restarts".
  var store: (any TaskStore)?

  init(_ change: (inout EmulatorConfiguration) -> Void = { _ in }) {
    var configuration = EmulatorConfiguration()
    configuration.port = 0
    configuration.queueSeconds = 0
    configuration.runSeconds = 0
    configuration.rate = nil
    change(&configuration)
    self.configuration = configuration
  }

  /// Runs `test` against the emulator listening on a free loopback port, with the lifecycle
  /// moving; the server is stopped when `test` returns or throws.
  func run<Value: Sendable>(
    _ test: @escaping @Sendable (LoopbackClient, Emulator) async throws -> Value
  ) async throws -> Value {
    var logger = Logger(label: "test")
    logger.logLevel = .warning
    let emulator = try await Emulator(
      configuration: configuration, renderer: renderer, store: store, logger: logger)
    let (ports, announce) = AsyncStream.makeStream(of: Int.self)
    let app = emulator.application { port in announce.yield(port) }
    let group = ServiceGroup(services: [app], logger: logger)
    return try await emulator.withLifecycle {
      let server = Task {
        defer { announce.finish() }
        try await group.run()
      }
      var announced = ports.makeAsyncIterator()
      guard let port = await announced.next() else {
        try await server.value
        throw LoopbackSocket.Failure(step: "the server's start")
      }
      let outcome: Result<Value, any Error>
      do {
        outcome = .success(try await test(LoopbackClient(port: port), emulator))
      } catch {
        outcome = .failure(error)
      }
      await group.triggerGracefulShutdown()
      try await server.value
      return try outcome.get()
    }
  }
}

/// Request helpers in the service's shape.
extension LoopbackClient {
  static var createPath: String { "/api/v1/services/aigc/video-generation/video-synthesis" }

  /// Posts a creation body with the headers the SDK sends (plus `extra`).
  func create(
    _ body: String, key: String? = "sk-test", async: Bool = true, extra: HTTPFields = [:]
  ) async throws -> LoopbackResponse {
    var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
    if let key { headers[.authorization] = "Bearer \(key)" }
    if async { headers[.dashScopeAsync] = "enable" }
    headers.append(contentsOf: extra)
    return try await execute(
      uri: Self.createPath, method: .post, headers: headers, body: ByteBuffer(string: body))
  }

  /// `GET /api/v1/tasks/{id}`.
  func query(_ id: String, key: String = "sk-test", extra: HTTPFields = [:]) async throws
    -> LoopbackResponse
  {
    var headers: HTTPFields = [.authorization: "Bearer \(key)"]
    headers.append(contentsOf: extra)
    return try await execute(uri: "/api/v1/tasks/\(id)", method: .get, headers: headers)
  }

  /// Polls until the task is final (or `seconds` pass) and returns its last body.
  func waitFinal(_ id: String, seconds: Double = 60) async throws -> JSONBody {
    let deadline = Date().addingTimeInterval(seconds)
    while true {
      let body = try JSONBody(try await query(id))
      let status = body.output?["task_status"] as? String ?? ""
      if ["SUCCEEDED", "FAILED", "CANCELED", "UNKNOWN"].contains(status) || Date() > deadline {
        return body
      }
      try await Task.sleep(for: .milliseconds(20))
    }
  }

  /// Polls while the task's status is `status` (at most `seconds`) and returns the next status.
  func waitWhile(_ id: String, _ status: String, seconds: Double = 60) async throws -> String {
    let deadline = Date().addingTimeInterval(seconds)
    while true {
      let now = try JSONBody(try await query(id)).status ?? "?"
      if now != status || Date() > deadline { return now }
      try await Task.sleep(for: .milliseconds(20))
    }
  }

  /// The task's status after the lifecycle has had a few ticks to move it (with a
  /// ``ManualClock`` standing still, a status that holds here holds for good).
  func settled(_ id: String) async throws -> String {
    try await Task.sleep(for: .milliseconds(200))
    return try JSONBody(try await query(id)).status ?? "?"
  }
}

/// A JSON object body.
struct JSONBody: @unchecked Sendable {
  let object: [String: Any]

  init(_ response: LoopbackResponse) throws {
    let data = Data(response.body.readableBytesView)
    object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  subscript(key: String) -> Any? { object[key] }
  var output: [String: Any]? { object["output"] as? [String: Any] }
  var usage: [String: Any]? { object["usage"] as? [String: Any] }
  var code: String? { object["code"] as? String }
  var message: String? { object["message"] as? String }
  var taskID: String? { output?["task_id"] as? String }
  var status: String? { output?["task_status"] as? String }
}

/// A creation body for wan2.7-i2v with `media` (type, url) pairs.
func body(
  _ media: [(String, String)], parameters: String = #""resolution": "720P", "duration": 5"#,
  prompt: String = "a cat"
) -> String {
  let items = media.map { #"{"type": "\#($0.0)", "url": "\#($0.1)"}"# }.joined(separator: ", ")
  return #"{"model": "wan2.7-i2v", "input": {"prompt": "\#(prompt)", "media": [\#(items)]}, "#
    + #""parameters": {\#(parameters)}}"#
}

/// A `data:` URI of a fixture.
func dataURI(_ path: String, mime: String) throws -> String {
  let data = try Data(contentsOf: URL(fileURLWithPath: path))
  return "data:\(mime);base64," + data.base64EncodedString()
}

extension HTTPFields.Element.Name {
  static let dashScopeAsync = known("X-DashScope-Async")
  static let ossResolve = known("X-DashScope-OssResourceResolve")
  static let forcedFailure = known("X-Wan-Preflight-Fail")

  private static func known(_ name: String) -> Self {
    guard let field = Self(name) else { preconditionFailure("\(name) is not a field name") }
    return field
  }
}
