import MediaProbe

/// The commands clip hints give: scaling to fit the sides, trimming to whole frames.
struct ClipHints {
  let info: MediaInfo
  /// The clip's side limits, in pixels.
  let side: ClosedRange<Int>

  /// The clip scaled by one factor until each side fits the limits, to even sizes (H.264's
  /// 4:2:0 needs them), in the displayed orientation (ffmpeg turns the picture first).
  func scale(width: Int, height: Int) -> String {
    let limits = side
    let short = Double(max(min(width, height), 1))
    let long = Double(max(width, height, 1))
    let growing = short < Double(limits.lowerBound)
    let factor = growing ? Double(limits.lowerBound) / short : Double(limits.upperBound) / long
    func fitted(_ value: Int) -> Int {
      let scaled = Double(value) * factor / 2
      let even = 2 * (growing ? scaled.rounded(.up) : scaled.rounded(.down))
      return Int(min(max(even, Double(limits.lowerBound)), Double(limits.upperBound)))
    }
    let command = FixCommand.scaleClip(
      info.path, info: info, width: fitted(width), height: fitted(height))
    return "scale it to \(fitted(width))x\(fitted(height)): \(command.quotedInHint)"
  }

  /// The first whole frames that fit in `seconds` at the clip's frame rate; the audio is cut
  /// 0.1 s earlier, because an audio stream ends on a whole packet (up to 64 ms past the cut),
  /// and the clip lasts as long as its longer stream.
  func trim(video: StreamInfo, seconds: Double) -> String {
    let rate = video.averageFrameRate.flatMap { $0.isFinite && $0 > 0 ? $0 : nil } ?? 30
    let frames = max(1, Int(min((seconds * rate + 1e-6).rounded(.down), 1e6)))
    let span = (Double(frames) / rate * 1000).rounded(.down) / 1000
    let cut = info.audio == nil ? span : max(span - 0.1, 0.1)
    let command = FixCommand.trimClip(
      info.path, info: info, frames: frames, seconds: Units.number(cut))
    return "keep its first \(frames) frames (\(Units.seconds(span)) s): \(command.quotedInHint)"
  }
}
