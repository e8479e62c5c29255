internal import CFFmpeg
internal import MediaProbe

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A placeholder's sound: exactly its length of 48 kHz mono samples (float), the
/// driving audio decoded, resampled, cut or padded with silence, or a quiet tone; handed to the
/// AAC encoder a frame at a time.
struct PlaceholderSound {
  /// The sample rate: 48 kHz, video's rate (and one AAC takes).
  static let sampleRate = 48000
  /// One channel: a driving audio is speech or music for one picture, and mono AAC encodes
  /// in half the time of stereo (stereo sources are mixed down by libswresample).
  static let channels = 1
  /// The AAC bit rate, bits a second (plenty for one channel).
  static let bitRate = 96_000
  /// The tone's pitch: 440 Hz (A4).
  static let toneFrequency = 440.0
  /// The tone's peak level, −30 dBFS: audible, not loud.
  static let toneLevel = Float(pow(10, -30.0 / 20))

  /// Each channel's samples, −1…1.
  private(set) var planes: [[Float]]

  /// Samples per channel.
  var count: Int { planes.first?.count ?? 0 }

  /// A 440 Hz sine at −30 dBFS, `seconds` long.
  static func tone(seconds: Int) -> PlaceholderSound {
    let count = seconds * sampleRate
    let step = 2 * Double.pi * toneFrequency / Double(sampleRate)
    let wave = (0..<count).map { toneLevel * Float(sin(step * Double($0))) }
    return PlaceholderSound(planes: Array(repeating: wave, count: channels))
  }

  /// The main audio stream of the file at `path` (any file the probe accepts with sound),
  /// probed and decoded with the probe's guards, resampled to 48 kHz mono, cut to `seconds`
  /// or padded with silence to it.
  static func decoded(
    _ path: String, seconds: Int, options: ProbeOptions
  ) throws(TransformError) -> PlaceholderSound {
    let frames: AudioFrames
    do {
      frames = try AudioFrames(path: path, options: options)
    } catch {
      throw .input(error)
    }
    let count = seconds * sampleRate
    var sound = PlaceholderSound(
      planes: Array(repeating: [Float](repeating: 0, count: count), count: channels))
    var filled = 0
    var resampler: Resampler?
    let outcome: Result<Void, TransformError>
    do {
      outcome = try frames.forEachFrame { (frame) throws(TransformError) -> Bool in
        if resampler == nil {
          resampler = try Resampler(like: frame, sampleRate: sampleRate, channels: channels)
        }
        sound.place(try resampler?.convert(frame) ?? [], at: &filled)
        return filled < count
      }
    } catch {
      throw .input(error)
    }
    try outcome.get()
    guard let resampler else { throw .input(ProbeError(path: path, reason: .emptyStream)) }
    if filled < count { sound.place(try resampler.flush(), at: &filled) }
    return sound
  }

  /// Copies interleaved 16-bit `samples` in at sample `filled` (as many as fit), moving it on.
  private mutating func place(_ samples: [Int16], at filled: inout Int) {
    let room = count - filled
    let taken = min(samples.count / Self.channels, room)
    guard taken > 0 else { return }
    for channel in 0..<Self.channels {
      planes[channel].withUnsafeMutableBufferPointer { plane in
        for index in 0..<taken {
          plane[filled + index] = Float(samples[index * Self.channels + channel]) / 32768
        }
      }
    }
    filled += taken
  }

  /// A (planar) float frame of the `count` samples from `start`, stamped `start` (in samples).
  func frame(from start: Int, count: Int) throws(TransformError) -> Frame {
    try AudioFrameBuffer.make(
      format: AV_SAMPLE_FMT_FLTP, sampleRate: Self.sampleRate, channels: Self.channels,
      count: count, pts: Int64(start)
    ) { channel, plane in
      plane.withMemoryRebound(to: Float.self, capacity: count) { out in
        planes[channel].withUnsafeBufferPointer { samples in
          guard let base = samples.baseAddress else { return }
          out.update(from: base + start, count: count)
        }
      }
    }
  }
}
