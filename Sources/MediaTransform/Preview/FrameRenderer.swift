internal import CFFmpeg
public import MediaProbe

/// Renders what a video service will work from, with FFmpeg's libraries: a picture at exactly
/// an output size, a picture fitted to it by a centred crop (and the crop shown on the original),
/// a clip's first and last frames, and a sound's waveform.
///
/// ```swift
/// let renderer = FrameRenderer()
/// let first = try renderer.picture("cat.jpg", width: 816, height: 1104)
/// let last = try renderer.fitted("end.jpg", width: 816, height: 1104)
/// print(last.crop)  // PixelBox(x: 0, y: 120, width: 640, height: 866)
/// ```
///
/// Every input is opened read-only and probed with the probe's guards (allowlisted demuxers,
/// pixel budget, time budget), from the same bytes it then decodes; what the probe refuses is
/// refused with ``TransformError/input(_:)`` and the probe's error. Pictures are turned upright
/// (EXIF orientation, a clip's display matrix), flattened onto white, and scaled bicubically.
public struct FrameRenderer: Sendable {
  /// The limits inputs are probed and decoded with; an output size is held to its pixel budget.
  public var options: ProbeOptions
  /// The outline's colour (magenta by default: visible on most pictures).
  public var outlineColor: ImageTransform.Color
  /// The outline's width in pixels.
  public var outlineThickness: Int
  /// zlib's compression level for the PNGs, 0…9 (1 by default: a preview is looked at once;
  /// level 6 makes files about a tenth smaller in twice the time).
  public var pngCompression: Int

  /// Creates a renderer.
  public init(
    options: ProbeOptions = ProbeOptions(),
    outlineColor: ImageTransform.Color = ImageTransform.Color(red: 255, green: 0, blue: 255),
    outlineThickness: Int = 3, pngCompression: Int = 1
  ) {
    self.options = options
    self.outlineColor = outlineColor
    self.outlineThickness = outlineThickness
    self.pngCompression = min(9, max(0, pngCompression))
  }

  /// The picture at `source`, upright (its stored pixels as they are when `upright` is false),
  /// scaled to exactly `width` × `height` (no crop).
  public func picture(
    _ source: String, width: Int, height: Int, upright: Bool = true
  ) throws(TransformError) -> RenderedPicture {
    try pictures(source, [PictureSize(width: width, height: height, upright: upright)])[0]
  }

  /// The picture at `source` at each of `sizes` (as ``picture(_:width:height:upright:)``
  /// draws it), decoded once.
  public func pictures(
    _ source: String, _ sizes: [PictureSize]
  ) throws(TransformError) -> [RenderedPicture] {
    for size in sizes { try checkSize(width: size.width, height: size.height) }
    let image = try decoded(source)
    var rendered: [RenderedPicture] = []
    for size in sizes {
      // Scaled from the decoded frame in one pass, then turned: a quarter turn and a resize
      // commute, and the turn is then of the output's pixels, not the original's.
      let exif = size.upright ? image.info.image?.orientation?.value ?? 1 : 1
      let swaps = (5...8).contains(exif)
      let stored =
        swaps
        ? (width: size.height, height: size.width) : (width: size.width, height: size.height)
      let bitmap = try image.withFrame { (frame) throws(TransformError) in
        try PixelConversion.bitmap(from: frame, size: stored, filter: .bicubic)
      }
      rendered.append(try encode(bitmap.oriented(exif: exif).flattened(onto: .white)))
    }
    return rendered
  }

  /// The picture at `source`, upright, cropped (centred) to `width`:`height` and scaled to
  /// `width` × `height`; and the upright original with the surviving part outlined.
  public func fitted(
    _ source: String, width: Int, height: Int
  ) throws(TransformError) -> FittedPicture {
    try checkSize(width: width, height: height)
    let bitmap = try uprightPicture(source)
    return try fit(bitmap, width: width, height: height)
  }

  /// The first and last decoded frames of the clip at `source`, turned as its display matrix
  /// says (not when `upright` is false), each scaled to exactly `width` × `height` (no crop).
  public func clipFrames(
    _ source: String, width: Int, height: Int, upright: Bool = true
  ) throws(TransformError) -> ClipFrames {
    try clipFrames(source, [PictureSize(width: width, height: height, upright: upright)])[0]
  }

  /// The clip's first and last frames at each of `sizes` (as
  /// ``clipFrames(_:width:height:upright:)`` draws them), the clip decoded once.
  public func clipFrames(
    _ source: String, _ sizes: [PictureSize]
  ) throws(TransformError) -> [ClipFrames] {
    for size in sizes { try checkSize(width: size.width, height: size.height) }
    let demux: VideoDemux
    do {
      demux = try VideoDemux(path: source, options: options)
    } catch {
      throw .input(error)
    }
    let turn = demux.facts(of: demux.videoIndex).displayMatrix.flatMap(Orientation.of)
    var first: Bitmap?
    var frameCount = 0
    guard let last = Frame() else {
      throw .ffmpeg(stage: "av_frame_alloc", code: cffmpeg_averror(ENOMEM), message: "no memory")
    }
    let outcome: Result<Void, TransformError>
    do {
      outcome = try demux.forEachFrame(audio: false) {
        (kind, frame) throws(TransformError) -> Bool in
        guard kind == .video else { return true }
        if first == nil { first = try PixelConversion.bitmap(from: frame) }
        frameCount += 1
        let code = last.withFrame { copy in
          av_frame_unref(copy)
          return av_frame_ref(copy, frame)
        }
        if code < 0 { throw .ffmpeg(stage: "av_frame_ref", code: code, message: describe(code)) }
        return true
      }
    } catch {
      throw .input(error)
    }
    try outcome.get()
    guard let firstBitmap = first?.flattened(onto: .white) else {
      throw .input(ProbeError(path: source, reason: .emptyStream))
    }
    let lastBitmap = try last.withFrame { (frame) throws(TransformError) in
      try PixelConversion.bitmap(from: frame)
    }.flattened(onto: .white)
    var rendered: [ClipFrames] = []
    for size in sizes {
      let turned = size.upright ? turn : nil
      rendered.append(
        ClipFrames(
          first: try render(
            turned.map { firstBitmap.turned($0) } ?? firstBitmap, width: size.width,
            height: size.height),
          last: try render(
            turned.map { lastBitmap.turned($0) } ?? lastBitmap, width: size.width,
            height: size.height),
          frameCount: frameCount))
    }
    return rendered
  }

