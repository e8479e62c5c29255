internal import CFFmpeg
internal import MediaProbe

/// Moves pixels between FFmpeg frames and ``Bitmap``s with libswscale.
enum PixelConversion {
  /// The decoded `frame` as RGBA when its pixel format has alpha (or a palette, which may),
  /// otherwise as RGB, at its own size. YUV is read with the frame's range (JPEG's full range
  /// included) and matrix.
  ///
  /// With `size`, the frame is scaled to it with `filter` in the same conversion (one pass
  /// instead of two for a picture much larger than its output).
  static func bitmap(
    from frame: UnsafePointer<AVFrame>, size: (width: Int, height: Int)? = nil,
    filter: ImageTransform.ScaleFilter = .bicubic
  ) throws(TransformError) -> Bitmap {
    let format = AVPixelFormat(rawValue: frame.pointee.format)
    let flags = av_pix_fmt_desc_get(format)?.pointee.flags ?? 0
    let alpha = flags & (CFFMPEG_PIX_FMT_FLAG_ALPHA | CFFMPEG_PIX_FMT_FLAG_PAL) != 0
    let sourceWidth = Int(frame.pointee.width)
    let sourceHeight = Int(frame.pointee.height)
    let (width, height) = size ?? (sourceWidth, sourceHeight)
    let fullRange = isFullRange(frame)
    let target = alpha ? AV_PIX_FMT_RGBA : AV_PIX_FMT_RGB24
    let scaler = try ScaleContext(
      source: (sourceWidth, sourceHeight, format), destination: (width, height, target),
      filter: filter, sourceFullRange: fullRange, destinationFullRange: true,
      colorspace: frame.pointee.colorspace)
    let out = try emptyFrame(width: width, height: height, format: target)
    try scaler.scale(frame, into: out)
    return out.withFrame { packed($0, channels: alpha ? 4 : 3) }
  }

  /// `bitmap` (RGB) scaled to `width` × `height` with `filter`.
  static func scaled(
    _ bitmap: Bitmap, width: Int, height: Int, filter: ImageTransform.ScaleFilter
  ) throws(TransformError) -> Bitmap {
    let format = bitmap.channels == 4 ? AV_PIX_FMT_RGBA : AV_PIX_FMT_RGB24
    let source = try frame(of: bitmap)
    let scaler = try ScaleContext(
      source: (bitmap.width, bitmap.height, format), destination: (width, height, format),
      filter: filter, sourceFullRange: true, destinationFullRange: true)
    let out = try emptyFrame(width: width, height: height, format: format)
    try source.withFrame { (pointer) throws(TransformError) in
      try scaler.scale(pointer, into: out)
    }
    return out.withFrame { packed($0, channels: bitmap.channels) }
  }

  /// `bitmap` (RGB) as a frame of `format`: RGB24 as is, full-range YUV 4:2:0 for JPEG.
  static func frame(of bitmap: Bitmap, format: AVPixelFormat) throws(TransformError) -> Frame {
    let source = try frame(of: bitmap)
    if format == AV_PIX_FMT_RGB24 && bitmap.channels == 3 { return source }
    let scaler = try ScaleContext(
      source: (
        bitmap.width, bitmap.height, bitmap.channels == 4 ? AV_PIX_FMT_RGBA : AV_PIX_FMT_RGB24
      ),
      destination: (bitmap.width, bitmap.height, format), filter: .bicubic, sourceFullRange: true,
      destinationFullRange: true)
    let out = try emptyFrame(width: bitmap.width, height: bitmap.height, format: format)
    try source.withFrame { (pointer) throws(TransformError) in
      try scaler.scale(pointer, into: out)
    }
    out.withFrame { $0.pointee.color_range = AVCOL_RANGE_JPEG }
    return out
  }

