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

  /// An EXIF orientation (1…8) and what it asks a viewer to do.
  public struct Orientation: Sendable, Codable, Equatable {
    /// The EXIF value, 1…8 (1 is upright).
    public var value: Int
    /// Where the value was found: `exif`, `xmp`, or `heif` (`irot`/`imir` properties).
    public var source: String
    /// Clockwise degrees a viewer turns the stored image.
    public var rotation: Int
    /// Whether a viewer also mirrors it.
    public var mirrored: Bool

    /// Creates the orientation for an EXIF value (1…8).
    public init(value: Int, source: String) {
      self.value = value
      self.source = source
      switch value {
      case 3, 4: rotation = 180
      case 5, 6: rotation = 90
      case 7, 8: rotation = 270
      default: rotation = 0
      }
      mirrored = [2, 4, 5, 7].contains(value)
    }

    /// Whether width and height trade places for display (values 5…8).
    public var swapsAxes: Bool { rotation == 90 || rotation == 270 }
  }
}
