internal import CFFmpeg
internal import MediaProbe

/// A clip a placeholder continues: decoded with the probe's guards, each frame turned upright
/// (its display matrix) and scaled to the output's size (stretched, as the service resizes), and
/// re-timed to the output's frame rate: output frame `i` shows the clip's latest frame that
/// starts at or before `i / fps`, so a faster clip drops frames and a slower one repeats them.
///
/// Only the frame on show is held (a reference to the decoder's picture, and its scaled copy).
final class ContinuedClip {
  /// The YUV matrix the placeholder is tagged with: the clip's, or BT.709 for an untagged clip
  /// of 720 lines or more and BT.601 below (as ``VideoTransformer`` tags a re-encode), so the
  /// clip's pixels, scaled YUV to YUV, keep their colours.
  let colorspace: AVColorSpace
  private let demux: VideoDemux
  private let path: String
  private let turn: Orientation?
  private let timeBase: AVRational
  private let frameDuration: Int64

  /// Opens and probes the clip at `path` for a placeholder of `seconds` at `width` × `height`;
  /// decoding runs under the probe's limit plus 3 s for every second of 1280x720 output, at
  /// most 600 s.
  init(
    _ path: String, seconds: Int, width: Int, height: Int, options: ProbeOptions
  ) throws(TransformError) {
    let limit = options.timeLimitSeconds
    let scale = max(Double(width * height) / (1280 * 720), 0.25)
    do {
      demux = try VideoDemux(path: path, options: options) { _ in
        min(limit + Double(seconds) * scale * 3, max(limit, 600))
      }
    } catch {
      throw .input(error)
    }
    self.path = path
    let facts = demux.facts(of: demux.videoIndex)
    turn = facts.displayMatrix.flatMap(Orientation.of)
    timeBase = facts.timeBase
    let rate = facts.frameRate ?? AVRational(num: 25, den: 1)
    frameDuration = max(1, av_rescale_q(1, AVRational(num: rate.den, den: rate.num), timeBase))
    let tagged = demux.withParameters(of: demux.videoIndex) { $0?.pointee.color_space }
    let lines = demux.info.video?.height ?? 0
    colorspace =
      tagged == AVCOL_SPC_BT709 || (tagged == AVCOL_SPC_UNSPECIFIED && lines >= 720)
      ? AVCOL_SPC_BT709 : AVCOL_SPC_SMPTE170M
  }

  /// Calls `body` with each output frame the clip gives at `fps` (a new `width` × `height`
  /// yuv420p frame each time, or the same one again for a repeated frame), at most `limit`
  /// of them; returns the clip's frame on show at the end (as decoded), which the new frames
  /// start from.
  func forEachFrame(
    fps: Int, limit: Int, width: Int, height: Int,
    _ body: (Frame) throws(TransformError) -> Void
  ) throws(TransformError) -> Frame {
    let output = AVRational(num: 1, den: Int32(fps))
    let scaler = VideoScaler(filter: .bicubic, colorspace: colorspace)
    var shown: (decoded: Frame, picture: Frame?)?
    var emitted = 0
    var first: Int64?
    var last: Int64 = -1
    var decodedCount: Int64 = 0
    // Shows the frame on show for every output instant before `end` (clip time base).
    func show(until end: Int64) throws(TransformError) {
      guard let current = shown else { return }
      while emitted < limit && av_compare_ts(Int64(emitted), output, end, timeBase) < 0 {
        var picture = shown?.picture
        if picture == nil {
          picture = try upright(current.decoded, width, height, scaler)
          shown?.picture = picture
        }
        guard let picture else { return }
        try body(picture)
        emitted += 1
      }
    }
    let outcome: Result<Void, TransformError>
    do {
      outcome = try demux.forEachFrame(audio: false) {
        (kind, frame) throws(TransformError) -> Bool in
        guard kind == .video else { return true }
        var stamp = frame.pointee.best_effort_timestamp
        if stamp == CFFMPEG_AV_NOPTS_VALUE { stamp = frame.pointee.pts }
        if stamp == CFFMPEG_AV_NOPTS_VALUE {
          let (guess, overflow) = decodedCount.multipliedReportingOverflow(by: frameDuration)
          stamp = overflow ? last &+ 1 : guess
        }
        decodedCount &+= 1
        if first == nil { first = stamp }
        var (relative, overflow) = stamp.subtractingReportingOverflow(first ?? 0)
        if overflow || relative <= last { relative = last &+ 1 }
        last = relative
        try show(until: relative)
        guard emitted < limit else { return false }
        guard let copy = Frame() else {
          throw .ffmpeg(
            stage: "av_frame_alloc", code: cffmpeg_averror(ENOMEM), message: "no memory")
        }
        let code = copy.withFrame { av_frame_ref($0, frame) }
        if code < 0 { throw .ffmpeg(stage: "av_frame_ref", code: code, message: describe(code)) }
        shown = (copy, nil)
        return true
      }
    } catch {
      throw .input(error)
    }
    try outcome.get()
    guard let current = shown else { throw .input(ProbeError(path: path, reason: .emptyStream)) }
    try show(until: last &+ frameDuration)
    return current.decoded
  }

  /// The decoded `frame` upright at exactly `width` × `height` (even sides) as yuv420p:
  /// scaled by `scaler` (stretched, as the service resizes), then turned.
  func upright(
    _ frame: Frame, _ width: Int, _ height: Int, _ scaler: VideoScaler
  ) throws(TransformError) -> Frame {
    let size = turn?.swapsSides == true ? (height, width) : (width, height)
    let scaled = try frame.withFrame { (frame) throws(TransformError) in
      try scaler.scale(frame, width: size.0, height: size.1)
    }
    guard let turn else { return scaled }
    let planes = scaled.withFrame { PicturePlanes(frame: UnsafePointer($0)) }
    return try planes.oriented(turn).frame(pts: 0)
  }
}