  /// A frame holding `bitmap`'s pixels (RGB24 or RGBA).
  private static func frame(of bitmap: Bitmap) throws(TransformError) -> Frame {
    let format = bitmap.channels == 4 ? AV_PIX_FMT_RGBA : AV_PIX_FMT_RGB24
    let out = try emptyFrame(width: bitmap.width, height: bitmap.height, format: format)
    let code = out.withFrame { av_frame_get_buffer($0, 0) }
    if code < 0 { throw .ffmpeg(stage: "av_frame_get_buffer", code: code, message: describe(code)) }
    out.withFrame { frame in
      guard let base = frame.pointee.data.0 else { return }
      let stride = Int(frame.pointee.linesize.0)
      let row = bitmap.width * bitmap.channels
      bitmap.bytes.withUnsafeBufferPointer { bytes in
        for y in 0..<bitmap.height {
          guard let from = bytes.baseAddress?.advanced(by: y * row) else { return }
          (base + y * stride).update(from: from, count: row)
        }
      }
    }
    return out
  }

  /// A frame with a size and format set and no buffers yet.
  private static func emptyFrame(
    width: Int, height: Int, format: AVPixelFormat
  ) throws(TransformError) -> Frame {
    guard let frame = Frame() else {
      throw .ffmpeg(stage: "av_frame_alloc", code: cffmpeg_averror(ENOMEM), message: "no memory")
    }
    frame.withFrame {
      $0.pointee.width = Int32(width)
      $0.pointee.height = Int32(height)
      $0.pointee.format = format.rawValue
    }
    return frame
  }

  /// The first plane of a packed RGB or RGBA frame, without its row padding.
  private static func packed(_ frame: UnsafeMutablePointer<AVFrame>, channels: Int) -> Bitmap {
    let width = Int(frame.pointee.width)
    let height = Int(frame.pointee.height)
    let stride = Int(frame.pointee.linesize.0)
    let row = width * channels
    guard let base = frame.pointee.data.0 else {
      return Bitmap(
        width: width, height: height, channels: channels,
        bytes: [UInt8](repeating: 0, count: row * height))
    }
    // Every byte is copied from the frame: the array is not zeroed first.
    let bytes = [UInt8](unsafeUninitializedCapacity: row * height) { out, count in
      for y in 0..<height {
        out.baseAddress?.advanced(by: y * row).initialize(from: base + y * stride, count: row)
      }
      count = row * height
    }
    return Bitmap(width: width, height: height, channels: channels, bytes: bytes)
  }
}

extension PixelConversion {
  /// Whether `frame`'s pixel format has alpha, or a palette (which may make pixels transparent).
  static func hasAlpha(_ frame: UnsafePointer<AVFrame>) -> Bool {
    let flags = av_pix_fmt_desc_get(AVPixelFormat(rawValue: frame.pointee.format))?.pointee.flags
    return (flags ?? 0) & (CFFMPEG_PIX_FMT_FLAG_ALPHA | CFFMPEG_PIX_FMT_FLAG_PAL) != 0
  }

  /// Whether one libswscale pass from `frame` to `format` keeps its colours. Out of YUV into
  /// YUV libswscale changes the range but not the matrix, so a YUV source must use BT.601's
  /// (or say none), as JPEG's YUV does; into RGB, or out of RGB, any matrix is applied.
  static func convertsDirectly(_ frame: UnsafePointer<AVFrame>, to format: AVPixelFormat) -> Bool {
    format == AV_PIX_FMT_RGB24
      || ![AVCOL_SPC_BT709, AVCOL_SPC_FCC, AVCOL_SPC_SMPTE240M, AVCOL_SPC_BT2020_NCL]
        .contains(frame.pointee.colorspace)
  }

