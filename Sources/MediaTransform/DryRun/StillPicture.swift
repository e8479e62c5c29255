internal import CFFmpeg
internal import MediaProbe

/// A picture drawn into a placeholder: probed and decoded with the probe's guards, scaled
/// bicubically to a size (stretched, or first cropped, centred, to fill its aspect ratio),
/// turned upright as its EXIF orientation says, flattened onto white and held once as a
/// yuv420p frame.
enum StillPicture {
  /// The picture at `path` at exactly `width` × `height` (even sides), in the video range with
  /// the YUV matrix `colorspace`: scaled to it as the service's open code resizes (a picture
  /// of another shape is stretched), or with `crop` first cropped, centred, to its ratio.
  ///
  /// The crop is taken of the decoded frame before anything is converted (a view of its
  /// pixels), and the scale and the conversion to RGB are one libswscale pass, so only a
  /// picture of the output's size is ever turned in Swift. A large JPEG is decoded reduced
  /// (libavcodec's `lowres`) while the reduced picture is still at least the output's size.
  static func load(
    _ path: String, width: Int, height: Int, crop: Bool, colorspace: AVColorSpace,
    options: ProbeOptions
  ) throws(TransformError) -> Frame {
    let image: FirstImageFrame
    do {
      image = try FirstImageFrame(path: path, options: options) { info in
        reduction(info, width: width, height: height, crop: crop)
      }
    } catch {
      throw .input(error)
    }
    let exif = image.info.image?.orientation?.value ?? 1
    let swaps = (5...8).contains(exif)
    let bitmap = try image.withFrame { (frame) throws(TransformError) in
      let stored = (width: Int(frame.pointee.width), height: Int(frame.pointee.height))
      let box =
        crop
        ? storedCrop(of: stored, swaps: swaps, width: width, height: height)
        : PixelBox(x: 0, y: 0, width: stored.width, height: stored.height)
      let view = try PixelConversion.cropped(frame, to: box)
      let size = swaps ? (width: height, height: width) : (width: width, height: height)
      return try view.withFrame { (view) throws(TransformError) in
        try PixelConversion.bitmap(from: UnsafePointer(view), size: size, filter: .bicubic)
      }
    }
    let upright = bitmap.oriented(exif: exif).flattened(onto: .white)
    return try PixelConversion.videoFrame(of: upright, colorspace: colorspace)
  }

  /// The centred box of a picture stored `stored` that fills `width`:`height` once shown
  /// (turned a quarter when `swaps`), in the stored pixels: a centred box stays centred
  /// under any turn or mirror, so only its sides trade places.
  static func storedCrop(
    of stored: (width: Int, height: Int), swaps: Bool, width: Int, height: Int
  ) -> PixelBox {
    let shown = swaps ? (stored.height, stored.width) : (stored.width, stored.height)
    let box = PixelBox.centredCrop(
      width: shown.0, height: shown.1, ratioWidth: width, ratioHeight: height)
    guard swaps else { return box }
    return PixelBox(x: box.y, y: box.x, width: box.height, height: box.width)
  }

  /// The `lowres` to decode a JPEG at: the largest reduction (1/2, 1/4, 1/8 a side) that
  /// leaves the picture (or, with `crop`, its crop) at least `width` × `height`; 0 when none
  /// does.
  static func reduction(_ info: MediaInfo, width: Int, height: Int, crop: Bool) -> Int {
    guard let storedWidth = info.video?.width, let storedHeight = info.video?.height else {
      return 0
    }
    let swaps = (5...8).contains(info.image?.orientation?.value ?? 1)
    let shown = swaps ? (storedHeight, storedWidth) : (storedWidth, storedHeight)
    let box =
      crop
      ? PixelBox.centredCrop(
        width: shown.0, height: shown.1, ratioWidth: width, ratioHeight: height)
      : PixelBox(x: 0, y: 0, width: shown.0, height: shown.1)
    return (1...3).last { factor in
      let divisor = 1 << factor
      return (box.width + divisor - 1) / divisor >= width
        && (box.height + divisor - 1) / divisor >= height
    } ?? 0
  }
}
