import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Probes local media files with FFmpeg's libraries, safely and truthfully.
///
/// ```swift
/// let info = try await Prober().probe("cat.jpg")
/// print(info.video?.displayWidth ?? 0)
/// ```
///
/// A probe opens the named file once and reads only that descriptor (no playlists, no network,
/// no second lookup of the path), never decodes a frame over ``ProbeOptions/maxPixels``, never
/// lets FFmpeg index more samples than the file can back, gives up after
/// ``ProbeOptions/timeLimitSeconds``, and never writes to the terminal.
///
/// Every probe, synchronous or not, runs on a thread of the probe's own executor (one per
/// online processor, outside Swift's cooperative pool), so distinct files are probed
/// concurrently and FFmpeg's blocking calls never hold a task thread. The time limit is hard:
/// a probe answers ``ProbeError/Reason/timedOut(_:)`` at most a quarter second after it, even
/// when FFmpeg is stuck where it checks no deadline (that worker finishes later by itself and
/// frees its own handles).
public struct Prober: Sendable {
  /// The limits every probe runs with.
  public var options: ProbeOptions
  /// For tests: runs on the worker once the input is open and checked (to stall a probe).
  var afterOpen: (@Sendable () -> Void)?
  /// For tests: runs the moment a probe's answer is known, before the caller resumes.
  var answered: (@Sendable () -> Void)?

  /// Creates a prober.
  public init(options: ProbeOptions = ProbeOptions()) {
    self.options = options
  }

  /// Probes one file, waiting for the answer on the calling thread.
  ///
  /// - Parameter path: A local file path, absolute or relative to the working directory.
  /// - Returns: What the file is, with its streams; only for a file whose first frame decoded.
  /// - Throws: ``ProbeError`` naming the path and what is wrong.
  public func probe(_ path: String) throws(ProbeError) -> MediaInfo {
    try wait(for: job(.file(path: path))).info
  }

  /// Probes one file without blocking the calling task.
  ///
  /// Cancelling the task stops the probe: it throws ``ProbeError/Reason/cancelled`` at once,
  /// and the work on the probe's thread stops at its next check.
  ///
  /// - Parameter path: A local file path, absolute or relative to the working directory.
  /// - Returns: What the file is, with its streams; only for a file whose first frame decoded.
  /// - Throws: ``ProbeError`` naming the path and what is wrong.
  public func probe(_ path: String) async throws(ProbeError) -> MediaInfo {
    try await answer(of: job(.file(path: path))).info
  }

  /// Probes one file without blocking the calling task, as ``probe(_:)-(String)`` does, and
  /// keeps a still image's decoded first frame in the answer when `keepingPicture` (for a
  /// caller that goes on to transform or draw the picture, which is then decoded once).
  package func answer(
    forFile path: String, keepingPicture: Bool
  ) async throws(ProbeError) -> ProbeAnswer {
    try await answer(of: job(.file(path: path), keepingPicture: keepingPicture))
  }

  /// Probes bytes in memory on the calling thread, as ``probe(bytes:name:)-(_,String)`` does,
  /// and keeps a still image's decoded first frame in the answer when `keepingPicture`.
  package func answer(
    bytes: some Collection<UInt8>, name: String, keepingPicture: Bool
  ) throws(ProbeError) -> ProbeAnswer {
    try wait(for: job(.memory(MemoryByteSource(bytes), name: name), keepingPicture: keepingPicture))
  }

  /// Probes media held in memory, with the same checks as a file: an upload, the bytes of a
  /// `data:` URI, a file read by other means. No file is opened and no temporary file written.
  ///
  /// ```swift
  /// let info = try Prober().probe(bytes: upload, name: "upload.png")
  /// ```
  ///
  /// - Parameters:
  ///   - bytes: The whole file's content.
  ///   - name: What errors and the result call the bytes (``MediaInfo/path``); its extension, if
  ///     any, is reported as ``MediaInfo/fileExtension`` but never decides the format.
  /// - Returns: What the bytes are, with their streams; only when the first frame decoded.
  /// - Throws: ``ProbeError`` naming `name` and what is wrong.
  public func probe(bytes: some Collection<UInt8>, name: String) throws(ProbeError) -> MediaInfo {
    try wait(for: job(.memory(MemoryByteSource(bytes), name: name))).info
  }

