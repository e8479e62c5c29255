/// A picture rendered for a preview: PNG bytes (8-bit RGB) and their size.
public struct RenderedPicture: Sendable, Equatable {
  /// The PNG file's bytes.
  public var png: [UInt8]
  /// The picture's width in pixels.
  public var width: Int
  /// The picture's height in pixels.
  public var height: Int

  /// Creates a rendered picture.
  public init(png: [UInt8], width: Int, height: Int) {
    self.png = png
    self.width = width
    self.height = height
  }
}

/// A rectangle of a picture, in pixels from its top-left corner.
public struct PixelBox: Sendable, Equatable, Codable {
  /// The left edge.
  public var x: Int
  /// The top edge.
  public var y: Int
  /// The width.
  public var width: Int
  /// The height.
  public var height: Int

  /// Creates a box.
  public init(x: Int, y: Int, width: Int, height: Int) {
    (self.x, self.y, self.width, self.height) = (x, y, width, height)
  }

  /// The centred box of the largest `ratioWidth`:`ratioHeight` part of a `width` × `height`
  /// picture (the other side rounded), as a centred crop cuts it.
  public static func centredCrop(
    width: Int, height: Int, ratioWidth: Int, ratioHeight: Int
  ) -> PixelBox {
    let size = Geometry.fitted(
      width: width, height: height,
      ImageTransform.AspectFit(width: ratioWidth, height: ratioHeight, mode: .crop))
    return PixelBox(
      x: (width - size.width) / 2, y: (height - size.height) / 2, width: size.width,
      height: size.height)
  }

  /// Calls `paint` with each run of pixels (a row and its columns) of this box's edges,
  /// `thickness` pixels wide inward from its border, within a `width` × `height` picture: an
  /// edge row across, any other row in its left and right strips; the parts outside are left
  /// out.
  func forEachOutlineRun(
    thickness: Int, width: Int, height: Int, _ paint: (_ row: Int, _ columns: Range<Int>) -> Void
  ) {
    let left = max(0, x)
    let top = max(0, y)
    let right = min(width, x + self.width)
    let bottom = min(height, y + self.height)
    guard left < right, top < bottom, thickness > 0 else { return }
    let leftStrip = left..<min(right, max(left, x + thickness))
    let rightStrip = max(left, min(right, x + self.width - thickness))..<right
    for row in top..<bottom {
      if row < y + thickness || row >= y + self.height - thickness {
        paint(row, left..<right)
      } else {
        paint(row, leftStrip)
        paint(row, rightStrip)
      }
    }
  }
}

/// A picture fitted to an output size by a centred crop, and the original with the part that
/// survives the crop outlined.
public struct FittedPicture: Sendable, Equatable {
  /// The crop scaled to the output size.
  public var fitted: RenderedPicture
  /// The original (oriented) picture with ``crop`` outlined, at the scale the fitted picture is
  /// cut from: the original's own size when the crop is no larger than the output, else scaled
  /// down so that the crop is the output's size.
  public var outlined: RenderedPicture
  /// The part of the original that survives, in the original's (oriented) pixels.
  public var crop: PixelBox

  /// Creates a fitted picture.
  public init(fitted: RenderedPicture, outlined: RenderedPicture, crop: PixelBox) {
    (self.fitted, self.outlined, self.crop) = (fitted, outlined, crop)
  }
}

/// A clip's first and last decoded frames, turned upright and rendered at an output size.
public struct ClipFrames: Sendable, Equatable {
  /// The first decoded frame.
  public var first: RenderedPicture
  /// The last decoded frame.
  public var last: RenderedPicture
  /// How many video frames were decoded.
  public var frameCount: Int

  /// Creates the pair.
  public init(first: RenderedPicture, last: RenderedPicture, frameCount: Int) {
    (self.first, self.last, self.frameCount) = (first, last, frameCount)
  }
}

/// A sound's outline for drawing: the lowest and highest sample of each of N equal runs of the
/// decoded (mono-mixed) samples, as fractions of full scale (−1…1).
public struct Waveform: Sendable, Equatable {
  /// One run's extremes.
  public struct Peak: Sendable, Equatable {
    /// The lowest sample, −1…1.
    public var low: Double
    /// The highest sample, −1…1.
    public var high: Double

    /// Creates a peak.
    public init(low: Double, high: Double) { (self.low, self.high) = (low, high) }
  }

  /// The peaks in time order (fewer than asked when there are fewer samples).
  public var peaks: [Peak]
  /// The decoded sample rate.
  public var sampleRate: Int
  /// The decoded samples per channel.
  public var sampleCount: Int

  /// The decoded length in seconds.
  public var seconds: Double { sampleRate > 0 ? Double(sampleCount) / Double(sampleRate) : 0 }

  /// Creates a waveform.
  public init(peaks: [Peak], sampleRate: Int, sampleCount: Int) {
    (self.peaks, self.sampleRate, self.sampleCount) = (peaks, sampleRate, sampleCount)
  }
}

/// A size to draw a picture at, and whether it is turned upright first.
public struct PictureSize: Sendable, Equatable {
  /// Pixels across.
  public var width: Int
  /// Pixels down.
  public var height: Int
  /// Whether EXIF orientation or the display matrix is applied (`false`: the stored pixels).
  public var upright: Bool

  /// Creates a size.
  public init(width: Int, height: Int, upright: Bool = true) {
    (self.width, self.height, self.upright) = (width, height, upright)
  }
}
