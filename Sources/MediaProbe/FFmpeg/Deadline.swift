internal import CFFmpeg

/// A point on FFmpeg's monotonic clock after which a probe stops.
///
/// FFmpeg polls it through the interrupt callback during blocking I/O; the probe's own loops
/// (decoding, counting packets) call ``check(path:)``. Owns the C struct the callback reads.
final class Deadline {
  /// The time budget in seconds, as applied.
  let seconds: Double
  private let state: UnsafeMutablePointer<cffmpeg_deadline>

  /// A deadline `seconds` from now; a budget that is negative or not a number is 0, and one
  /// over a billion seconds (or infinite) is a billion.
  init(seconds: Double) {
    self.seconds = seconds.isNaN ? 0 : min(max(seconds, 0), Self.longestBudget)
    state = .allocate(capacity: 1)
    state.initialize(
      to: cffmpeg_deadline(
        deadline_us: av_gettime_relative() + Int64(self.seconds * 1_000_000), fired: 0)
    )
  }

  /// A billion seconds (31 years), far from overflowing FFmpeg's microsecond clock.
  private static let longestBudget = 1e9

  deinit {
    state.deinitialize(count: 1)
    state.deallocate()
  }

  /// The callback to hand to FFmpeg; valid as long as this object lives.
  var interruptCallback: AVIOInterruptCB { cffmpeg_deadline_callback(state) }

  /// Whether the deadline has passed (as seen by FFmpeg or by ``check(path:)``).
  var hasFired: Bool { state.pointee.fired != 0 }

  /// Throws a time-out error once the deadline has passed.
  func check(path: String) throws(ProbeError) {
    if cffmpeg_deadline_reached(state) != 0 {
      throw ProbeError(path: path, reason: .timedOut(seconds))
    }
  }
}

/// The options every decoder the probe opens gets.
enum DecoderOptions {
  /// Adds the pixel budget and a single decoding thread to `dictionary`.
  ///
  /// `max_pixels` makes libavcodec refuse, before allocating, any frame over the budget;
  /// one thread avoids spawning a thread pool to decode a single frame.
  static func fill(_ dictionary: inout OpaquePointer?, maxPixels: Int) {
    av_dict_set(&dictionary, "max_pixels", String(min(maxPixels, Int(Int32.max))), 0)
    av_dict_set(&dictionary, "threads", "1", 0)
  }
}