  /// The decoded `frame` scaled to `width` × `height` and converted to `format` (full range)
  /// with `filter`, reading YUV with the frame's range and matrix: no ``Bitmap`` in between,
  /// for a picture that needs no turn, flattening, crop or pad; on `threads` threads (slices of
  /// rows).
  ///
  /// One libswscale pass, except from subsampled YUV to RGB24 at another size: that is scaled
  /// into 16-bit YUV 4:4:4 at the output size first, then converted to RGB. libswscale has no
  /// SIMD for the one pass's output stage, which runs every vertical tap through the RGB
  /// conversion (a 4000×3000 JPEG to 1280×720 took 38 ms one pass, 24 ms two); the 16-bit
  /// stage keeps the precision, and the two differ only where a bicubic overshoot is clipped.
  static func converted(
    _ frame: UnsafePointer<AVFrame>, width: Int, height: Int, format: AVPixelFormat,
    filter: ImageTransform.ScaleFilter, threads: Int = 1
  ) throws(TransformError) -> Frame {
    let source = AVPixelFormat(rawValue: frame.pointee.format)
    let fullRange = isFullRange(frame)
    let scales = (Int(frame.pointee.width), Int(frame.pointee.height)) != (width, height)
    if format == AV_PIX_FMT_RGB24, scales, isSubsampledYUV(source) {
      let planar = try scaled(
        frame, to: (width, height, yuv444p16), filter: filter, sourceFullRange: fullRange,
        destinationFullRange: fullRange, threads: threads)
      return try planar.withFrame { (yuv) throws(TransformError) in
        try scaled(
          yuv, to: (width, height, format), filter: filter, sourceFullRange: fullRange,
          destinationFullRange: true, threads: threads)
      }
    }
    let out = try scaled(
      frame, to: (width, height, format), filter: filter, sourceFullRange: fullRange,
      destinationFullRange: true, threads: threads)
    if format == AV_PIX_FMT_YUVJ420P { out.withFrame { $0.pointee.color_range = AVCOL_RANGE_JPEG } }
    return out
  }

  /// One libswscale pass of `frame` into a new frame of `destination`, reading YUV with the
  /// frame's matrix (and the output's range `destinationFullRange` when it is YUV too).
  private static func scaled(
    _ frame: UnsafePointer<AVFrame>,
    to destination: (width: Int, height: Int, format: AVPixelFormat),
    filter: ImageTransform.ScaleFilter, sourceFullRange: Bool, destinationFullRange: Bool,
    threads: Int
  ) throws(TransformError) -> Frame {
    let scaler = try ScaleContext(
      source: (
        Int(frame.pointee.width), Int(frame.pointee.height),
        AVPixelFormat(rawValue: frame.pointee.format)
      ),
      destination: destination, filter: filter, sourceFullRange: sourceFullRange,
      destinationFullRange: destinationFullRange, colorspace: frame.pointee.colorspace,
      threads: threads)
    let out = try emptyFrame(
      width: destination.width, height: destination.height, format: destination.format)
    try scaler.scale(frame, into: out)
    // The matrix travels with the pixels, for the pass that converts them to RGB.
    out.withFrame { $0.pointee.colorspace = frame.pointee.colorspace }
    return out
  }

  /// Whether `frame`'s YUV uses the full 0…255 range (JPEG's), by its range or its format.
  static func isFullRange(_ frame: UnsafePointer<AVFrame>) -> Bool {
    frame.pointee.color_range == AVCOL_RANGE_JPEG
      || [AV_PIX_FMT_YUVJ420P, AV_PIX_FMT_YUVJ422P, AV_PIX_FMT_YUVJ444P, AV_PIX_FMT_YUVJ440P]
        .contains(AVPixelFormat(rawValue: frame.pointee.format))
  }

  /// Whether `format` is planar YUV with chroma subsampled (4:2:0, 4:2:2, 4:4:0, 4:1:1, …),
  /// without alpha or a palette.
  private static func isSubsampledYUV(_ format: AVPixelFormat) -> Bool {
    guard let descriptor = av_pix_fmt_desc_get(format) else { return false }
    let flags = descriptor.pointee.flags
    let excluded =
      CFFMPEG_PIX_FMT_FLAG_RGB | CFFMPEG_PIX_FMT_FLAG_ALPHA | CFFMPEG_PIX_FMT_FLAG_PAL
      | CFFMPEG_PIX_FMT_FLAG_BAYER
    return flags & excluded == 0 && flags & CFFMPEG_PIX_FMT_FLAG_PLANAR != 0
      && descriptor.pointee.nb_components == 3
      && (descriptor.pointee.log2_chroma_w > 0 || descriptor.pointee.log2_chroma_h > 0)
  }

