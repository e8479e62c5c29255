import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import MediaProbe
import NIOCore
import WanPreflight

/// The dry-run of the wan2.7-i2v service: its HTTP API on a Hummingbird server, requests judged
/// with the same rules as `check`, tasks moved through the service's lifecycle, placeholder
/// videos rendered in the background.
///
/// ```swift
/// let emulator = try await Emulator(configuration: EmulatorConfiguration(), renderer: renderer)
/// try await emulator.run { port in print("listening on http://127.0.0.1:\(port)") }
/// ```
public struct Emulator: Sendable {
  /// What the server was told.
  public let configuration: EmulatorConfiguration
  /// Where its files are.
  public let folders: EmulatorFolders
  let store: any TaskStore
  let scheduler: TaskScheduler
  let judge: RequestJudge
  let rate: SubmissionRate
  let logger: Logger
  /// Whether ``folders`` is a temporary folder to remove at shutdown.
  let temporaryFolders: Bool

  /// A server with `store`, rendering videos with `renderer`. Without a store, it keeps its
  /// state in an ``SQLiteTaskStore`` at `tasks.sqlite` of the data folder when the configuration
  /// names one (so tasks, uploads and videos outlive a restart), else in a ``MemoryTaskStore``.
  /// A damaged or unwritable database throws an ``SQLiteTaskStoreError`` naming the file.
  public init(
    configuration: EmulatorConfiguration, renderer: any VideoRendering,
    store: (any TaskStore)? = nil, logger: Logger = Logger(label: "wan-preflight.serve")
  ) async throws {
    self.configuration = configuration
    let folders: EmulatorFolders
    if let data = configuration.dataDirectory {
      folders = try EmulatorFolders(root: data)
      temporaryFolders = false
    } else {
      folders = try EmulatorFolders.temporary()
      temporaryFolders = true
    }
    self.folders = folders
    let store: any TaskStore =
      if let store {
        store
      } else if temporaryFolders {
        MemoryTaskStore()
      } else {
        try SQLiteTaskStore(path: folders.database)
      }
    self.store = store
    self.logger = logger
    scheduler = TaskScheduler(
      store: store, folders: folders, configuration: configuration, renderer: renderer,
      logger: logger)
    judge = RequestJudge(
      configuration: configuration, folders: folders, store: store, prober: Prober())
    rate = SubmissionRate(limit: configuration.rate, clock: configuration.clock)
    try await scheduler.resume()
  }

  /// The Hummingbird application: the router, the HTTP/1 server with its idle timeout, the
  /// lifecycle as a service; `onReady` gets the bound port.
  public func application(onReady: @escaping @Sendable (Int) async -> Void = { _ in })
    -> some ApplicationProtocol
  {
    Application(
      router: router(),
      server: .http1(
        configuration: HTTP1Channel.Configuration(
          idleTimeout: .seconds(configuration.idleTimeoutSeconds))),
      configuration: ApplicationConfiguration(
        address: .hostname(configuration.host, port: configuration.port),
        serverName: "wan-preflight"),
      onServerRunning: { channel in await onReady(channel.localAddress?.port ?? 0) },
      logger: logger)
  }

  /// Runs until SIGINT or SIGTERM, then shuts down gracefully (and removes a temporary folder).
  public func run(onReady: @escaping @Sendable (Int) async -> Void) async throws {
    try await withLifecycle { try await application(onReady: onReady).runService() }
    if temporaryFolders { try? FileManager.default.removeItem(atPath: folders.root) }
  }

  /// Runs `body` with the task lifecycle moving (the server's requests only record tasks; the
  /// lifecycle moves them on).
  public func withLifecycle<Value: Sendable>(_ body: () async throws -> Value) async rethrows
    -> Value
  {
    let scheduler = self.scheduler
    let lifecycle = Task { await scheduler.run() }
    defer { lifecycle.cancel() }
    return try await body()
  }

  /// The routes of the API, the upload host and the videos.
  public func router() -> Router<EmulatorRequestContext> {
    let router = Router(context: EmulatorRequestContext.self)
    router.add(middleware: RequestLog(logger: logger))
    let routes = Routes(emulator: self)
    router.post("/api/v1/services/aigc/video-generation/video-synthesis") { request, context in
      await routes.create(request, context: context)
    }
    router.get("/api/v1/tasks/:id") { request, context in
      await routes.query(request, context: context)
    }
    router.post("/api/v1/tasks/:id/cancel") { request, context in
      await routes.cancel(request, context: context)
    }
    router.get("/api/v1/uploads") { request, context in
      await routes.policy(request, context: context)
    }
    router.post("/oss-upload") { request, context in
      await routes.upload(request, context: context)
    }
    router.get("/videos/:name") { request, context in
      await routes.video(request, context: context)
    }
    return router
  }
}
