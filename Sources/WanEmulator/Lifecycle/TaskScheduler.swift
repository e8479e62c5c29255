import Foundation
import Logging
import MediaTransform

/// Moves tasks through the service's lifecycle: `PENDING` for at least the queue time and until
/// a running slot is free, `RUNNING` for at least the run time and until the video is rendered,
/// then `SUCCEEDED` or `FAILED`; and forgets tasks, videos and uploads older than the time to
/// live.
///
/// The store stays the truth; the scheduler keeps the tasks not yet final in memory so a tick
/// does not read the store.
actor TaskScheduler {
  private let store: any TaskStore
  private let folders: EmulatorFolders
  private let configuration: EmulatorConfiguration
  private let renderer: any VideoRendering
  private let renders: RenderQueue
  private let logger: Logger
  private var active: [String: TaskRecord] = [:]
  /// The order tasks arrived in, so tasks submitted within one tick of the clock still start
  /// first come, first served.
  private var arrival: [String: UInt64] = [:]
  private var nextArrival: UInt64 = 0
  private var rendered: [String: Result<String, ServiceError>] = [:]
  private var lastPurge = Date.distantPast

  init(
    store: any TaskStore, folders: EmulatorFolders, configuration: EmulatorConfiguration,
    renderer: any VideoRendering, logger: Logger
  ) {
    self.store = store
    self.folders = folders
    self.configuration = configuration
    self.renderer = renderer
    self.renders = RenderQueue(limit: configuration.renderers)
    self.logger = logger
  }

  /// Takes up the tasks a previous run left pending or running (their renders start again).
  func resume() async throws {
    let left = try await store.tasks(in: [.pending, .running])
    for task in left.sorted(by: { ($0.submitTime, $0.id) < ($1.submitTime, $1.id) }) {
      track(task)
      if task.status == .running, let job = task.job { startRender(task.id, job) }
    }
  }

  /// Adds a new task.
  func submit(_ task: TaskRecord) async throws {
    try await store.insert(task)
    track(task)
  }

  private func track(_ task: TaskRecord) {
    active[task.id] = task
    arrival[task.id] = nextArrival
    nextArrival += 1
  }

  private func forget(_ id: String) {
    active[id] = nil
    arrival[id] = nil
    rendered[id] = nil
  }

  /// What canceling `id` did.
  enum Cancellation {
    case canceled(TaskRecord)
    case notPending(TaskStatus)
    case unknown
  }

  /// Cancels `id` if it is still pending.
  func cancel(_ id: String) async throws -> Cancellation {
    let now = configuration.clock.now()
    guard var task = active[id] else {
      guard let stored = try await store.task(id: id), !isExpired(stored) else {
        return .unknown
      }
      return .notPending(stored.status)
    }
    guard task.status == .pending else { return .notPending(task.status) }
    task.status = .canceled
    task.endTime = now
    forget(id)
    try await store.update(task)
    removeScratch(of: task)
    return .canceled(task)
  }

  /// Whether `task` is older than the time to live.
  nonisolated func isExpired(_ task: TaskRecord) -> Bool {
    configuration.clock.now().timeIntervalSince(task.submitTime) > configuration.timeToLive
  }

  /// Runs the lifecycle until the surrounding task is canceled.
  func run() async {
    while !Task.isCancelled {
      do {
        try await tick()
      } catch {
        logger.error("task store: \(error)")
      }
      try? await Task.sleep(for: .milliseconds(20))
    }
  }

  /// One step: final tasks out, pending tasks in, old tasks forgotten.
  func tick() async throws {
    let now = configuration.clock.now()
    let ordered = active.values.sorted { arrival[$0.id, default: 0] < arrival[$1.id, default: 0] }
    var runningCount = 0
    for var task in ordered where task.status == .running {
      let scheduled = task.scheduledTime ?? now
      guard now.timeIntervalSince(scheduled) >= configuration.runSeconds else {
        runningCount += 1
        continue
      }
      if let failure = task.failure {
        finish(&task, .failure(failure), now: now)
      } else if let outcome = rendered[task.id] {
        finish(&task, outcome, now: now)
      } else {
        runningCount += 1
        continue
      }
      try await store.update(task)
    }
    let limit = configuration.concurrency ?? Int.max
    for var task in ordered where task.status == .pending {
      guard runningCount < limit else { break }
      guard now.timeIntervalSince(task.submitTime) >= configuration.queueSeconds else { continue }
      task.status = .running
      task.scheduledTime = now
      active[task.id] = task
      runningCount += 1
      try await store.update(task)
      if task.failure == nil, let job = task.job { startRender(task.id, job) }
    }
    if now.timeIntervalSince(lastPurge) >= 1 {
      lastPurge = now
      try await purge(now: now)
    }
  }

  /// Ends `task` with the render's outcome.
  private func finish(_ task: inout TaskRecord, _ outcome: Result<String, ServiceError>, now: Date)
  {
    switch outcome {
    case .success(let file):
      task.status = .succeeded
      task.videoFile = file
    case .failure(let error):
      task.status = .failed
      task.failure = error
      task.usage = nil
    }
    task.endTime = now
    forget(task.id)
    removeScratch(of: task)
  }

  private func startRender(_ id: String, _ job: RenderJob) {
    let renderer = self.renderer
    let partial = folders.scratch + "/" + id + ".rendering.mp4"
    let name = id + ".mp4"
    guard let final = folders.videoFile(name) else { return }
    let comment = PlaceholderVideo.dryRunComment
    let renders = self.renders
    let logger = self.logger
    Task {
      let outcome: Result<String, ServiceError>
      do {
        try await renders.run {
          try renderer.render(job, comment: comment, to: partial)
          try? FileManager.default.removeItem(atPath: final)
          try FileManager.default.moveItem(atPath: partial, toPath: final)
        }
        outcome = .success(name)
      } catch {
        logger.error("rendering task \(id): \(error)")
        try? FileManager.default.removeItem(atPath: partial)
        outcome = .failure(ServiceErrors.renderFailed)
      }
      self.renderDone(id, outcome)
    }
  }

  private func renderDone(_ id: String, _ outcome: Result<String, ServiceError>) {
    guard active[id] != nil else { return }
    rendered[id] = outcome
  }

  private func removeScratch(of task: TaskRecord) {
    for file in task.scratchFiles { folders.remove(file) }
  }

  /// Forgets tasks, videos, uploads and policies older than the time to live.
  private func purge(now: Date) async throws {
    let cutoff = now.addingTimeInterval(-configuration.timeToLive)
    for task in try await store.removeTasks(submittedBefore: cutoff) {
      forget(task.id)
      removeScratch(of: task)
      if let video = task.videoFile, let path = folders.videoFile(video) { folders.remove(path) }
    }
    for upload in try await store.removeUploads(storedBefore: cutoff) {
      if let path = folders.uploadFile(upload.file) { folders.remove(path) }
    }
    try await store.removePolicies(expiredBefore: now)
  }
}
