internal import CFFmpeg
internal import MediaProbe

/// One libswscale context (`SwsContext`), owned: made by `init` for one conversion (sizes,
/// pixel formats, filter, colour range), freed in `deinit`. Frames go through
/// ``scale(_:into:)``; the context itself is never lent.
final class ScaleContext {
  private let context: OpaquePointer

  /// A conversion from `source` to `destination` (width, height, pixel format) with `filter`.
  ///
  /// `sourceFullRange` says the source's YUV uses the full 0…255 range (JPEG's), not the video
  /// range 16…235; `destinationFullRange` asks for full-range YUV out (for a JPEG encoder).
  /// The YUV matrix is `colorspace` (FFmpeg's `AVColorSpace`, BT.601 when unspecified).
  /// `fast` trades `filter` and exact rounding for bilinear taps, for a video's small scale of
  /// every frame (a zoom of a few per cent), where it is invisible and takes about half the
  /// time; otherwise rounding is exact and chroma fully interpolated into RGB. `threads` above 1
  /// has libswscale cut each frame into that many slices of rows, scaled at once (the same
  /// pixels as one thread gives).
  init(
    source: (width: Int, height: Int, format: AVPixelFormat),
    destination: (width: Int, height: Int, format: AVPixelFormat),
    filter: ImageTransform.ScaleFilter, sourceFullRange: Bool, destinationFullRange: Bool,
    colorspace: AVColorSpace = AVCOL_SPC_UNSPECIFIED, fast: Bool = false, threads: Int = 1
  ) throws(TransformError) {
    let flags =
      fast
      ? SWS_BILINEAR
      : (filter == .lanczos ? SWS_LANCZOS : SWS_BICUBIC) | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT
    guard let context = sws_alloc_context() else {
      throw .ffmpeg(stage: "sws_alloc_context", code: cffmpeg_averror(ENOMEM), message: "no memory")
    }
    let settings: [(String, Int64)] = [
      ("srcw", Int64(source.width)), ("srch", Int64(source.height)),
      ("src_format", Int64(source.format.rawValue)),
      ("dstw", Int64(destination.width)), ("dsth", Int64(destination.height)),
      ("dst_format", Int64(destination.format.rawValue)), ("sws_flags", Int64(flags)),
      ("threads", Int64(max(1, threads))),
    ]
    for (name, value) in settings
    where av_opt_set_int(UnsafeMutableRawPointer(context), name, value, 0) < 0 {
      sws_freeContext(context)
      throw .ffmpeg(stage: "sws option \(name)", code: cffmpeg_averror(EINVAL), message: "refused")
    }
    let code = sws_init_context(context, nil, nil)
    guard code >= 0 else {
      sws_freeContext(context)
      throw .ffmpeg(stage: "sws_init_context", code: code, message: describe(code))
    }
    self.context = context
    let matrix =
      [AVCOL_SPC_BT709, AVCOL_SPC_FCC, AVCOL_SPC_SMPTE240M, AVCOL_SPC_BT2020_NCL]
        .contains(colorspace) ? Int32(colorspace.rawValue) : SWS_CS_DEFAULT
    let coefficients = sws_getCoefficients(matrix)
    // Brightness 0, contrast and saturation 1.0 (16.16 fixed point): only the ranges change.
    _ = sws_setColorspaceDetails(
      context, coefficients, sourceFullRange ? 1 : 0, coefficients, destinationFullRange ? 1 : 0,
      0, 1 << 16, 1 << 16)
  }

  deinit { sws_freeContext(context) }

  /// Converts `source` into `destination`, whose width, height and format must be set; its
  /// buffers are allocated when it has none.
  func scale(_ source: UnsafePointer<AVFrame>, into destination: Frame) throws(TransformError) {
    let code = destination.withFrame { sws_scale_frame(context, $0, source) }
    if code < 0 { throw .ffmpeg(stage: "sws_scale_frame", code: code, message: describe(code)) }
  }
}

/// FFmpeg's words for `code`.
func describe(_ code: Int32) -> String {
  withUnsafeTemporaryAllocation(of: CChar.self, capacity: Int(AV_ERROR_MAX_STRING_SIZE)) { buffer in
    guard let base = buffer.baseAddress, av_strerror(code, base, buffer.count) == 0 else {
      return "FFmpeg error \(code)"
    }
    return String(cString: base)
  }
}
