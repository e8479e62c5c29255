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
  /// Clockwise degrees (0, 90, 180 or 270) a player turns the stored picture for display,
  /// from a video's display matrix or an image's EXIF orientation.
  public var rotation: Int?
  /// Whether display also mirrors the picture.
  public var mirrored: Bool?
  /// FFmpeg's pixel format name (`yuv420p`, `rgba`, `pal8`, …).
  public var pixelFormat: String?
  /// Bits per colour component.
  public var bitDepth: Int?
  /// Whether the pixel format carries an alpha channel.
  public var hasAlpha: Bool?
  /// The average frame rate in frames per second, when known.
  public var averageFrameRate: Double?
  /// The number of frames, when the container states it.
  public var frameCount: Int?
  /// Audio samples per second.
  public var sampleRate: Int?
  /// Audio channels.
  public var channels: Int?
  /// The stream's own duration in seconds, when known.
  public var durationSeconds: Double?

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
    case pixelFormat = "pixel_format"
    case bitDepth = "bit_depth"
    case hasAlpha = "has_alpha"
    case averageFrameRate = "average_frame_rate"
    case frameCount = "frame_count"
    case sampleRate = "sample_rate"
    case durationSeconds = "duration_seconds"
  }
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
