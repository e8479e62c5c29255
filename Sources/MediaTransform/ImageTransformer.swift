public import MediaProbe

/// Transforms pictures with FFmpeg's libraries: decodes the first frame with the probe's guards,
/// bakes in the orientation, flattens alpha, scales with libswscale, crops or pads to an aspect
/// ratio, and writes a JPEG or PNG atomically.
///
/// ```swift
/// let result = try ImageTransformer().transform(
///   "phone.jpg", ImageTransform(output: .jpeg(maxBytes: 1_000_000)).scale(maxSide: 4000),
///   to: "out/phone.jpg")
/// print(result.width, result.height, result.byteCount)
/// ```
///
/// The input is opened once, read-only, and probed like ``Prober`` probes it (allowlisted
/// demuxers, pixel budget, time budget): whatever the probe refuses is refused with the probe's
/// error, before anything is written. The output is written to a temporary file in the
/// destination's folder and renamed into place, so a failure leaves nothing; it carries no
/// orientation tag and no alpha.
public struct ImageTransformer: Sendable {
  /// The limits the input is probed and decoded with.
  public var options: ProbeOptions

  /// Creates a transformer.
  public init(options: ProbeOptions = ProbeOptions()) {
    self.options = options
  }

  /// Reads the picture at `source`, applies `transform` and writes the result to `destination`
  /// (replacing a file there, never the source).
  ///
  /// - Returns: The output's size, pixel format, byte count and JPEG quality.
  /// - Throws: ``TransformError/input(_:)`` with the probe's error for an input the probe
  ///   refuses; ``TransformError/destinationIsSource(_:)`` when `destination` is `source`;
  ///   ``TransformError/cannotFit(maxBytes:smallest:)`` when no JPEG quality fits the cap.
  public func transform(
    _ source: String, _ transform: ImageTransform, to destination: String
  ) throws(TransformError) -> TransformResult {
    try OutputGuard.begin(
      problem: Geometry.problem(in: transform), source: source, destination: destination)
    let image: FirstImageFrame
    do {
      image = try FirstImageFrame(path: source, options: options)
    } catch {
      throw .input(error)
    }
    var bitmap = try image.withFrame { (frame) throws(TransformError) in
      try PixelConversion.bitmap(from: frame)
    }
    if transform.appliesOrientation, let orientation = image.info.image?.orientation {
      bitmap = bitmap.oriented(exif: orientation.value)
    }
    bitmap = bitmap.flattened(onto: transform.background)
    if let scaling = transform.scaling {
      let size = Geometry.scaled(width: bitmap.width, height: bitmap.height, scaling)
      if size != (bitmap.width, bitmap.height) {
        bitmap = try PixelConversion.scaled(
          bitmap, width: size.width, height: size.height, filter: transform.filter)
      }
    }
    if let fit = transform.aspect {
      bitmap = Self.fit(bitmap, fit, background: transform.background)
    }
    let encoded = try ImageEncoding.encode(bitmap, as: transform.output)
    try OutputGuard.write(encoded.bytes, source: source, destination: destination)
    return TransformResult(
      path: destination, width: bitmap.width, height: bitmap.height,
      pixelFormat: encoded.pixelFormat, byteCount: encoded.bytes.count, jpegQScale: encoded.qscale)
  }

  /// `bitmap` cropped or padded (with `background`) to `fit`'s ratio.
  private static func fit(
    _ bitmap: Bitmap, _ fit: ImageTransform.AspectFit, background: ImageTransform.Color
  ) -> Bitmap {
    let size = Geometry.fitted(width: bitmap.width, height: bitmap.height, fit)
    guard size != (bitmap.width, bitmap.height) else { return bitmap }
    switch fit.mode {
    case .crop: return bitmap.cropped(width: size.width, height: size.height)
    case .pad:
      return bitmap.padded(
        width: size.width, height: size.height,
        fill: [background.red, background.green, background.blue])
    }
  }
}