  /// Probes media held in memory without blocking the calling task; see
  /// ``probe(bytes:name:)-(_,String)`` for the checks and ``probe(_:)-(String)`` for
  /// cancellation.
  public func probe(
    bytes: some Collection<UInt8>, name: String
  ) async throws(ProbeError) -> MediaInfo {
    try await answer(of: job(.memory(MemoryByteSource(bytes), name: name))).info
  }

  /// Probes many files concurrently (as many at once as the executor runs) and returns the
  /// results in the order of `paths`. A path named twice is probed once.
  public func probe(_ paths: [String]) async -> [Result<MediaInfo, ProbeError>] {
    let unique = Array(Set(paths))
    var results: [String: Result<MediaInfo, ProbeError>] = [:]
    await withTaskGroup(of: (String, Result<MediaInfo, ProbeError>).self) { group in
      var next = 0
      func startNext() {
        guard next < unique.count else { return }
        let path = unique[next]
        next += 1
        group.addTask { (path, await self.result(of: path)) }
      }
      for _ in 0..<Self.concurrency { startNext() }
      for await (path, result) in group {
        results[path] = result
        startNext()
      }
    }
    return paths.map { results[$0] ?? .failure(ProbeError(path: $0, reason: .other("not probed"))) }
  }

  /// How many files are probed at once: the number of online processors.
  package static var concurrency: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

  /// The probe of `path`, as a value.
  private func result(of path: String) async -> Result<MediaInfo, ProbeError> {
    do {
      return .success(try await probe(path))
    } catch {
      return .failure(error)
    }
  }

  /// A job that probes `input` with this prober's options.
  private func job(_ input: ProbeInput, keepingPicture: Bool = false) -> ProbeJob {
    FFmpegLibrary.ensureConfigured()
    var run = ProbeRun(input: input, options: options, afterOpen: afterOpen)
    run.keepsPicture = keepingPicture
    return ProbeJob(name: input.name, seconds: options.timeLimitSeconds, answered: answered) {
      [run] (deadline) throws(ProbeError) in try run.answer(deadline: deadline)
    }
  }

  /// Runs `job` on the shared executor and blocks the calling thread until it answers.
  private func wait(for job: ProbeJob) throws(ProbeError) -> ProbeAnswer {
    let answered = DispatchSemaphore(value: 0)
    let box = OutcomeBox()
    job.onAnswer { outcome in
      box.outcome = outcome
      answered.signal()
    }
    ProbeExecutor.shared.submit(job)
    answered.wait()
    guard let outcome = box.outcome else { preconditionFailure("answered without an outcome") }
    return try outcome.get()
  }

  /// Runs `job` on the shared executor and suspends until it answers; cancelling the task
  /// cancels the job.
  private func answer(of job: ProbeJob) async throws(ProbeError) -> ProbeAnswer {
    let outcome = await withTaskCancellationHandler {
      await withCheckedContinuation { continuation in
        job.onAnswer { continuation.resume(returning: $0) }
        ProbeExecutor.shared.submit(job)
      }
    } onCancel: {
      job.cancel()
    }
    return try outcome.get()
  }
}

/// Carries one answer from a worker to the thread waiting on a semaphore, which orders the
/// write before the read.
private final class OutcomeBox: @unchecked Sendable {
  var outcome: ProbeJob.Outcome?
}

/// Probes one file with the library's default options.
public func probe(_ path: String) throws(ProbeError) -> MediaInfo {
  try Prober().probe(path)
}
