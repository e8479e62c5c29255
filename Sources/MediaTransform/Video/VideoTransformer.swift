internal import CFFmpeg
public import MediaProbe

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Transforms clips with FFmpeg's libraries into MP4 (H.264 yuv420p, AAC, faststart): copies
/// the streams when nothing needs decoding, else decodes frame by frame with the probe's guards,
/// turns, scales (libswscale, Lanczos), crops or pads, and encodes with libx264 and FFmpeg's
/// native `aac` encoder.
///
/// ```swift
/// let result = try VideoTransformer().transform(
///   "clip.mov", VideoTransform().trim(toSeconds: 10), to: "out/clip.mp4")
/// ```
///
/// The input is opened once, read-only, and probed like ``Prober`` probes it; what the probe
/// refuses is refused with its error before anything is written. The probe runs under
/// ``ProbeOptions/timeLimitSeconds``; the transform itself under that plus 3 s a second of
/// 720p output (at most 600 s). The output goes to a
/// temporary file beside the destination, renamed into place; the destination is never the
/// source, and a failure leaves no file behind.
public struct VideoTransformer: Sendable {
  /// The limits the input is probed and decoded with.
  public var options: ProbeOptions

  /// Creates a transformer whose inputs are probed and decoded with `options`.
  public init(options: ProbeOptions = ProbeOptions()) { self.options = options }

  /// Reads the clip at `source`, applies `transform` and writes an MP4 to `destination`,
  /// calling `progress` (at most about ten times a second) with the seconds done.
  ///
  /// - Returns: The output's size, codecs, frame count, duration and byte count, and whether
  ///   the streams were copied.
  /// - Throws: ``TransformError/input(_:)`` with the probe's error for an input the probe
  ///   refuses (``ProbeError/Reason/noMediaStream`` for one without moving pictures);
  ///   ``TransformError/invalidTransform(_:)``; ``TransformError/destinationIsSource(_:)``;
  ///   ``TransformError/cannotFit(maxBytes:smallest:)`` when even the chosen bit rate gives a
  ///   larger file.
  public func transform(
    _ source: String, _ transform: VideoTransform, to destination: String,
    progress: (@Sendable (TransformProgress) -> Void)? = nil
  ) throws(TransformError) -> VideoTransformResult {
    try OutputGuard.begin(problem: transform.problem, source: source, destination: destination)
    var demux = try open(source, transform)
    let plan = VideoPlan(demux, transform)
    let sides = 2...16384
    guard sides.contains(plan.outputWidth), sides.contains(plan.outputHeight) else {
      throw .invalidTransform(
        "output size \(plan.outputWidth)x\(plan.outputHeight) (each side 2…16384)")
    }
    let file = try AtomicFile(destination: destination)
    var written: VideoWriter.Written
    if plan.copies {
      written = try VideoWriter.copy(demux, plan, to: file.temporaryPath, progress: progress)
    } else {
      var rate = plan.rateControl
      written = try VideoWriter.reencode(
        demux, plan, rate: rate, to: file.temporaryPath, progress: progress)
      if let maxBytes = transform.maxBytes, written.byteCount > maxBytes,
        case .average(let bitRate) = rate
      {
        // One more try, the rate brought down by how far the first one missed (and a margin).
        let ratio = Double(maxBytes) / Double(written.byteCount)
        rate = .average(bitRate: max(1000, Int(Double(bitRate) * ratio * 0.9)))
        demux = try open(source, transform)
        written = try VideoWriter.reencode(
          demux, plan, rate: rate, to: file.temporaryPath, progress: progress)
      }
    }
    if let maxBytes = transform.maxBytes, written.byteCount > maxBytes {
      throw .cannotFit(maxBytes: maxBytes, smallest: written.byteCount)
    }
    let faststart = Mp4Boxes.moovBeforeMdat(file.temporaryPath)
    try DestinationGuard.check(source: source, destination: destination)
    try file.commit()
    return VideoTransformResult(
      path: destination, width: plan.outputWidth, height: plan.outputHeight, videoCodec: "h264",
      pixelFormat: "yuv420p", frameCount: written.frameCount,
      durationSeconds: written.durationSeconds, audioCodec: plan.hasAudio ? "aac" : nil,
      byteCount: written.byteCount, streamCopied: plan.copies, faststart: faststart)
  }

