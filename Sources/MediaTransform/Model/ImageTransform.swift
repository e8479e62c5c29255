/// What to do to a picture, in order: bake in its orientation, flatten its alpha, scale it, fit
/// it to an aspect ratio, and encode it.
///
/// ```swift
/// let transform = ImageTransform(output: .jpeg(maxBytes: 500_000))
///   .scale(maxSide: 2000)
///   .fitAspect(width: 1, height: 1, .crop)
/// ```
///
/// A value: every method returns a changed copy.
public struct ImageTransform: Sendable, Equatable {
  /// Whether the EXIF orientation is applied to the pixels (the output never carries one).
  public var appliesOrientation: Bool
  /// The colour transparent pixels are flattened onto, and a padding's colour.
  public var background: Color
  /// The size to scale to, if any.
  public var scaling: Scaling?
  /// The aspect ratio to crop or pad to, if any.
  public var aspect: AspectFit?
  /// The filter libswscale scales with.
  public var filter: ScaleFilter
  /// The file format written.
  public var output: OutputFormat

  /// A transform that bakes in the orientation, flattens onto white and encodes `output`.
  public init(output: OutputFormat) {
    appliesOrientation = true
    background = .white
    scaling = nil
    aspect = nil
    filter = .lanczos
    self.output = output
  }

  /// Flattens alpha (and pads) onto `background` instead of white.
  public func flatten(background: Color) -> ImageTransform {
    var copy = self
    copy.background = background
    return copy
  }

  /// Scales down so that the longer side is at most `maxSide` pixels (never up).
  public func scale(maxSide: Int) -> ImageTransform {
    var copy = self
    copy.scaling = .maxSide(maxSide)
    return copy
  }

  /// Scales to exactly `width` × `height` pixels.
  public func scale(toWidth width: Int, height: Int) -> ImageTransform {
    var copy = self
    copy.scaling = .exact(width: width, height: height)
    return copy
  }

  /// Crops (centred) or pads (centred, with ``background``) to the ratio `width`:`height`.
  public func fitAspect(width: Int, height: Int, _ mode: AspectFit.Mode) -> ImageTransform {
    var copy = self
    copy.aspect = AspectFit(width: width, height: height, mode: mode)
    return copy
  }

  /// Keeps the stored pixels as they are, ignoring the orientation tag (which is still dropped).
  public func ignoringOrientation() -> ImageTransform {
    var copy = self
    copy.appliesOrientation = false
    return copy
  }

  /// An 8-bit RGB colour.
  public struct Color: Sendable, Equatable {
    /// Red, green and blue, 0…255.
    public var red, green, blue: UInt8

    /// Creates a colour.
    public init(red: UInt8, green: UInt8, blue: UInt8) {
      self.red = red
      self.green = green
      self.blue = blue
    }

    /// White, the default background.
    public static let white = Color(red: 255, green: 255, blue: 255)
    /// Black.
    public static let black = Color(red: 0, green: 0, blue: 0)
  }

  /// A target size.
  public enum Scaling: Sendable, Equatable {
    /// The longer side at most this many pixels, keeping the aspect ratio; smaller pictures stay.
    case maxSide(Int)
    /// Exactly this size.
    case exact(width: Int, height: Int)
  }

  /// An aspect ratio to reach, and how.
  public struct AspectFit: Sendable, Equatable {
    /// How a picture reaches the ratio.
    public enum Mode: String, Sendable, Equatable, CaseIterable {
      /// Cut the excess off both sides equally.
      case crop
      /// Add bands of the background colour to both sides equally.
      case pad
    }

    /// The ratio's width and height terms, e.g. 16 and 9.
    public var width, height: Int
    /// Crop or pad.
    public var mode: Mode

    /// Creates an aspect fit: `width`:`height` reached by `mode`.
    public init(width: Int, height: Int, mode: Mode) {
      (self.width, self.height, self.mode) = (width, height, mode)
    }
  }

  /// libswscale's scaling filter.
  public enum ScaleFilter: String, Sendable, Equatable, CaseIterable {
    /// Lanczos (sharpest; the default).
    case lanczos
    /// Bicubic.
    case bicubic
  }

  /// The file format written.
  public enum OutputFormat: Sendable, Equatable {
    /// JPEG (full-range 4:2:0) at the highest quality whose file has at most `maxBytes` bytes
    /// (the best quality when `nil`).
    case jpeg(maxBytes: Int?)
    /// PNG, 8-bit RGB without alpha.
    case png
  }
}
