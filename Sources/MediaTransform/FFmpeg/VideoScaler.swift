internal import CFFmpeg
internal import MediaProbe

/// Brings decoded pictures to yuv420p (limited range) at a size with libswscale, for an H.264
/// encoder: keeps one ``ScaleContext`` while the pictures' size, pixel format and range and
/// the size asked for stay the same, and makes a new one when any of them changes.
final class VideoScaler {
  private let filter: ImageTransform.ScaleFilter
  private let colorspace: AVColorSpace
  private let fast: Bool
  private var cached: (key: [Int32], context: ScaleContext)?

  /// A scaler with `filter` that reads and writes YUV with the matrix `colorspace` (FFmpeg's
  /// `AVColorSpace`; libswscale converts ranges between YUV formats, not matrices); `fast`
  /// scales bilinearly instead (see ``ScaleContext``).
  init(filter: ImageTransform.ScaleFilter, colorspace: AVColorSpace, fast: Bool = false) {
    self.filter = filter
    self.colorspace = colorspace
    self.fast = fast
  }

  /// `frame` converted to yuv420p (limited range) at `width` × `height`.
  func scale(
    _ frame: UnsafePointer<AVFrame>, width: Int, height: Int
  ) throws(TransformError) -> Frame {
    let format = frame.pointee.format
    let fullRange = PixelConversion.isFullRange(frame)
    let key = [
      frame.pointee.width, frame.pointee.height, format, fullRange ? 1 : 0, Int32(width),
      Int32(height),
    ]
    if cached?.key != key {
      let context = try ScaleContext(
        source: (Int(frame.pointee.width), Int(frame.pointee.height), AVPixelFormat(format)),
        destination: (width, height, AV_PIX_FMT_YUV420P), filter: filter,
        sourceFullRange: fullRange, destinationFullRange: false, colorspace: colorspace,
        fast: fast)
      cached = (key, context)
    }
    guard let out = Frame() else {
      throw .ffmpeg(stage: "av_frame_alloc", code: cffmpeg_averror(ENOMEM), message: "no memory")
    }
    out.withFrame { out in
      out.pointee.width = Int32(width)
      out.pointee.height = Int32(height)
      out.pointee.format = AV_PIX_FMT_YUV420P.rawValue
      out.pointee.color_range = AVCOL_RANGE_MPEG
    }
    try cached?.context.scale(frame, into: out)
    return out
  }
}