  /// The waveform of the main audio stream of `source` (a sound file, or a clip's sound):
  /// `peaks` runs of its decoded samples mixed to one channel.
  public func waveform(_ source: String, peaks: Int) throws(TransformError) -> Waveform {
    guard (1...100_000).contains(peaks) else {
      throw .invalidTransform("peaks \(peaks) (allowed: 1…100000)")
    }
    let frames: AudioFrames
    do {
      frames = try AudioFrames(path: source, options: options)
    } catch {
      throw .input(error)
    }
    var samples = PeakAccumulator()
    var resampler: Resampler?
    var sampleRate = 0
    let outcome: Result<Void, TransformError>
    do {
      outcome = try frames.forEachFrame { (frame) throws(TransformError) -> Bool in
        if resampler == nil {
          sampleRate = Int(frame.pointee.sample_rate)
          resampler = try Resampler(like: frame, sampleRate: sampleRate, channels: 1)
        }
        samples.append(try resampler?.convert(frame) ?? [])
        return true
      }
    } catch {
      throw .input(error)
    }
    try outcome.get()
    guard let resampler else { throw .input(ProbeError(path: source, reason: .emptyStream)) }
    samples.append(try resampler.flush())
    return Waveform(peaks: samples.peaks(peaks), sampleRate: sampleRate, sampleCount: samples.count)
  }

  /// The extremes of `count` equal runs of `samples` (fewer when there are fewer samples).
  static func peaks(of samples: [Int16], count: Int) -> [Waveform.Peak] {
    var accumulator = PeakAccumulator()
    accumulator.append(samples)
    return accumulator.peaks(count)
  }

  /// Refuses an output size outside 1…16384 per side or over the pixel budget.
  private func checkSize(width: Int, height: Int) throws(TransformError) {
    let valid = 1...16384
    guard valid.contains(width), valid.contains(height), width * height <= options.maxPixels
    else {
      throw .invalidTransform(
        "size \(width)x\(height) (each side 1…16384, at most \(options.maxPixels) pixels)")
    }
  }

  /// The decoded picture at `source`, oriented as its EXIF tag says (unless not `upright`),
  /// flattened onto white.
  private func uprightPicture(
    _ source: String, upright: Bool = true
  ) throws(TransformError) -> Bitmap {
    let image = try decoded(source)
    var bitmap = try image.withFrame { (frame) throws(TransformError) in
      try PixelConversion.bitmap(from: frame)
    }
    if upright, let orientation = image.info.image?.orientation {
      bitmap = bitmap.oriented(exif: orientation.value)
    }
    return bitmap.flattened(onto: .white)
  }

  /// The picture at `source`, probed and decoded with the probe's guards.
  private func decoded(_ source: String) throws(TransformError) -> FirstImageFrame {
    do {
      return try FirstImageFrame(path: source, options: options)
    } catch {
      throw .input(error)
    }
  }

  /// `bitmap` (RGB) cropped to `width`:`height`, scaled to that size, and outlined.
  private func fit(
    _ bitmap: Bitmap, width: Int, height: Int
  ) throws(TransformError) -> FittedPicture {
    let crop = PixelBox.centredCrop(
      width: bitmap.width, height: bitmap.height, ratioWidth: width, ratioHeight: height)
    let cropped =
      (crop.width, crop.height) == (bitmap.width, bitmap.height)
      ? bitmap : bitmap.cropped(width: crop.width, height: crop.height)
    let color = [outlineColor.red, outlineColor.green, outlineColor.blue]
    let outlined = bitmap.outlined(
      x: crop.x, y: crop.y, width: crop.width, height: crop.height,
      thickness: outlineThickness, color: color)
    return FittedPicture(
      fitted: try render(cropped, width: width, height: height),
      outlined: try encode(outlined), crop: crop)
  }

  /// `bitmap` (RGB) scaled bicubically to `width` × `height` and encoded as PNG.
  private func render(
    _ bitmap: Bitmap, width: Int, height: Int
  ) throws(TransformError) -> RenderedPicture {
    var scaled = bitmap
    if (bitmap.width, bitmap.height) != (width, height) {
      scaled = try PixelConversion.scaled(bitmap, width: width, height: height, filter: .bicubic)
    }
    return try encode(scaled)
  }

  private func encode(_ bitmap: Bitmap) throws(TransformError) -> RenderedPicture {
    let encoded = try ImageEncoding.encode(bitmap, as: .png, pngCompression: pngCompression)
    return RenderedPicture(png: encoded.bytes, width: bitmap.width, height: bitmap.height)
  }
}
