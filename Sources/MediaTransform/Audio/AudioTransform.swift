/// What to do to a sound file: trim it, pad it with silence, resample it, and encode it.
///
/// ```swift
/// let transform = AudioTransform(output: .wav).trim(toSeconds: 30).pad(toSeconds: 2)
/// ```
///
/// A value: every method returns a changed copy.
public struct AudioTransform: Sendable, Equatable {
  /// The longest the output may last, in seconds: later samples are cut.
  public var maxSeconds: Double?
  /// The shortest the output may last, in seconds: silence is added at the end.
  public var minSeconds: Double?
  /// The output's sample rate; the source's when `nil`.
  public var sampleRate: Int?
  /// The output's channel count (1 or 2); the source's, at most 2, when `nil`.
  public var channels: Int?
  /// The file format written.
  public var output: AudioFormat

  /// A transform that keeps the sound as it is and encodes `output`.
  public init(output: AudioFormat) {
    self.output = output
  }

  /// Cuts the sound after `seconds`.
  public func trim(toSeconds seconds: Double) -> AudioTransform {
    var copy = self
    copy.maxSeconds = seconds
    return copy
  }

  /// Adds silence at the end until the sound lasts `seconds`.
  public func pad(toSeconds seconds: Double) -> AudioTransform {
    var copy = self
    copy.minSeconds = seconds
    return copy
  }

  /// Resamples to `sampleRate` samples a second and `channels` channels.
  public func resample(sampleRate: Int?, channels: Int? = nil) -> AudioTransform {
    var copy = self
    copy.sampleRate = sampleRate
    copy.channels = channels
    return copy
  }

  /// A sound file format.
  public enum AudioFormat: Sendable, Equatable {
    /// WAV, signed 16-bit little-endian PCM.
    case wav
    /// MP3 (libmp3lame) at a constant `bitRate` in bits a second, e.g. 128000.
    case mp3(bitRate: Int)
  }

  /// Why the transform cannot run, if it cannot.
  var problem: String? {
    if let maxSeconds, !(maxSeconds > 0 && maxSeconds <= 86_400) {
      return "trim to \(maxSeconds) s (allowed: more than 0, at most 86400)"
    }
    if let minSeconds, !(minSeconds >= 0 && minSeconds <= 86_400) {
      return "pad to \(minSeconds) s (allowed: 0…86400)"
    }
    if let sampleRate, !(1000...384_000).contains(sampleRate) {
      return "sample rate \(sampleRate) (allowed: 1000…384000)"
    }
    if let channels, !(1...2).contains(channels) { return "\(channels) channels (allowed: 1 or 2)" }
    if case .mp3(let bitRate) = output, !(8000...320_000).contains(bitRate) {
      return "bit rate \(bitRate) (allowed: 8000…320000)"
    }
    return nil
  }
}

/// What an audio transform wrote.
public struct AudioTransformResult: Sendable, Equatable {
  /// The file written.
  public var path: String
  /// FFmpeg's name of the codec written: `pcm_s16le` or `mp3`.
  public var codec: String
  /// Samples a second.
  public var sampleRate: Int
  /// The channel count.
  public var channels: Int
  /// Samples per channel written.
  public var sampleCount: Int
  /// The size of the file written, in bytes.
  public var byteCount: Int

  /// How long the output lasts, in seconds.
  public var durationSeconds: Double { Double(sampleCount) / Double(sampleRate) }
}
