import Foundation
import Testing

@testable import MediaProbe

/// The asynchronous probe runs on the probe's own executor: its result is the synchronous
/// probe's, cancelling the awaiting task stops it, and its time limit holds even when a stage
/// never checks the deadline (issue #11, item 3). The stalls stand for FFmpeg stuck in a loop
/// that never calls the interrupt callback (docs/hardening.md, finding 5).
@Suite("Asynchronous probe")
struct AsyncProbeTests {
  /// When things happened, written from the probe's threads.
  private final class Moments: @unchecked Sendable {
    private let lock = NSLock()
    private var stalled: ContinuousClock.Instant?
    private var answered: ContinuousClock.Instant?
    func stall() { lock.withLock { stalled = .now } }
    var hasStalled: Bool { lock.withLock { stalled != nil } }
    func answer() { lock.withLock { answered = .now } }
    /// From the start of the stall (or `start`) to the answer.
    func elapsed(since start: ContinuousClock.Instant? = nil) -> Duration? {
      lock.withLock {
        guard let from = start ?? stalled, let answered else { return nil }
        return answered - from
      }
    }
  }

  /// A prober whose every probe sleeps `seconds` once its input is open, checking nothing, and
  /// notes in `moments` when the stall began and when the answer came. Timing is measured
  /// there, on the probe's threads: a test's own task may resume late on a busy machine (other
  /// suites block the cooperative pool with synchronous probes).
  private static func stalling(
    for seconds: Double, timeLimit: Double, moments: Moments
  ) -> Prober {
    var prober = Prober(options: ProbeOptions(timeLimitSeconds: timeLimit))
    prober.afterOpen = {
      moments.stall()
      usleep(useconds_t(seconds * 1_000_000))
    }
    prober.answered = { moments.answer() }
    return prober
  }

  /// The synchronous probe (in an async context, `probe(_:)` names the async one).
  private static func probeSynchronously(_ path: String) throws(ProbeError) -> MediaInfo {
    try Prober().probe(path)
  }

  @Test("an async probe returns what the synchronous probe returns")
  func sameResult() async throws {
    for name in ["image/png_640x480.png", "video/mp4_h264_aac_3s_320x240.mp4"] {
      let path = TestPaths.fixture(name)
      let expected = try Self.probeSynchronously(path)
      #expect(try await Prober().probe(path) == expected)
      let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
      #expect(try await Prober().probe(bytes: bytes, name: path) == expected)
    }
  }

  @Test("cancelling the awaiting task throws the cancelled reason at once")
  func cancelInFlight() async throws {
    let path = TestPaths.fixture("image/png_640x480.png")
    let moments = Moments()
    // The stall outlasts any delay a busy machine gives this task: the probe cannot finish
    // before it is cancelled, however late the cancel comes.
    let prober = Self.stalling(for: 10, timeLimit: 30, moments: moments)
    let probe = Task { () async throws(ProbeError) -> MediaInfo in try await prober.probe(path) }
    while !moments.hasStalled { try await Task.sleep(for: .milliseconds(20)) }
    let cancelled = ContinuousClock.now
    probe.cancel()
    let result = await probe.result
    #expect(throws: ProbeError(path: path, reason: .cancelled)) { try result.get() }
    let elapsed = try #require(moments.elapsed(since: cancelled))
    #expect(elapsed < .seconds(0.5))
  }

  @Test("a task cancelled before its probe starts gets the cancelled reason")
  func cancelledBeforeStart() async throws {
    let path = TestPaths.fixture("image/png_640x480.png")
    let probe = Task { () async throws(ProbeError) -> MediaInfo in
      withUnsafeCurrentTask { $0?.cancel() }
      return try await Prober().probe(path)
    }
    let result = await probe.result
    #expect(throws: ProbeError(path: path, reason: .cancelled)) { try result.get() }
  }

  @Test("a stage that never checks the deadline still times out within the hard deadline")
  func hardDeadline() async throws {
    let path = TestPaths.fixture("video/mp4_h264_aac_3s_320x240.mp4")
    let moments = Moments()
    let prober = Self.stalling(for: 3, timeLimit: 1, moments: moments)
    await #expect(throws: ProbeError(path: path, reason: .timedOut(1))) {
      try await prober.probe(path)
    }
    #expect(try #require(moments.elapsed()) < .seconds(2))
    let again = Moments()
    let synchronous = Self.stalling(for: 3, timeLimit: 1, moments: again)
    #expect(throws: ProbeError(path: path, reason: .timedOut(1))) {
      try synchronous.probe(path)
    }
    #expect(try #require(again.elapsed()) < .seconds(2))
  }

  @Test("the cancel flag stops a running probe at its next deadline check")
  func cancelFlag() throws {
    let path = TestPaths.fixture("video/mp4_h264_aac_3s_320x240.mp4")
    let deadline = Deadline(seconds: 60)
    deadline.cancel()
    let run = ProbeRun(input: .file(path: path), options: ProbeOptions())
    #expect(throws: ProbeError(path: path, reason: .cancelled)) { try run.run(deadline: deadline) }
  }
}
