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
  /// time; otherwise rounding is exact and chroma fully interpolated into RGB.
  init(
    source: (width: Int, height: Int, format: AVPixelFormat),
    destination: (width: Int, height: Int, format: AVPixelFormat),
    filter: ImageTransform.ScaleFilter, sourceFullRange: Bool, destinationFullRange: Bool,
    colorspace: AVColorSpace = AVCOL_SPC_UNSPECIFIED, fast: Bool = false
  ) throws(TransformError) {
    let flags =
      fast
      ? SWS_BILINEAR
      : (filter == .lanczos ? SWS_LANCZOS : SWS_BICUBIC) | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT
    guard
      let context = sws_getContext(
        Int32(source.width), Int32(source.height), source.format, Int32(destination.width),
        Int32(destination.height), destination.format, Int32(flags), nil, nil, nil)
    else {
      throw .ffmpeg(stage: "sws_getContext", code: cffmpeg_averror(EINVAL), message: "refused")
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
