public import MediaProbe

/// Transforms sound files with FFmpeg's libraries: decodes the main audio stream with the
/// probe's guards, resamples it with libswresample to signed 16-bit samples, trims it or pads it
/// with silence, and writes a WAV (s16) or MP3 (libmp3lame) file atomically.
///
/// ```swift
/// let result = try AudioTransformer().transform(
///   "voice.m4a", AudioTransform(output: .wav).trim(toSeconds: 30), to: "out/voice.wav")
/// ```
///
/// The input is opened once, read-only, and probed like ``Prober`` probes it; what the probe
/// refuses is refused with its error. The output goes to a temporary file beside the
/// destination, renamed into place; the destination is never the source.
public struct AudioTransformer: Sendable {
  /// Reads the sound at `source`, applies `transform` and writes the result to `destination`.
  ///
  /// - Returns: The output's codec, rate, channels, length and byte count.
  /// - Throws: ``TransformError/input(_:)`` with the probe's error for an input the probe
  ///   refuses (``ProbeError/Reason/noMediaStream`` for one without sound);
  ///   ``TransformError/destinationIsSource(_:)`` when `destination` is `source`.
  public func transform(
    _ source: String, _ transform: AudioTransform, to destination: String
  ) throws(TransformError) -> AudioTransformResult {
    try OutputGuard.begin(problem: transform.problem, source: source, destination: destination)
    let frames: AudioFrames
    do {
      frames = try AudioFrames(path: source, options: options)
    } catch {
      throw .input(error)
    }
    var decoded = try Self.decode(frames, transform)
    let rate = decoded.sampleRate
    if let minSeconds = transform.minSeconds {
      let wanted = Int((minSeconds * Double(rate)).rounded(.up)) * decoded.channels
      if decoded.samples.count < wanted {
        decoded.samples += [Int16](repeating: 0, count: wanted - decoded.samples.count)
      }
    }
    let (codec, bytes): (String, [UInt8])
    switch transform.output {
    case .wav:
      codec = "pcm_s16le"
      bytes = WaveFile.bytes(samples: decoded.samples, sampleRate: rate, channels: decoded.channels)
    case .mp3(let bitRate):
      codec = "mp3"
      bytes = try Mp3Encoding.bytes(
        samples: decoded.samples, sampleRate: rate, channels: decoded.channels, bitRate: bitRate)
    }
    try OutputGuard.write(bytes, source: source, destination: destination)
    return AudioTransformResult(
      path: destination, codec: codec, sampleRate: rate, channels: decoded.channels,
      sampleCount: decoded.samples.count / decoded.channels, byteCount: bytes.count)
  }

  /// The limits the input is probed and decoded with.
  public var options: ProbeOptions

  /// Creates a transformer whose inputs are probed and decoded with `options`.
  public init(options: ProbeOptions = ProbeOptions()) { self.options = options }

  /// Interleaved s16 samples, their rate and channel count.
  private struct Samples {
    var samples: [Int16] = []
    var sampleRate = 0
    var channels = 0
  }

  /// Decodes and resamples the stream, stopping once `transform`'s trim is reached.
  private static func decode(
    _ frames: AudioFrames, _ transform: AudioTransform
  ) throws(TransformError) -> Samples {
    var out = Samples()
    var resampler: Resampler?
    var limit = Int.max
    let outcome: Result<Void, TransformError>
    do {
      outcome = try frames.forEachFrame { (frame) throws(TransformError) -> Bool in
        if resampler == nil {
          out.sampleRate = transform.sampleRate ?? Int(frame.pointee.sample_rate)
          out.channels = transform.channels ?? min(2, Int(frame.pointee.ch_layout.nb_channels))
          resampler = try Resampler(like: frame, sampleRate: out.sampleRate, channels: out.channels)
          if let maxSeconds = transform.maxSeconds {
            limit = Int((maxSeconds * Double(out.sampleRate)).rounded()) * out.channels
          }
        }
        out.samples += try resampler?.convert(frame) ?? []
        return out.samples.count < limit
      }
    } catch {
      throw .input(error)
    }
    try outcome.get()
    guard let resampler else {
      throw .input(ProbeError(path: frames.info.path, reason: .emptyStream))
    }
    if out.samples.count < limit { out.samples += try resampler.flush() }
    if out.samples.count > limit { out.samples.removeLast(out.samples.count - limit) }
    return out
  }
}
