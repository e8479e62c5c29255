internal import CFFmpeg
internal import MediaProbe

/// Encodes an RGB ``Bitmap`` as a JPEG or PNG file's bytes.
enum ImageEncoding {
  /// A picture file's bytes and how they were encoded.
  struct Encoded {
    var bytes: [UInt8]
    /// FFmpeg's name of the pixel format encoded.
    var pixelFormat: String
    /// The JPEG quantiser scale used.
    var qscale: Int?
  }

  /// The best JPEG quantiser scale (FFmpeg's `-q:v 2`) and the worst.
  static let qscales = 2...31

  /// `bitmap` (RGB) as `format`: PNG rgb24; JPEG yuvj420p at the best quality (lowest
  /// quantiser scale) whose file has at most the cap's bytes. `pngCompression` is zlib's level
  /// for PNG (FFmpeg's default when `nil`; 1 for a quick preview).
  static func encode(
    _ bitmap: Bitmap, as format: ImageTransform.OutputFormat, pngCompression: Int? = nil
  ) throws(TransformError) -> Encoded {
    switch format {
    case .png:
      let frame = try PixelConversion.frame(of: bitmap, format: AV_PIX_FMT_RGB24)
      let encoder = try EncoderContext(
        name: "png", width: bitmap.width, height: bitmap.height, format: AV_PIX_FMT_RGB24,
        compressionLevel: pngCompression)
      return Encoded(bytes: try encoder.encode(frame), pixelFormat: "rgb24", qscale: nil)
    case .jpeg(let maxBytes):
      let frame = try PixelConversion.frame(of: bitmap, format: AV_PIX_FMT_YUVJ420P)
      let (qscale, bytes) = try search(maxBytes: maxBytes) { (qscale) throws(TransformError) in
        try jpeg(frame, width: bitmap.width, height: bitmap.height, qscale: qscale)
      }
      return Encoded(bytes: bytes, pixelFormat: "yuvj420p", qscale: qscale)
    }
  }

  /// `bitmap` (RGB) as a JPEG at the quantiser scale `qscale`.
  static func jpeg(_ bitmap: Bitmap, qscale: Int) throws(TransformError) -> [UInt8] {
    let frame = try PixelConversion.frame(of: bitmap, format: AV_PIX_FMT_YUVJ420P)
    return try jpeg(frame, width: bitmap.width, height: bitmap.height, qscale: qscale)
  }

  /// The full-range YUV 4:2:0 `frame` as a JPEG at the quantiser scale `qscale`.
  private static func jpeg(
    _ frame: Frame, width: Int, height: Int, qscale: Int
  ) throws(TransformError) -> [UInt8] {
    try EncoderContext(
      name: "mjpeg", width: width, height: height, format: AV_PIX_FMT_YUVJ420P, qscale: qscale
    ).encode(frame)
  }

  /// The lowest quantiser scale whose encoding has at most `maxBytes` bytes, and that encoding,
  /// such that the next better scale does not fit: a binary search (sizes fall as the scale
  /// rises, nearly always), then a walk to better scales while they still fit.
  static func search(
    maxBytes: Int?, encode: (Int) throws(TransformError) -> [UInt8]
  ) throws(TransformError) -> (qscale: Int, bytes: [UInt8]) {
    let best = qscales.lowerBound
    let first = try encode(best)
    guard let maxBytes, first.count > maxBytes else { return (best, first) }
    let worst = try encode(qscales.upperBound)
    guard worst.count <= maxBytes else {
      throw .cannotFit(maxBytes: maxBytes, smallest: worst.count)
    }
    // Invariant: `low` does not fit, `high` fits.
    var (low, high, fitting) = (best, qscales.upperBound, worst)
    while high - low > 1 {
      let middle = (low + high) / 2
      let bytes = try encode(middle)
      if bytes.count <= maxBytes {
        (high, fitting) = (middle, bytes)
      } else {
        low = middle
      }
    }
    while high - 1 > best {
      let better = try encode(high - 1)
      guard better.count <= maxBytes else { break }
      (high, fitting) = (high - 1, better)
    }
    return (high, fitting)
  }
}
