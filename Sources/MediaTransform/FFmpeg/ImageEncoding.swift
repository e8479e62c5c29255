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
  /// quantiser scale) whose file has at most the cap's bytes. PNG is FFmpeg's encoder at its
  /// default zlib level (the preview writes its own: `PNGWriter`).
  static func encode(
    _ bitmap: Bitmap, as format: ImageTransform.OutputFormat
  ) throws(TransformError) -> Encoded {
    let frame = try PixelConversion.frame(of: bitmap, format: pixelFormat(for: format))
    return try encode(frame, width: bitmap.width, height: bitmap.height, as: format)
  }

  /// The pixel format `format` is encoded from: rgb24 for PNG, full-range yuvj420p for JPEG.
  static func pixelFormat(for format: ImageTransform.OutputFormat) -> AVPixelFormat {
    switch format {
    case .png: return AV_PIX_FMT_RGB24
    case .jpeg: return AV_PIX_FMT_YUVJ420P
    }
  }

  /// `frame`, already of ``pixelFormat(for:)``, as `format` (see ``encode(_:as:)``).
  static func encode(
    _ frame: Frame, width: Int, height: Int, as format: ImageTransform.OutputFormat
  ) throws(TransformError) -> Encoded {
    switch format {
    case .png:
      let encoder = try EncoderContext(
        name: "png", width: width, height: height, format: AV_PIX_FMT_RGB24)
      return Encoded(bytes: try encoder.encode(frame), pixelFormat: "rgb24", qscale: nil)
    case .jpeg(let maxBytes):
      let (qscale, bytes) = try search(maxBytes: maxBytes) { (qscale) throws(TransformError) in
        try jpeg(frame, width: width, height: height, qscale: qscale)
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
  /// such that the next better scale does not fit: the best scale, then a binary search
  /// (sizes fall as the scale rises, nearly always) whose end has the scale just better than
  /// the result measured not to fit, even where sizes do not fall monotonically. Each scale is
  /// encoded at most once, and the worst only when no better one fits: 5 or 6 encodings for a
  /// cap the worst scale is not needed for, where the search that encoded the worst first and
  /// re-encoded the scale just better than the result took 7 or 8.
  static func search(
    maxBytes: Int?, encode: (Int) throws(TransformError) -> [UInt8]
  ) throws(TransformError) -> (qscale: Int, bytes: [UInt8]) {
    let best = qscales.lowerBound
    let first = try encode(best)
    guard let maxBytes, first.count > maxBytes else { return (best, first) }
    // Invariant: `low` does not fit; `high` fits (its encoding is `fitting`), or is the worst
    // scale, not encoded yet.
    var (low, high) = (best, qscales.upperBound)
    var fitting: [UInt8]?
    while high - low > 1 {
      let middle = (low + high) / 2
      let bytes = try encode(middle)
      if bytes.count <= maxBytes {
        (high, fitting) = (middle, bytes)
      } else {
        low = middle
      }
    }
    if let fitting { return (high, fitting) }
    let worst = try encode(high)
    guard worst.count <= maxBytes else {
      throw .cannotFit(maxBytes: maxBytes, smallest: worst.count)
    }
    return (high, worst)
  }
}
