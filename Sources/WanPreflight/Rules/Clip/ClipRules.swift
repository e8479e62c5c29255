import MediaProbe

/// Checks a first clip against the model's clip limits and the requested duration.
struct ClipRules {
  let spec: ModelSpec
  /// The requested duration, in seconds.
  let duration: Int

  func check(_ item: MediaItem, info: MediaInfo) -> [Diagnostic] {
    let limits = PictureLimits.clip(spec)
    let name = "first_clip \(info.path)"
    var found: [Diagnostic] = []
    guard info.kind == .video, let video = info.video else {
      let rule: RuleID = info.kind == .audio ? .clipNoVideo : .clipFormat
      return [
        Diagnostic(
          rule, at: item.pointer,
          "\(name) is \(info.kind.rawValue) (\(info.format)); it must be an MP4 or MOV video",
          serverError: ServiceText.videoUnreadable)
      ]
    }
    if !limits.accepts(format: info.format) {
      found.append(
        Diagnostic(
          .clipFormat, at: item.pointer,
          "\(name) is \(info.format); allowed: " + limits.formats.joined(separator: ", "),
          hint: "convert it to MP4: " + FixCommand.clipToMP4(info.path, info: info).quotedInHint,
          serverError: ServiceText.videoInvalid))
    } else if !["h264", "hevc"].contains(video.codec) {
      found.append(
        Diagnostic(
          .clipFormat, at: item.pointer,
          "\(name) uses the \(video.codec) codec; the API documents no codec list (H.264 and "
            + "H.265 are the safe choices)",
          hint: "re-encode it as H.264: "
            + FixCommand.clipToMP4(info.path, info: info).quotedInHint, severity: .warning))
    }
    let hints = ClipHints(info: info, side: limits.side)
    if let width = video.width, let height = video.height {
      found += limits.sides(
        of: name, width: width, height: height, at: item.pointer,
        sizeHint: { _ in
          hints.scale(width: video.displayWidth ?? width, height: video.displayHeight ?? height)
        })
    }
    if let size = limits.bytes(
      info.byteSize, of: name, at: item.pointer,
      hint: "re-encode it at a lower bitrate: "
        + FixCommand.shrinkClip(info.path, info: info).quotedInHint)
    {
      found.append(size)
    }
    if let start = info.startSeconds, let span = info.frameSpanSeconds {
      found.append(lateStart(item, info: info, start: start, span: span))
    }
    // Judged on the frames a decoder hands over: empty time before a late first frame is not
    // clip (see clip_start).
    if let seconds = info.presentedSeconds {
      found += durationDiagnostics(item, info: info, video: video, seconds: seconds, hints: hints)
    }
    found += Orientation.check(item, role: .firstClip, info: info)
    return found
  }

  /// `clip_duration` for a clip too short or long, `clip_vs_duration` for a duration that
  /// would generate nothing past the clip's `seconds`.
  private func durationDiagnostics(
    _ item: MediaItem, info: MediaInfo, video: StreamInfo, seconds: Double, hints: ClipHints
  ) -> [Diagnostic] {
    let limits = spec.clip.seconds
    var found: [Diagnostic] = []
    if !limits.contains(seconds) {
      found.append(
        Diagnostic(
          .clipDuration, at: item.pointer,
          "first_clip \(info.path) lasts \(Units.seconds(seconds)) s; allowed: "
            + "\(Units.seconds(limits)) s",
          hint: seconds > limits.upperBound
            ? hints.trim(video: video, seconds: limits.upperBound) : "use a longer clip"))
    }
    if Double(duration) <= seconds {
      let longest = spec.duration.upperBound
      let next = Units.wholeSeconds(seconds, .down, within: spec.duration) + 1
      found.append(
        Diagnostic(
          .clipVsDuration, at: "/parameters/duration",
          "duration is \(duration) s and includes the \(Units.seconds(seconds)) s clip: nothing "
            + "new would be generated (inferred), yet \(duration) s are billed",
          hint: seconds > limits.upperBound
            ? "trim the clip to at most \(Units.seconds(limits.upperBound)) s first "
              + "(see clip_duration), then set duration above its length"
            : "set duration to at least \(min(next, longest)) (at most \(longest)): "
              + "each second above the clip's \(Units.seconds(seconds)) s is new video"))
    }
    return found
  }

  /// The `clip_start` warning: the clip's frames start `start` seconds into its timeline.
  private func lateStart(_ item: MediaItem, info: MediaInfo, start: Double, span: Double)
    -> Diagnostic
  {
    let timeline = info.durationSeconds.map { ", its timeline \(Units.number($0)) s" } ?? ""
    return Diagnostic(
      .clipStart, at: item.pointer,
      "first_clip \(info.path) shows its first frame at \(Units.number(start)) s (an edit list "
        + "or a timestamp offset): its frames span \(Units.number(span)) s\(timeline); the "
        + "checks and the plan use the \(Units.number(span)) s of frames, what a decoder hands "
        + "the service, but a player may first show \(Units.number(start)) s of nothing "
        + "(inferred)",
      hint: "cut it to start at its first frame: "
        + FixCommand.startClip(info.path, info: info).quotedInHint)
  }
}