  /// 16-bit planar YUV 4:4:4 in the machine's byte order.
  private static var yuv444p16: AVPixelFormat {
    #if _endian(little)
      AV_PIX_FMT_YUV444P16LE
    #else
      AV_PIX_FMT_YUV444P16BE
    #endif
  }
}

extension PixelConversion {
  /// The decoded `frame` (a pixel format with alpha or a palette) flattened onto `background`
  /// as an RGB24 frame, blended as ``Bitmap/flattened(onto:)`` blends (straight alpha,
  /// rounded), from the RGBA pixels straight into the encoder's frame: an RGBA frame is read
  /// as decoded, any other is converted to RGBA first, at its own size.
  static func flattened(
    _ frame: UnsafePointer<AVFrame>, onto background: ImageTransform.Color
  ) throws(TransformError) -> Frame {
    let width = Int(frame.pointee.width)
    let height = Int(frame.pointee.height)
    let out = try emptyFrame(width: width, height: height, format: AV_PIX_FMT_RGB24)
    let code = out.withFrame { av_frame_get_buffer($0, 0) }
    if code < 0 { throw .ffmpeg(stage: "av_frame_get_buffer", code: code, message: describe(code)) }
    let format = AVPixelFormat(rawValue: frame.pointee.format)
    guard format != AV_PIX_FMT_RGBA else {
      blend(frame, into: out, background: background)
      return out
    }
    let fullRange = isFullRange(frame)
    let scaler = try ScaleContext(
      source: (width, height, format), destination: (width, height, AV_PIX_FMT_RGBA),
      filter: .bicubic, sourceFullRange: fullRange, destinationFullRange: true,
      colorspace: frame.pointee.colorspace)
    let rgba = try emptyFrame(width: width, height: height, format: AV_PIX_FMT_RGBA)
    try scaler.scale(frame, into: rgba)
    rgba.withFrame { blend(UnsafePointer($0), into: out, background: background) }
    return out
  }

  /// Composites the RGBA `frame` over `background` into the RGB24 frame `out` of its size.
  private static func blend(
    _ frame: UnsafePointer<AVFrame>, into out: Frame, background: ImageTransform.Color
  ) {
    let width = Int(frame.pointee.width)
    let height = Int(frame.pointee.height)
    let back = (UInt32(background.red), UInt32(background.green), UInt32(background.blue))
    guard let input = frame.pointee.data.0 else { return }
    let inStride = Int(frame.pointee.linesize.0)
    out.withFrame { target in
      guard let output = target.pointee.data.0 else { return }
      let outStride = Int(target.pointee.linesize.0)
      for y in 0..<height {
        let from = input + y * inStride
        let to = output + y * outStride
        for x in 0..<width {
          let alpha = UInt32(from[x * 4 + 3])
          let rest = 255 - alpha
          to[x * 3] = UInt8((UInt32(from[x * 4]) * alpha + back.0 * rest + 127) / 255)
          to[x * 3 + 1] = UInt8((UInt32(from[x * 4 + 1]) * alpha + back.1 * rest + 127) / 255)
          to[x * 3 + 2] = UInt8((UInt32(from[x * 4 + 2]) * alpha + back.2 * rest + 127) / 255)
        }
      }
    }
  }
}

extension PixelConversion {
  /// A new reference to `frame`'s pixels showing only `box` (in its pixels; clamped to the
  /// frame): the frame's buffers are shared, not copied, and only its pointers and size move
  /// (FFmpeg's `av_frame_apply_cropping`, unaligned, so the box keeps its exact left edge).
  static func cropped(
    _ frame: UnsafePointer<AVFrame>, to box: PixelBox
  ) throws(TransformError) -> Frame {
    guard let view = Frame() else {
      throw .ffmpeg(stage: "av_frame_alloc", code: cffmpeg_averror(ENOMEM), message: "no memory")
    }
    let width = Int(frame.pointee.width)
    let height = Int(frame.pointee.height)
    let left = min(max(box.x, 0), max(width - 1, 0))
    let top = min(max(box.y, 0), max(height - 1, 0))
    let right = max(0, width - left - min(max(box.width, 1), width - left))
    let bottom = max(0, height - top - min(max(box.height, 1), height - top))
    let code = view.withFrame { view -> Int32 in
      let referenced = av_frame_ref(view, frame)
      guard referenced >= 0 else { return referenced }
      view.pointee.crop_left = left
      view.pointee.crop_top = top
      view.pointee.crop_right = right
      view.pointee.crop_bottom = bottom
      return av_frame_apply_cropping(view, Int32(AV_FRAME_CROP_UNALIGNED))
    }
    if code < 0 {
      throw .ffmpeg(stage: "av_frame_apply_cropping", code: code, message: describe(code))
    }
    return view
  }

