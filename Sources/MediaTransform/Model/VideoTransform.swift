/// What to do to a clip: trim it, scale it, fit it to an aspect ratio, cap its bytes; always
/// written as MP4 (H.264 yuv420p via libx264, AAC audio, `moov` before `mdat`: faststart).
///
/// ```swift
/// let transform = VideoTransform().trim(toSeconds: 10).scale(toWidth: 1280, height: 720)
/// ```
///
/// A value: every method returns a changed copy. When nothing asks for new pixels (an H.264
/// yuv420p clip with AAC or no sound, no scale, aspect or rotation to bake, a trim that is safe
/// to cut without decoding), the streams are copied rather than re-encoded.
public struct VideoTransform: Sendable, Equatable {
  /// The longest the output may last: only frames that start before it are kept.
  public var maxSeconds: Double?
  /// The exact output size (even numbers), if any.
  var size: (width: Int, height: Int)? {
    get { scaleWidth.flatMap { width in scaleHeight.map { (width, $0) } } }
    set { (scaleWidth, scaleHeight) = (newValue?.width, newValue?.height) }
  }
  /// The output width asked by ``scale(toWidth:height:)``.
  public var scaleWidth: Int?
  /// The output height asked by ``scale(toWidth:height:)``.
  public var scaleHeight: Int?
  /// The aspect ratio to crop or pad (black) to, after scaling, if any.
  public var aspect: ImageTransform.AspectFit?
  /// The most bytes the file may have; a bit rate is chosen to fit.
  public var maxBytes: Int?
  /// libx264's preset, e.g. `medium`.
  public var presetName: String
  /// libx264's constant rate factor (0…51; lower is better), unless ``maxBytes`` is set.
  public var crf: Int
  /// Whether the display matrix (rotation, mirror) is baked into the pixels on re-encode.
  public var appliesRotation: Bool
  /// Whether the streams are re-encoded even when they could be copied.
  public var reencodes: Bool

  /// The x264 presets libx264 knows.
  public static let presets = [
    "ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower",
    "veryslow", "placebo",
  ]

  /// A transform that keeps everything, re-encoding only if needed.
  public init() {
    presetName = "medium"
    crf = 20
    appliesRotation = true
    reencodes = false
  }

  /// Keeps only the frames whose presentation time (from the first frame) is before `seconds`.
  public func trim(toSeconds seconds: Double) -> VideoTransform {
    var copy = self
    copy.maxSeconds = seconds
    return copy
  }

  /// Scales to exactly `width` × `height` pixels (both even).
  public func scale(toWidth width: Int, height: Int) -> VideoTransform {
    var copy = self
    copy.size = (width, height)
    return copy
  }

  /// Crops (centred) or pads (centred, black) to the ratio `width`:`height`, after scaling.
  public func fitAspect(
    width: Int, height: Int, _ mode: ImageTransform.AspectFit.Mode
  ) -> VideoTransform {
    var copy = self
    copy.aspect = ImageTransform.AspectFit(width: width, height: height, mode: mode)
    return copy
  }

  /// Picks an average bit rate so that the file has at most `maxBytes` bytes.
  public func limitBytes(_ maxBytes: Int) -> VideoTransform {
    var copy = self
    copy.maxBytes = maxBytes
    return copy
  }

  /// Encodes with the x264 preset `name` (one of ``presets``).
  public func preset(_ name: String) -> VideoTransform {
    var copy = self
    copy.presetName = name
    return copy
  }

  /// Encodes at the constant rate factor `crf` (0…51).
  public func quality(crf: Int) -> VideoTransform {
    var copy = self
    copy.crf = crf
    return copy
  }

  /// Keeps the stored pixels as they are and the display matrix with them.
  public func ignoringRotation() -> VideoTransform {
    var copy = self
    copy.appliesRotation = false
    return copy
  }

  /// Re-encodes even when the streams could be copied.
  public func forcingReencode() -> VideoTransform {
    var copy = self
    copy.reencodes = true
    return copy
  }

  /// Why the transform cannot run, if it cannot.
  var problem: String? {
    if let maxSeconds, !(maxSeconds > 0 && maxSeconds <= 86_400) {
      return "trim to \(maxSeconds) s (allowed: more than 0, at most 86400)"
    }
    if let size {
      let valid = 2...16384
      guard valid.contains(size.width), valid.contains(size.height),
        size.width % 2 == 0, size.height % 2 == 0
      else { return "size \(size.width)x\(size.height) (even sizes 2…16384)" }
    }
    if let aspect, !(1...16384).contains(aspect.width) || !(1...16384).contains(aspect.height) {
      return "aspect \(aspect.width):\(aspect.height) (each term 1…16384)"
    }
    if let maxBytes, maxBytes <= 0 { return "byte cap \(maxBytes) (allowed: more than 0)" }
    if !Self.presets.contains(presetName) {
      return "preset \(presetName) (allowed: \(Self.presets.joined(separator: ", ")))"
    }
    if !(0...51).contains(crf) { return "crf \(crf) (allowed: 0…51)" }
    return nil
  }
}

/// How far a transform has come.
public struct TransformProgress: Sendable, Equatable {
  /// Seconds of the output encoded (or copied) so far.
  public var secondsDone: Double
  /// Seconds the output will last.
  public var secondsTotal: Double
  /// ``secondsDone`` over ``secondsTotal``, 0…1.
  public var fraction: Double

  /// Creates a progress report; the fraction is clamped to 0…1.
  public init(secondsDone: Double, secondsTotal: Double) {
    self.secondsDone = secondsDone
    self.secondsTotal = secondsTotal
    fraction = secondsTotal > 0 ? min(max(secondsDone / secondsTotal, 0), 1) : 0
  }
}

/// What a video transform wrote.
public struct VideoTransformResult: Sendable, Equatable {
  /// The file written.
  public var path: String
  /// The output's width in pixels.
  public var width: Int
  /// The output's height in pixels.
  public var height: Int
  /// FFmpeg's name of the video codec: `h264`.
  public var videoCodec: String
  /// FFmpeg's name of the pixel format: `yuv420p`.
  public var pixelFormat: String
  /// Video frames written.
  public var frameCount: Int
  /// How long the video lasts: the end of its last frame, in seconds.
  public var durationSeconds: Double
  /// FFmpeg's name of the audio codec (`aac`), `nil` when the source has no sound.
  public var audioCodec: String?
  /// The size of the file written, in bytes.
  public var byteCount: Int
  /// Whether the streams were copied without decoding.
  public var streamCopied: Bool
  /// Whether the file's `moov` box comes before its `mdat` box.
  public var faststart: Bool

  /// Creates a result.
  public init(
    path: String, width: Int, height: Int, videoCodec: String, pixelFormat: String,
    frameCount: Int, durationSeconds: Double, audioCodec: String?, byteCount: Int,
    streamCopied: Bool, faststart: Bool
  ) {
    self.path = path
    self.width = width
    self.height = height
    self.videoCodec = videoCodec
    self.pixelFormat = pixelFormat
    self.frameCount = frameCount
    self.durationSeconds = durationSeconds
    self.audioCodec = audioCodec
    self.byteCount = byteCount
    self.streamCopied = streamCopied
    self.faststart = faststart
  }
}
