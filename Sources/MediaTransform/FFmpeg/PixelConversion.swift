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
    let fullRange =
      frame.pointee.color_range == AVCOL_RANGE_JPEG
      || [AV_PIX_FMT_YUVJ420P, AV_PIX_FMT_YUVJ422P, AV_PIX_FMT_YUVJ444P, AV_PIX_FMT_YUVJ440P]
        .contains(format)
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
    var bytes = [UInt8](repeating: 0, count: row * height)
    if let base = frame.pointee.data.0 {
      bytes.withUnsafeMutableBufferPointer { out in
        for y in 0..<height {
          out.baseAddress?.advanced(by: y * row).update(from: base + y * stride, count: row)
        }
      }
    }
    return Bitmap(width: width, height: height, channels: channels, bytes: bytes)
  }
}