  /// `bitmap` (RGB) as a yuv420p frame in the video range (16…235) with the YUV matrix
  /// `colorspace`, as an H.264 encoder takes it.
  static func videoFrame(
    of bitmap: Bitmap, colorspace: AVColorSpace
  ) throws(TransformError) -> Frame {
    let source = try frame(of: bitmap)
    let scaler = try ScaleContext(
      source: (
        bitmap.width, bitmap.height, bitmap.channels == 4 ? AV_PIX_FMT_RGBA : AV_PIX_FMT_RGB24
      ),
      destination: (bitmap.width, bitmap.height, AV_PIX_FMT_YUV420P), filter: .bicubic,
      sourceFullRange: true, destinationFullRange: false, colorspace: colorspace)
    let out = try emptyFrame(width: bitmap.width, height: bitmap.height, format: AV_PIX_FMT_YUV420P)
    try source.withFrame { (pointer) throws(TransformError) in
      try scaler.scale(pointer, into: out)
    }
    out.withFrame { $0.pointee.color_range = AVCOL_RANGE_MPEG }
    return out
  }
}

extension PixelConversion {
  /// A reference to the `box` part of `frame` (a packed RGB24 or RGBA frame): its pixels are
  /// shared, not copied; the reference's data pointer starts at the box's corner.
  static func cropped(_ frame: Frame, to box: PixelBox) throws(TransformError) -> Frame {
    guard let part = Frame() else {
      throw .ffmpeg(stage: "av_frame_alloc", code: cffmpeg_averror(ENOMEM), message: "no memory")
    }
    let code = frame.withFrame { source in
      part.withFrame { (target) -> Int32 in
        let referenced = av_frame_ref(target, source)
        guard referenced >= 0 else { return referenced }
        let (width, height) = (Int(source.pointee.width), Int(source.pointee.height))
        target.pointee.crop_left = max(0, box.x)
        target.pointee.crop_top = max(0, box.y)
        target.pointee.crop_right = max(0, width - box.x - box.width)
        target.pointee.crop_bottom = max(0, height - box.y - box.height)
        return av_frame_apply_cropping(target, Int32(AV_FRAME_CROP_UNALIGNED))
      }
    }
    if code < 0 {
      throw .ffmpeg(stage: "av_frame_apply_cropping", code: code, message: describe(code))
    }
    return part
  }

  /// Paints the edges of `box` on the packed RGB24 `frame`, in place, `thickness` pixels wide,
  /// as ``Bitmap/outlined(x:y:width:height:thickness:color:)`` paints a bitmap's; the frame's
  /// buffer is copied first when another reference shares it.
  static func outline(
    _ frame: Frame, box: PixelBox, thickness: Int, color: [UInt8]
  ) throws(TransformError) {
    let code = frame.withFrame { av_frame_make_writable($0) }
    if code < 0 {
      throw .ffmpeg(stage: "av_frame_make_writable", code: code, message: describe(code))
    }
    frame.withFrame { frame in
      guard let base = frame.pointee.data.0 else { return }
      let stride = Int(frame.pointee.linesize.0)
      let painted = min(3, color.count)
      box.forEachOutlineRun(
        thickness: thickness, width: Int(frame.pointee.width), height: Int(frame.pointee.height)
      ) { row, columns in
        let line = base + row * stride
        for column in columns {
          for channel in 0..<painted { line[column * 3 + channel] = color[channel] }
        }
      }
    }
  }
}
