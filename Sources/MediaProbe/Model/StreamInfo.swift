/// One stream of a media file, as the probe read it.
public struct StreamInfo: Sendable, Codable, Equatable {
  /// The stream's index in the container.
  public var index: Int
  /// What the stream carries.
  public var kind: StreamKind
  /// The codec's short FFmpeg name (`h264`, `png`, `aac`, …); `none` when FFmpeg has none.
  public var codec: String
  /// The coded (stored) width in pixels, for pictures and video.
  public var width: Int?
  /// The coded (stored) height in pixels, for pictures and video.
  public var height: Int?
  /// The sample (pixel) aspect ratio; `nil` when unknown or square.
  public var sampleAspectRatio: Rational?
  /// The width a player shows: after the sample aspect ratio (video only) and rotation.
  public var displayWidth: Int?
  /// The height a player shows: after the sample aspect ratio (video only) and rotation.
  public var displayHeight: Int?
  /// The exact shape a player shows, in lowest terms: the coded size times the sample aspect
  /// ratio (video only), turned with the rotation. 800×640 with a sample aspect ratio of 64:45
  /// is `16:9`, where ``displayWidth`` can only say 1138 (1137.78 rounded).
  public var displayAspectRatio: Rational?
  /// Clockwise degrees (0, 90, 180 or 270) a player turns the stored picture for display,
  /// from a video's display matrix or an image's EXIF orientation.
  public var rotation: Int?
  /// Whether display also mirrors the picture.
  public var mirrored: Bool?
  /// FFmpeg's pixel format name (`yuv420p`, `rgba`, `pal8`, …), or `cmyk` for a four-component
  /// (CMYK or YCCK) JPEG, which FFmpeg decodes to `gbrap` or `yuva444p` with the K plane as
  /// alpha.
  public var pixelFormat: String?
  /// Bits per colour component, as stored: 12 for a 12-bit JPEG that FFmpeg decodes into
  /// 16-bit samples.
  public var bitDepth: Int?
  /// Whether the pixel format carries an alpha channel (never for `cmyk`).
  public var hasAlpha: Bool?
  /// The average frame rate in frames per second, when known.
  public var averageFrameRate: Double?
  /// Where ``averageFrameRate`` came from.
  public var frameRateSource: FrameRateSource?
  /// The number of frames, when the container states it.
  public var frameCount: Int?
  /// Audio samples per second.
  public var sampleRate: Int?
  /// Audio channels.
  public var channels: Int?
  /// The stream's own duration in seconds, when known.
  public var durationSeconds: Double?
  /// When the stream's first frame or sample is presented, in seconds on the file's timeline
  /// (after any edit list), when known; negative for audio priming that is cut.
  public var startSeconds: Double?

  /// Creates a stream description with only the always-known fields set.
  public init(index: Int, kind: StreamKind, codec: String) {
    self.index = index
    self.kind = kind
    self.codec = codec
  }

  enum CodingKeys: String, CodingKey {
    case index, kind, codec, width, height, rotation, mirrored, channels
    case sampleAspectRatio = "sample_aspect_ratio"
    case displayWidth = "display_width"
    case displayHeight = "display_height"
    case displayAspectRatio = "display_aspect_ratio"
    case pixelFormat = "pixel_format"
    case bitDepth = "bit_depth"
    case hasAlpha = "has_alpha"
    case averageFrameRate = "average_frame_rate"
    case frameRateSource = "frame_rate_source"
    case frameCount = "frame_count"
    case sampleRate = "sample_rate"
    case durationSeconds = "duration_seconds"
    case startSeconds = "start_seconds"
  }
}

/// Where a frame rate came from.
public enum FrameRateSource: String, Sendable, Codable {
  /// The container's own figure (FFmpeg's `avg_frame_rate`).
  case container
  /// Counted from the packets' timestamps, because the container's figure was missing or
  /// implausible (a Matroska file whose frames are 1 ms long by its header holds 30 frames in
  /// a second).
  case packets
}

/// What a stream carries.
public enum StreamKind: String, Sendable, Codable, CaseIterable {
  /// Moving pictures.
  case video
  /// Sound.
  case audio
  /// The picture of an image file.
  case image
  /// Cover art stored as a one-frame video stream (MP3, FLAC, M4A); not a video.
  case attachedPicture = "attached_picture"
  /// Subtitles.
  case subtitle
  /// Timed metadata or anything else that is not picture or sound.
  case data
}

/// An exact ratio of two integers, such as a sample aspect ratio of 64:45.
public struct Rational: Sendable, Codable, Equatable, CustomStringConvertible {
  /// The numerator.
  public var numerator: Int
  /// The denominator.
  public var denominator: Int

  /// Creates a ratio.
  public init(_ numerator: Int, _ denominator: Int) {
    self.numerator = numerator
    self.denominator = denominator
  }

  /// The ratio in lowest terms with a positive denominator; `nil` when either part is 0 or
  /// negative.
  public var reduced: Rational? {
    guard numerator > 0, denominator > 0 else { return nil }
    var (a, b) = (numerator, denominator)
    while b != 0 { (a, b) = (b, a % b) }
    return Rational(numerator / a, denominator / a)
  }

  /// The ratio as a floating-point number; 0 when the denominator is 0.
  public var value: Double {
    denominator == 0 ? 0 : Double(numerator) / Double(denominator)
  }

  /// `numerator:denominator`, as FFmpeg prints aspect ratios.
  public var description: String { "\(numerator):\(denominator)" }

  public init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    let parts = text.split(separator: ":")
    guard parts.count == 2, let num = Int(parts[0]), let den = Int(parts[1]) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "expected N:D, found \(text)"))
    }
    self.init(num, den)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}
