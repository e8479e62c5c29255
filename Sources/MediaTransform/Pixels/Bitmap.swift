/// Packed 8-bit pixels, row after row without padding: RGB (3 channels) or RGBA (4).
///
/// The pure-Swift steps of the image pipeline (orientation, flattening, cropping and padding)
/// work on it; libswscale converts into and out of it.
struct Bitmap: Equatable {
  let width: Int
  let height: Int
  /// 3 (RGB) or 4 (RGBA, not premultiplied).
  let channels: Int
  var bytes: [UInt8]

  /// A bitmap of `width` × `height` filled with `fill` (one value per channel).
  init(width: Int, height: Int, fill: [UInt8]) {
    self.width = width
    self.height = height
    channels = fill.count
    var bytes = [UInt8]()
    bytes.reserveCapacity(width * height * fill.count)
    for _ in 0..<(width * height) { bytes.append(contentsOf: fill) }
    self.bytes = bytes
  }

  /// Wraps `bytes`, which must hold `width` × `height` × `channels` values.
  init(width: Int, height: Int, channels: Int, bytes: [UInt8]) {
    precondition(bytes.count == width * height * channels, "bitmap size")
    self.width = width
    self.height = height
    self.channels = channels
    self.bytes = bytes
  }

  /// The values of the pixel at column `x`, row `y`.
  func pixel(x: Int, y: Int) -> ArraySlice<UInt8> {
    let start = (y * width + x) * channels
    return bytes[start..<start + channels]
  }

  /// A bitmap of `width` × `height` whose pixel (x, y) is this one's pixel `source(x, y)`.
  func remapped(width: Int, height: Int, source: (Int, Int) -> (x: Int, y: Int)) -> Bitmap {
    var out = [UInt8](repeating: 0, count: width * height * channels)
    bytes.withUnsafeBufferPointer { input in
      out.withUnsafeMutableBufferPointer { output in
        var target = 0
        for y in 0..<height {
          for x in 0..<width {
            let (sourceX, sourceY) = source(x, y)
            let from = (sourceY * self.width + sourceX) * channels
            for channel in 0..<channels { output[target + channel] = input[from + channel] }
            target += channels
          }
        }
      }
    }
    return Bitmap(width: width, height: height, channels: channels, bytes: out)
  }

  /// The pixels as a viewer shows them for the EXIF orientation `value` (1…8; others are
  /// upright): rotated and mirrored, width and height swapped for 5…8.
  func oriented(exif value: Int) -> Bitmap {
    let (w, h) = (width, height)
    switch value {
    case 2: return remapped(width: w, height: h) { (w - 1 - $0, $1) }
    case 3: return remapped(width: w, height: h) { (w - 1 - $0, h - 1 - $1) }
    case 4: return remapped(width: w, height: h) { ($0, h - 1 - $1) }
    case 5: return remapped(width: h, height: w) { ($1, $0) }
    case 6: return remapped(width: h, height: w) { ($1, h - 1 - $0) }
    case 7: return remapped(width: h, height: w) { (w - 1 - $1, h - 1 - $0) }
    case 8: return remapped(width: h, height: w) { (w - 1 - $1, $0) }
    default: return self
    }
  }

  /// RGB pixels: RGBA composited over `background` (straight alpha, rounded); RGB unchanged.
  func flattened(onto background: ImageTransform.Color) -> Bitmap {
    guard channels == 4 else { return self }
    let back = [background.red, background.green, background.blue].map { UInt32($0) }
    var out = [UInt8](repeating: 0, count: width * height * 3)
    bytes.withUnsafeBufferPointer { input in
      out.withUnsafeMutableBufferPointer { output in
        for index in 0..<(width * height) {
          let alpha = UInt32(input[index * 4 + 3])
          for channel in 0..<3 {
            let value = UInt32(input[index * 4 + channel])
            output[index * 3 + channel] = UInt8(
              (value * alpha + back[channel] * (255 - alpha) + 127) / 255)
          }
        }
      }
    }
    return Bitmap(width: width, height: height, channels: 3, bytes: out)
  }

  /// The centred `width` × `height` part (each at most this bitmap's).
  func cropped(width: Int, height: Int) -> Bitmap {
    let left = (self.width - width) / 2
    let top = (self.height - height) / 2
    return remapped(width: width, height: height) { ($0 + left, $1 + top) }
  }

  /// This bitmap centred on a `width` × `height` canvas (each at least this bitmap's) of `fill`.
  func padded(width: Int, height: Int, fill: [UInt8]) -> Bitmap {
    var canvas = Bitmap(width: width, height: height, fill: fill)
    let left = (width - self.width) / 2
    let top = (height - self.height) / 2
    let row = self.width * channels
    for y in 0..<self.height {
      let to = ((y + top) * width + left) * channels
      canvas.bytes.replaceSubrange(to..<to + row, with: bytes[(y * row)..<(y * row + row)])
    }
    return canvas
  }
}

extension Bitmap {
  /// This bitmap with the edges of the rectangle at (`x`, `y`) of `width` × `height` painted
  /// `color`, `thickness` pixels wide, inward from the rectangle's border; the parts outside
  /// the bitmap are left out (``PixelBox/forEachOutlineRun(thickness:width:height:_:)``).
  func outlined(
    x: Int, y: Int, width boxWidth: Int, height boxHeight: Int, thickness: Int,
    color: [UInt8]
  ) -> Bitmap {
    var out = self
    let painted = min(channels, color.count)
    let box = PixelBox(x: x, y: y, width: boxWidth, height: boxHeight)
    out.bytes.withUnsafeMutableBufferPointer { pixels in
      box.forEachOutlineRun(thickness: thickness, width: width, height: height) { row, columns in
        for column in columns {
          let start = (row * width + column) * channels
          for channel in 0..<painted { pixels[start + channel] = color[channel] }
        }
      }
    }
    return out
  }

  /// This bitmap turned as `orientation` turns a picture plane.
  func turned(_ orientation: Orientation) -> Bitmap {
    let (w, h) = (width, height)
    let (outWidth, outHeight) = orientation.swapsSides ? (h, w) : (w, h)
    return remapped(width: outWidth, height: outHeight) { x, y in
      switch orientation {
      case .clockwise: (x: y, y: h - 1 - x)
      case .counterClockwise: (x: w - 1 - y, y: x)
      case .transpose: (x: y, y: x)
      case .antiTranspose: (x: w - 1 - y, y: h - 1 - x)
      case .halfTurn: (x: w - 1 - x, y: h - 1 - y)
      case .mirror: (x: w - 1 - x, y: y)
      case .flip: (x: x, y: h - 1 - y)
      }
    }
  }
}