  private func open(
    _ source: String, _ transform: VideoTransform
  ) throws(TransformError) -> VideoDemux {
    let limit = options.timeLimitSeconds
    do {
      return try VideoDemux(path: source, options: options) { info in
        Self.decodeSeconds(info, transform, probeLimit: limit)
      }
    } catch {
      throw .input(error)
    }
  }

  /// The deadline for reading, decoding and encoding a clip the probe accepted: the probe's
  /// limit, plus 3 s for every second of output at 1280x720 (scaled by the larger of the
  /// source's and the output's pixels), at most 600 s.
  static func decodeSeconds(
    _ info: MediaInfo, _ transform: VideoTransform, probeLimit: Double
  ) -> Double {
    let length = min(info.presentedSeconds ?? 0, transform.maxSeconds ?? .infinity)
    let source = Double(info.video?.width ?? 0) * Double(info.video?.height ?? 0)
    let output = Double(transform.size.map { $0.width * $0.height } ?? 0)
    let scale = max(source, output, 1) / (1280 * 720)
    let allowance = length.isFinite && length > 0 ? length * max(scale, 0.25) * 3 : 0
    return min(probeLimit + allowance, max(probeLimit, 600))
  }
}

/// What a transform will do to one clip: copy or re-encode, and the sizes and rates.
struct VideoPlan {
  /// The transform asked for.
  let transform: VideoTransform
  /// Whether the streams are copied.
  let copies: Bool
  /// Whether the output has sound.
  let hasAudio: Bool
  /// The turn baked into the pixels, if any.
  let orientation: Orientation?
  /// The even size the decoded picture is first brought to (before turning).
  let storedWidth, storedHeight: Int
  /// The size after turning and scaling, before the aspect fit.
  let scaledWidth, scaledHeight: Int
  /// The output's size.
  let outputWidth, outputHeight: Int
  /// The colour matrix the output is tagged with (and libswscale reads with).
  let colorspace: AVColorSpace
  /// The video stream's facts.
  let video: VideoDemux.Facts
  /// The audio stream's facts, if it has sound.
  let audio: VideoDemux.Facts?
  /// How long the output lasts, as far as the probe can tell, in seconds.
  let expectedSeconds: Double
  /// The audio encoder's sample rate and channel count.
  let audioRate, audioChannels: Int
  /// The most seconds of sound kept: the trim, or the audio stream's own stated length (its
  /// decoder also gives the padding an edit list hides).
  let audioSeconds: Double?
  /// The frame rate: the container's, or the probe's count from the timestamps when the
  /// container's is missing or implausible (then packet durations are not trusted either).
  let frameRate: AVRational
  /// Whether the packets' own durations are wrong (the probe counted the rate itself).
  let distrustsDurations: Bool
  /// The sample aspect ratio the output keeps (the source's, turned with the picture) when its
  /// size is the source's; `nil` for square pixels.
  let sampleAspectRatio: AVRational?

  /// The sample rates the AAC encoder takes.
  static let aacRates = [
    96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350,
  ]

  /// AAC's bit rate, bits a second.
  static let audioBitRate = 128_000

