/// Facts that only image files have.
public struct ImageDetails: Sendable, Codable, Equatable {
  /// The orientation stored in the file's EXIF (or XMP) metadata, or an AVIF's `irot` and
  /// `imir` properties as the EXIF value that asks for the same, if any.
  public var orientation: Orientation?
  /// Whether the file holds more than one frame (animated GIF, APNG, animated WebP).
  public var animated: Bool
  /// The number of frames when the file states it.
  public var frameCount: Int?
  /// Whether any pixel of the first frame is not fully opaque; `nil` when the pixel format has
  /// no alpha channel.
  public var hasTransparentPixels: Bool?

  /// Creates image details.
  public init(
    orientation: Orientation?, animated: Bool, frameCount: Int?, hasTransparentPixels: Bool?
  ) {
    self.orientation = orientation
    self.animated = animated
    self.frameCount = frameCount
    self.hasTransparentPixels = hasTransparentPixels
  }

  enum CodingKeys: String, CodingKey {
    case orientation, animated
    case frameCount = "frame_count"
    case hasTransparentPixels = "has_transparent_pixels"
  }

  /// Where an image's orientation was found.
  public enum OrientationSource: String, Sendable, Codable, CaseIterable {
    /// The EXIF `Orientation` tag (in a JPEG's APP1, a PNG's `eXIf` or raw-profile text, a
    /// WebP's `EXIF` chunk).
    case exif
    /// XMP's `tiff:Orientation` property.
    case xmp
    /// An AVIF or HEIF's `irot` and `imir` properties, as the EXIF value that asks for the same.
    case heif
  }

  /// An EXIF orientation (1…8) and what it asks a viewer to do.
  ///
  /// Only ``value`` and ``source`` are stored; ``rotation`` and ``mirrored`` follow from the
  /// value (and are written to JSON beside it).
  public struct Orientation: Sendable, Codable, Equatable {
    /// The EXIF value, 1…8 (1 is upright).
    public var value: Int
    /// Where the value was found.
    public var source: OrientationSource

    /// Creates the orientation for an EXIF value (1…8).
    public init(value: Int, source: OrientationSource) {
      self.value = value
      self.source = source
    }

    /// Clockwise degrees a viewer turns the stored image.
    public var rotation: Int {
      switch value {
      case 3, 4: 180
      case 5, 6: 90
      case 7, 8: 270
      default: 0
      }
    }

    /// Whether a viewer also mirrors it.
    public var mirrored: Bool { [2, 4, 5, 7].contains(value) }

    /// Whether width and height trade places for display (values 5…8).
    public var swapsAxes: Bool { rotation == 90 || rotation == 270 }

    enum CodingKeys: String, CodingKey { case value, source, rotation, mirrored }

    /// Reads `value` and `source`; `rotation` and `mirrored`, if present, are implied by them.
    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      value = try container.decode(Int.self, forKey: .value)
      source = try container.decode(OrientationSource.self, forKey: .source)
    }

    /// Writes `value`, `source`, `rotation` and `mirrored`.
    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(value, forKey: .value)
      try container.encode(source, forKey: .source)
      try container.encode(rotation, forKey: .rotation)
      try container.encode(mirrored, forKey: .mirrored)
    }
  }
}
