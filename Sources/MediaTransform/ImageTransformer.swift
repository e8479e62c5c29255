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
    try self.transform(source, picture: nil, transform, to: destination)
  }

  /// Applies `transform` to the picture at `source` as ``transform(_:_:to:)`` does, from
  /// `picture` when it is given: the first frame a probe of `source` already decoded (a check's,
  /// kept by its cache), which is then not read or decoded again.
  package func transform(
    _ source: String, picture: FirstImageFrame?, _ transform: ImageTransform,
    to destination: String
  ) throws(TransformError) -> TransformResult {
    try OutputGuard.begin(
      problem: Geometry.problem(in: transform), source: source, destination: destination)
    // A picture decoded here is freed before encoding: only the encoder's pixels are held then.
    let encoded: ImageEncoding.Encoded
    let size: (width: Int, height: Int)
    let image: FirstImageFrame
    if let picture { image = picture } else { image = try decoded(source, transform) }
    switch try pixels(of: image, transform) {
    case .frame(let frame, let width, let height):
      encoded = try ImageEncoding.encode(frame, width: width, height: height, as: transform.output)
      size = (width, height)
    case .bitmap(let bitmap):
      encoded = try ImageEncoding.encode(bitmap, as: transform.output)
      size = (bitmap.width, bitmap.height)
    }
    try OutputGuard.write(encoded.bytes, source: source, destination: destination)
    return TransformResult(
      path: destination, width: size.width, height: size.height,
      pixelFormat: encoded.pixelFormat, byteCount: encoded.bytes.count, jpegQScale: encoded.qscale)
  }

  /// The picture ready to encode: a frame of the encoder's pixel format, or an RGB bitmap.
  private enum Pixels {
    case frame(Frame, width: Int, height: Int)
    case bitmap(Bitmap)
  }

  /// The picture at `source`, probed and decoded (reduced, when `transform` scales a JPEG down
  /// far enough).
  private func decoded(
    _ source: String, _ transform: ImageTransform
  ) throws(TransformError) -> FirstImageFrame {
    do {
      return try FirstImageFrame(path: source, options: options) { info in
        Self.reduction(for: transform, info: info)
      }
    } catch {
      throw .input(error)
    }
  }

  /// Applies `transform`'s steps to the decoded `image` up to the encoding: straight from the
  /// decoded frame when it can (``direct(_:_:)``), else through a ``Bitmap``.
  private func pixels(
    of image: FirstImageFrame, _ transform: ImageTransform
  ) throws(TransformError) -> Pixels {
    if let direct = try Self.direct(image, transform) { return direct }
    var bitmap = try image.withFrame { (frame) throws(TransformError) in
      try PixelConversion.bitmap(from: frame)
    }
    if transform.appliesOrientation, let orientation = image.info.image?.orientation {
      bitmap = bitmap.oriented(exif: orientation.value)
    }
    bitmap = bitmap.flattened(onto: transform.background)
    if let size = Self.scaledSize(image, transform, shown: (bitmap.width, bitmap.height)) {
      if size != (bitmap.width, bitmap.height) {
        bitmap = try PixelConversion.scaled(
          bitmap, width: size.width, height: size.height, filter: transform.filter)
      }
    }
    if let fit = transform.aspect {
      bitmap = Self.fit(bitmap, fit, background: transform.background)
    }
    return .bitmap(bitmap)
  }

  /// The size `transform` scales the picture to, computed from its full size (as shown: turned
  /// when the orientation is baked in), also when it was decoded reduced; `shown` is the decoded
  /// picture's size as shown. `nil` without a scaling step.
  private static func scaledSize(
    _ image: FirstImageFrame, _ transform: ImageTransform, shown: (width: Int, height: Int)
  ) -> (width: Int, height: Int)? {
    guard let scaling = transform.scaling else { return nil }
    guard image.reduction > 0, let full = fullSize(transform, info: image.info) else {
      return Geometry.scaled(width: shown.width, height: shown.height, scaling)
    }
    return Geometry.scaled(width: full.width, height: full.height, scaling)
  }

  /// The stored picture's size as shown: turned for EXIF orientations 5…8 when `transform`
  /// bakes the orientation in.
  private static func fullSize(
    _ transform: ImageTransform, info: MediaInfo
  ) -> (width: Int, height: Int)? {
    guard let width = info.video?.width, let height = info.video?.height else { return nil }
    let orientation = transform.appliesOrientation ? info.image?.orientation?.value : nil
    return (5...8).contains(orientation ?? 1) ? (height, width) : (width, height)
  }

  /// The `lowres` a JPEG is decoded at for `transform`: the largest reduction (1/2, 1/4, 1/8 a
  /// side) that leaves at least ``reductionMargin`` times the scaled size on both sides, so
  /// that the Lanczos pass which finishes the picture still shrinks it by that much. 0 when
  /// there is no scaling down that large.
  static func reduction(for transform: ImageTransform, info: MediaInfo) -> Int {
    guard let scaling = transform.scaling, let full = fullSize(transform, info: info) else {
      return 0
    }
    let target = Geometry.scaled(width: full.width, height: full.height, scaling)
    return (1...3).last { factor in
      let reduced = (
        (full.width + (1 << factor) - 1) >> factor, (full.height + (1 << factor) - 1) >> factor
      )
      return reduced.0 >= reductionMargin * target.width
        && reduced.1 >= reductionMargin * target.height
    } ?? 0
  }

  /// How many times the scaled size a reduced decode keeps at least (see ``reduction(for:info:)``).
  static let reductionMargin = 2

  /// The encoder's pixels made straight from the decoded frame, when nothing needs the ``Bitmap``
  /// steps (no orientation to bake in, no crop or pad); `nil` otherwise. An opaque picture to
  /// scale goes to the encoder's pixels in one libswscale pass (when that pass keeps its
  /// colours), saving a full-size RGB conversion and three copies of the picture; a picture
  /// with alpha, unscaled, to PNG is flattened straight into the encoder's frame, saving two.
  private static func direct(
    _ image: FirstImageFrame, _ transform: ImageTransform
  ) throws(TransformError) -> Pixels? {
    let orientation = transform.appliesOrientation ? image.info.image?.orientation?.value : nil
    guard (orientation ?? 1) == 1 else { return nil }
    let format = ImageEncoding.pixelFormat(for: transform.output)
    return try image.withFrame { (frame) throws(TransformError) in
      let decoded = (width: Int(frame.pointee.width), height: Int(frame.pointee.height))
      let size = Self.scaledSize(image, transform, shown: decoded) ?? decoded
      if let fit = transform.aspect,
        Geometry.fitted(width: size.width, height: size.height, fit) != size
      {
        return nil
      }
      if PixelConversion.hasAlpha(frame) {
        guard transform.output == .png, size == decoded else { return nil }
        let flat = try PixelConversion.flattened(frame, onto: transform.background)
        return .frame(flat, width: size.width, height: size.height)
      }
      // An unscaled opaque picture keeps the RGB round trip, whose JPEG bytes the quality
      // search's tests pin; the one pass pays off when it also scales.
      guard size != decoded, PixelConversion.convertsDirectly(frame, to: format) else {
        return nil
      }
      let converted = try PixelConversion.converted(
        frame, width: size.width, height: size.height, format: format, filter: transform.filter)
      return .frame(converted, width: size.width, height: size.height)
    }
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
