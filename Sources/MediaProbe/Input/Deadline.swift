internal import CFFmpeg

/// A point on FFmpeg's monotonic clock after which a probe stops, and a flag that stops it
/// earlier when its caller cancels; set when the probe starts, so the budget covers everything
/// from the first `stat` to the last packet.
///
/// Three things watch it: the probe's own readers (through ``TimeBoundSource``, which refuses
/// every read once it has passed), FFmpeg's reads (the custom `AVIOContext` callbacks in
/// `shim.h` fail with `AVERROR_EXIT`) and FFmpeg's own loops (the interrupt callback). The
/// probe's loops call ``check(path:)`` between steps. Owns the C struct the callbacks read.
///
/// Only ``cancel()`` may be called from another thread (it sets an atomic flag); everything
/// else belongs to the thread that runs the probe.
final class Deadline: @unchecked Sendable {
  /// The time budget in seconds, as applied.
  let seconds: Double
  /// The C state FFmpeg's callbacks read; valid as long as this object lives.
  let state: UnsafeMutablePointer<cffmpeg_deadline>

  /// A deadline `seconds` from now; a budget that is negative or not a number is 0, and one
  /// over a billion seconds (or infinite) is a billion.
  init(seconds: Double) {
    self.seconds = Self.budget(seconds)
    state = .allocate(capacity: 1)
    state.initialize(
      to: cffmpeg_deadline(
        deadline_us: av_gettime_relative() + Int64(self.seconds * 1_000_000), fired: 0,
        cancelled: 0)
    )
  }

  /// `seconds` as a probe applies it: 0 for a negative budget or not a number, at most a
  /// billion seconds (31 years), far from overflowing FFmpeg's microsecond clock.
  static func budget(_ seconds: Double) -> Double {
    seconds.isNaN ? 0 : min(max(seconds, 0), 1e9)
  }

  deinit {
    state.deinitialize(count: 1)
    state.deallocate()
  }

  /// The callback to hand to FFmpeg; valid as long as this object lives.
  var interruptCallback: AVIOInterruptCB { cffmpeg_deadline_callback(state) }

  /// Stops the probe at its next check, read or interrupt callback; safe from any thread.
  func cancel() { cffmpeg_deadline_cancel(state) }

  /// Whether ``cancel()`` was called.
  var isCancelled: Bool { cffmpeg_deadline_cancelled(state) != 0 }

  /// Whether the probe was stopped: the deadline passed (as seen by FFmpeg or by
  /// ``check(path:)``), or the probe was cancelled.
  var hasFired: Bool { state.pointee.fired != 0 || isCancelled }

  /// Whether the probe must stop now: cancelled, or past the deadline.
  var hasPassed: Bool { cffmpeg_deadline_reached(state) != 0 }

  /// The error a probe stopped by this deadline throws: cancelled, or timed out.
  func stopError(path: String) -> ProbeError {
    ProbeError(path: path, reason: isCancelled ? .cancelled : .timedOut(seconds))
  }

  /// Throws a time-out (or cancellation) error once the probe must stop.
  func check(path: String) throws(ProbeError) {
    if hasPassed { throw stopError(path: path) }
  }
}