  init(_ demux: VideoDemux, _ transform: VideoTransform) {
    self.transform = transform
    video = demux.facts(of: demux.videoIndex)
    audio = demux.audioIndex.map { demux.facts(of: $0) }
    hasAudio = audio != nil
    let info = demux.info
    let stream = info.video
    let (width, height) = (stream?.width ?? 2, stream?.height ?? 2)
    let turn = transform.appliesRotation ? video.displayMatrix.flatMap(Orientation.of) : nil
    orientation = turn
    (storedWidth, storedHeight) = (max(2, width / 2 * 2), max(2, height / 2 * 2))
    let turned =
      turn?.swapsSides == true ? (storedHeight, storedWidth) : (storedWidth, storedHeight)
    let scaled = transform.size ?? turned
    (scaledWidth, scaledHeight) = scaled
    var output = scaled
    if let aspect = transform.aspect {
      let fitted = Geometry.fitted(width: scaled.0, height: scaled.1, aspect)
      output =
        aspect.mode == .crop
        ? (max(2, fitted.width / 2 * 2), max(2, fitted.height / 2 * 2))
        : ((fitted.width + 1) / 2 * 2, (fitted.height + 1) / 2 * 2)
    }
    (outputWidth, outputHeight) = output
    let tagged = demux.withParameters(of: demux.videoIndex) { $0?.pointee.color_space }
    colorspace =
      tagged == AVCOL_SPC_BT709 || (tagged == AVCOL_SPC_UNSPECIFIED && height >= 720)
      ? AVCOL_SPC_BT709 : AVCOL_SPC_SMPTE170M
    let sourceRate = info.audio?.sampleRate ?? 48000
    audioRate = Self.aacRates.contains(sourceRate) ? sourceRate : 48000
    audioChannels = min(2, max(1, info.audio?.channels ?? 2))
    let measured = stream?.frameRateSource == .packets ? stream?.averageFrameRate : nil
    if let measured, measured > 0, measured.isFinite {
      frameRate = av_d2q(measured, 100_000)
      distrustsDurations = true
    } else {
      frameRate = video.frameRate ?? AVRational(num: 25, den: 1)
      distrustsDurations = false
    }
    let sar = stream?.sampleAspectRatio
    if let sar, transform.size == nil, transform.aspect == nil, sar.numerator > 0,
      sar.denominator > 0, let num = Int32(exactly: sar.numerator),
      let den = Int32(exactly: sar.denominator)
    {
      sampleAspectRatio =
        turn?.swapsSides == true ? AVRational(num: den, den: num) : AVRational(num: num, den: den)
    } else {
      sampleAspectRatio = nil
    }
    let soundLength = info.audio?.durationSeconds
    audioSeconds = [transform.maxSeconds, soundLength].compactMap { $0 }.min()
    let length = info.presentedSeconds ?? info.durationSeconds ?? 0
    expectedSeconds = min(length, transform.maxSeconds ?? .infinity)
    let sizeKept = output == (width, height) && scaled == (width, height)
    copies =
      !transform.reencodes && transform.maxBytes == nil && sizeKept && turn == nil
      && stream?.codec == "h264" && stream?.pixelFormat == "yuv420p"
      && (info.audio == nil || info.audio?.codec == "aac")
      && (transform.maxSeconds == nil || video.reorderDelay == 0)
  }

  /// The video encoder's rate control: the CRF, or for a byte cap an average bit rate that
  /// leaves room for the sound (128 kb/s) and the container (4 % and 16 KiB).
  var rateControl: EncoderContext.RateControl {
    guard let maxBytes = transform.maxBytes else { return .crf(transform.crf) }
    let seconds = max(expectedSeconds, 0.1)
    let budget = Double(maxBytes) * 8 * 0.96 - 16_384 * 8
    let sound = hasAudio ? Double(Self.audioBitRate) * seconds : 0
    let rate = (budget - sound) / seconds
    return .average(bitRate: Int(min(max(rate, 1000), 100_000_000)))
  }

  /// The video frame duration in the video time base (at least 1).
  var frameDuration: Int64 {
    max(1, av_rescale_q(1, AVRational(num: frameRate.den, den: frameRate.num), video.timeBase))
  }
}

/// The order of an MP4's top-level boxes, read from its bytes.
enum Mp4Boxes {
  /// Whether the file at `path` has its `moov` box before its `mdat` box.
  static func moovBeforeMdat(_ path: String) -> Bool {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    var offset = off_t(0)
    var header = [UInt8](repeating: 0, count: 16)
    for _ in 0..<64 {
      let count = header.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, 16, offset) }
      guard count >= 8 else { return false }
      let size32 = header[0..<4].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
      let type = String(decoding: header[4..<8], as: UTF8.self)
      if type == "moov" { return true }
      if type == "mdat" { return false }
      var size = size32
      if size32 == 1 {
        guard count >= 16 else { return false }
        size = header[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
      }
      guard size >= 8, size < UInt64(off_t.max) else { return false }
      let (next, overflow) = offset.addingReportingOverflow(off_t(size))
      guard !overflow else { return false }
      offset = next
    }
    return false
  }
}
