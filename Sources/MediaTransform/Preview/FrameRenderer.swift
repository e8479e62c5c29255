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
  /// zlib's compression level for the PNGs, 0…9 (1 by default, with zlib's run-length
  /// strategy: a preview is looked at once; level 6 makes files about a tenth smaller in
  /// several times the time).
  public var pngCompression: Int
  /// How many processors this renderer may scale one picture on (all of them by default); a
  /// caller rendering several pictures at once gives each a share, as libswscale's slice
  /// threads beyond the processors only compete with the other pictures.
  package var processors = Prober.concurrency

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
    try pictures(source, decoded: nil, sizes)
  }

  /// The picture at `source` at each of `sizes`, as ``pictures(_:_:)`` draws them, from
  /// `decoded` when it is given: the first frame a probe of `source` already decoded (a check's,
  /// kept by its cache), which is then not read or decoded again.
  package func pictures(
    _ source: String, decoded picture: FirstImageFrame?, _ sizes: [PictureSize]
  ) throws(TransformError) -> [RenderedPicture] {
    for size in sizes { try checkSize(width: size.width, height: size.height) }
    let image = try image(of: source, decoded: picture)
    var rendered: [RenderedPicture] = []
    for size in sizes {
      // Scaled from the decoded frame in one pass, then turned: a quarter turn and a resize
      // commute, and the turn is then of the output's pixels, not the original's.
      let exif = size.upright ? image.info.image?.orientation?.value ?? 1 : 1
      let swaps = (5...8).contains(exif)
      let stored =
        swaps
        ? (width: size.height, height: size.width) : (width: size.width, height: size.height)
      let direct = try image.withFrame { (frame) throws(TransformError) -> Frame? in
        // Nothing to turn or flatten: the RGB pixels go from libswscale to the PNG encoder.
        guard exif == 1, !PixelConversion.hasAlpha(frame) else { return nil }
        return try PixelConversion.converted(
          frame, width: stored.width, height: stored.height, format: AV_PIX_FMT_RGB24,
          filter: .bicubic, threads: scaleThreads(for: frame))
      }
      if let direct {
        rendered.append(try encode(direct, width: stored.width, height: stored.height))
        continue
      }
      let bitmap = try image.withFrame { (frame) throws(TransformError) in
        try PixelConversion.bitmap(from: frame, size: stored, filter: .bicubic)
      }
      rendered.append(try encode(bitmap.oriented(exif: exif).flattened(onto: .white)))
    }
    return rendered
  }

  /// The picture at `source`, upright, cropped (centred) to `width`:`height` and scaled to
  /// `width` × `height`; and the upright original with the surviving part outlined (scaled down
  /// with the crop when the crop is larger than the output; see ``FittedPicture/outlined``).
  public func fitted(
    _ source: String, width: Int, height: Int
  ) throws(TransformError) -> FittedPicture {
    try fitted(source, decoded: nil, width: width, height: height)
  }

  /// The picture at `source` fitted to `width` × `height`, as ``fitted(_:width:height:)`` draws
  /// it, from `decoded` when it is given (a probe's first frame of `source`).
  package func fitted(
    _ source: String, decoded picture: FirstImageFrame?, width: Int, height: Int
  ) throws(TransformError) -> FittedPicture {
    try checkSize(width: width, height: height)
    let image = try image(of: source, decoded: picture)
    let exif = image.info.image?.orientation?.value ?? 1
    let swaps = (5...8).contains(exif)
    let stored = image.withFrame { (width: Int($0.pointee.width), height: Int($0.pointee.height)) }
    let upright = swaps ? (width: stored.height, height: stored.width) : stored
    let crop = PixelBox.centredCrop(
      width: upright.width, height: upright.height, ratioWidth: width, ratioHeight: height)
    // The original is drawn at the scale the fitted picture is cut from (never above its own
    // size), in the same libswscale pass that converts it to RGB: a 6000x4000 last frame is
    // not converted, outlined and written at 24 megapixels for a 1280x720 output.
    let scale = min(
      1, max(Double(width) / Double(crop.width), Double(height) / Double(crop.height)))
    let view = (
      width: max(1, Int((Double(upright.width) * scale).rounded())),
      height: max(1, Int((Double(upright.height) * scale).rounded()))
    )
    let viewStored = swaps ? (width: view.height, height: view.width) : view
    let direct = try image.withFrame { (frame) throws(TransformError) -> Frame? in
      // Nothing to turn or flatten: libswscale's RGB frame is cut, outlined and encoded as is.
      guard exif == 1, !PixelConversion.hasAlpha(frame) else { return nil }
      return try PixelConversion.converted(
        frame, width: view.width, height: view.height, format: AV_PIX_FMT_RGB24,
        filter: .bicubic, threads: scaleThreads(for: frame))
    }
    if let direct {
      return try fit(direct, size: view, crop: crop, width: width, height: height)
    }
    let bitmap = try image.withFrame { (frame) throws(TransformError) in
      try PixelConversion.bitmap(
        from: frame, size: viewStored == stored ? nil : viewStored, filter: .bicubic)
    }
    return try fit(
      bitmap.oriented(exif: exif).flattened(onto: .white), crop: crop, width: width,
      height: height)
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

  /// How many threads scale `frame`: one a processor of ``processors`` (at most 4) from 4
  /// megapixels up, where the exact bicubic conversion of a photo takes about as long as its
  /// decode; one below.
  private func scaleThreads(for frame: UnsafePointer<AVFrame>) -> Int {
    let pixels = Int(frame.pointee.width) * Int(frame.pointee.height)
    return pixels >= 4_000_000 ? min(4, max(1, processors)) : 1
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

  /// `decoded`, or else the picture at `source` probed and decoded.
  private func image(
    of source: String, decoded: FirstImageFrame?
  ) throws(TransformError) -> FirstImageFrame {
    if let decoded { return decoded }
    return try self.decoded(source)
  }

  /// The picture at `source`, probed and decoded with the probe's guards.
  private func decoded(_ source: String) throws(TransformError) -> FirstImageFrame {
    do {
      return try FirstImageFrame(path: source, options: options)
    } catch {
      throw .input(error)
    }
  }

  /// `bitmap` (the upright original, RGB, perhaps scaled down) cropped to `width`:`height`,
  /// scaled to that size, and outlined; `crop` is the same crop in the original's pixels.
  private func fit(
    _ bitmap: Bitmap, crop: PixelBox, width: Int, height: Int
  ) throws(TransformError) -> FittedPicture {
    let box = PixelBox.centredCrop(
      width: bitmap.width, height: bitmap.height, ratioWidth: width, ratioHeight: height)
    let cropped =
      (box.width, box.height) == (bitmap.width, bitmap.height)
      ? bitmap : bitmap.cropped(width: box.width, height: box.height)
    let color = [outlineColor.red, outlineColor.green, outlineColor.blue]
    let outlined = bitmap.outlined(
      x: box.x, y: box.y, width: box.width, height: box.height,
      thickness: outlineThickness, color: color)
    return FittedPicture(
      fitted: try render(cropped, width: width, height: height),
      outlined: try encode(outlined), crop: crop)
  }

  /// `view` (an RGB24 frame of `size`: the upright original, perhaps scaled down) fitted as
  /// ``fit(_:crop:width:height:)`` fits a bitmap, without copying its pixels: the crop is a
  /// reference into the frame, and the outline is painted on the frame once the crop is
  /// encoded.
  private func fit(
    _ view: Frame, size: (width: Int, height: Int), crop: PixelBox, width: Int, height: Int
  ) throws(TransformError) -> FittedPicture {
    let box = PixelBox.centredCrop(
      width: size.width, height: size.height, ratioWidth: width, ratioHeight: height)
    let fitted = try fittedPicture(of: view, box: box, width: width, height: height)
    let color = [outlineColor.red, outlineColor.green, outlineColor.blue]
    try PixelConversion.outline(view, box: box, thickness: outlineThickness, color: color)
    return FittedPicture(
      fitted: fitted, outlined: try encode(view, width: size.width, height: size.height),
      crop: crop)
  }

  /// The `box` part of the RGB24 frame `view`, scaled bicubically to `width` × `height` when
  /// it is not that size, as PNG.
  private func fittedPicture(
    of view: Frame, box: PixelBox, width: Int, height: Int
  ) throws(TransformError) -> RenderedPicture {
    let part = try PixelConversion.cropped(view, to: box)
    guard (box.width, box.height) != (width, height) else {
      return try encode(part, width: width, height: height)
    }
    let scaled = try part.withFrame { (frame) throws(TransformError) in
      try PixelConversion.converted(
        frame, width: width, height: height, format: AV_PIX_FMT_RGB24, filter: .bicubic)
    }
    return try encode(scaled, width: width, height: height)
  }

  /// The RGB24 `frame` (`width` × `height`) as PNG.
  private func encode(_ frame: Frame, width: Int, height: Int) throws(TransformError)
    -> RenderedPicture
  {
    let png = try frame.withFrame { (frame) throws(TransformError) in
      try PNGWriter.png(rgb: frame, level: pngCompression)
    }
    return RenderedPicture(png: png, width: width, height: height)
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
    RenderedPicture(
      png: try PNGWriter.png(bitmap, level: pngCompression), width: bitmap.width,
      height: bitmap.height)
  }
}
