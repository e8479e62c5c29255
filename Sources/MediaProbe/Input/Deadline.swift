internal import CFFmpeg

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A point on FFmpeg's monotonic clock after which a probe stops; set when the probe starts, so
/// the budget covers everything from the first `stat` to the last packet.
///
/// Three things watch it: the probe's own readers (through ``TimeBoundSource``, which refuses
/// every read once it has passed), FFmpeg's reads (the custom `AVIOContext` callbacks in
/// `shim.h` fail with `AVERROR_EXIT`) and FFmpeg's own loops (the interrupt callback). The
/// probe's loops call ``check(path:)`` between steps. Owns the C struct the callbacks read.
final class Deadline {
  /// The time budget in seconds, as applied.
  let seconds: Double
  /// The C state FFmpeg's callbacks read; valid as long as this object lives.
  let state: UnsafeMutablePointer<cffmpeg_deadline>

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

/// A ``ByteSource`` that serves bytes only until the probe's deadline: after it, every read fails
/// with `ETIMEDOUT`, so that every walk of the probe's own (PNG chunks, JPEG segments, ISO boxes,
/// sample tables, integrity checks) ends at its next read. Those walks treat a failed read as
/// "no verdict"; the probe then checks the deadline before it uses what they found.
struct TimeBoundSource: ByteSource {
  let base: any ByteSource
  let deadline: Deadline

  var count: Int64 { base.count }

  func bytes(at offset: Int64, length: Int) throws(ByteSourceError) -> [UInt8] {
    if cffmpeg_deadline_reached(deadline.state) != 0 { throw ByteSourceError(code: ETIMEDOUT) }
    return try base.bytes(at: offset, length: length)
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
