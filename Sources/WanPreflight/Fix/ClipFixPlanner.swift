import MediaProbe
import MediaTransform

/// Plans the rewrite of a first clip as an MP4 (H.264/AAC): convert the container or codec,
/// trim it into 2…10 s and below the duration, scale or fit it into the side and aspect limits,
/// fit the byte limit, start it at its first frame, bake in its rotation.
struct ClipFixPlanner {
  let context: FixContext

  /// The rules a clip's rewrite removes.
  static let rules: Set<RuleID> = [
    .clipFormat, .clipDuration, .clipSize, .clipAspect, .clipBytes, .clipVsDuration, .clipStart,
    .orientation, .extensionMismatch,
  ]

  /// The fix of the clip `info` for `findings`, and the displayed size it ends with.
  func plan(pointer: String, info: MediaInfo, findings: [RuleID]) -> (MediaFix?, FixGeometry.Size?)
  {
    guard info.kind == .video, let video = info.video, let seconds = info.presentedSeconds else {
      return (nil, nil)
    }
    let displayed = FixGeometry.Size(
      width: video.displayWidth ?? video.width ?? 0,
      height: video.displayHeight ?? video.height ?? 0)
    var wanted = Set(findings).intersection(Self.rules)
    guard !wanted.isEmpty else { return (nil, displayed) }
    let limits = context.spec.clip
    var edit = ClipEdit(preset: context.options.clipPreset)
    let role = MediaRole.firstClip
    let output = "\(role.rawValue).mp4"
    var changes: [FixChange] = []
    func add(_ rule: RuleID, _ action: String, _ after: String) {
      changes.append(
        FixChange(
          pointer: rule == .clipVsDuration ? "/parameters/duration" : pointer, media: role,
          rule: rule, action: action, before: FixFacts.fact(rule, info), after: after,
          output: output))
    }
    // The longest the clip may last: the limit, and below the duration so something is new.
    var longest = limits.seconds.upperBound
    if wanted.contains(.clipVsDuration) {
      let below = Double(context.duration - 1)
      if below >= limits.seconds.lowerBound {
        longest = min(longest, below)
      } else {
        wanted.remove(.clipVsDuration)
      }
    }
    if seconds > longest, wanted.contains(.clipDuration) || wanted.contains(.clipVsDuration) {
      edit.maxSeconds = Self.cut(keepingAtMost: longest, fps: video.averageFrameRate)
      let after = "\(Units.seconds(longest)) s"
      if wanted.contains(.clipDuration) { add(.clipDuration, "trimmed to \(after)", after) }
      if wanted.contains(.clipVsDuration) {
        add(.clipVsDuration, "trimmed to \(after), below duration \(context.duration)", after)
      }
    } else {
      wanted.remove(.clipDuration)
    }
    var shape = displayed
    if wanted.contains(.clipAspect),
      let target = FixGeometry.aspectTarget(
        for: displayed, maxAspect: limits.maxAspect, mode: context.options.aspect)
    {
      edit.aspect = ClipEdit.Aspect(width: target.width, height: target.height, mode: target.mode)
      shape = FixGeometry.fitted(displayed, to: target)
    }
    let final = FixGeometry.scaled(shape, into: limits.side, even: true)
    if let target = edit.aspect, final != shape {
      // The transform scales, then crops or pads: scale so that the fit gives `final`.
      let before = FixGeometry.scaleBeforeFit(
        displayed, to: final, mode: target.mode)
      edit.size = ClipEdit.Size(
        width: (before.width + 1) / 2 * 2, height: (before.height + 1) / 2 * 2)
    } else if edit.aspect == nil, final != displayed {
      edit.size = ClipEdit.Size(width: final.width, height: final.height)
    }
    if let aspect = edit.aspect {
      let mode = aspect.mode == .crop ? "cropped" : "padded"
      add(.clipAspect, "\(mode) centred to \(aspect.width):\(aspect.height)", "\(final)")
    }
    if wanted.contains(.clipSize) { add(.clipSize, "scaled (bicubic)", "\(final)") }
    if wanted.contains(.clipBytes) {
      edit.maxBytes = Int(clamping: limits.maxBytes.certain) / 100 * 95
      add(.clipBytes, "re-encoded within \(limits.maxBytes.stated)", "≤ \(limits.maxBytes.stated)")
    }
    if wanted.contains(.clipStart) {
      add(.clipStart, "timestamps moved to start at 0", "first frame at 0 s")
    }
    if wanted.contains(.orientation) {
      edit.reencode = true
      add(.orientation, "rotation baked into the frames", "upright \(final)")
    }
    if wanted.contains(.clipFormat) {
      if video.codec != "h264" { edit.reencode = true }
      add(
        .clipFormat,
        Self.copies(edit, info: info)
          ? "remuxed to MP4 (streams copied)" : "re-encoded as MP4 H.264", "mp4 h264")
    }
    if wanted.contains(.extensionMismatch) { add(.extensionMismatch, "written as .mp4", ".mp4") }
    guard !changes.isEmpty else { return (nil, displayed) }
    let fix = MediaFix(
      pointer: pointer, role: role, source: info.path, output: output, changes: changes,
      operation: .clip(edit))
    return (fix, final)
  }

  /// Whether the transform will copy the streams for `edit`, as `VideoTransformer` decides it:
  /// H.264 in yuv420p with AAC sound or none, and nothing to decode for (no re-encode asked, no
  /// size, aspect or byte cap; no trim, which copies only without B-frames).
  static func copies(_ edit: ClipEdit, info: MediaInfo) -> Bool {
    !edit.reencode && edit.size == nil && edit.aspect == nil && edit.maxBytes == nil
      && edit.maxSeconds == nil && info.video?.codec == "h264"
      && info.video?.pixelFormat == "yuv420p" && (info.audio == nil || info.audio?.codec == "aac")
  }

  /// Where to cut so that whole frames fill at most `seconds`: the trim keeps the frames that
  /// start before the cut, so cut half a frame after the last frame that ends in time (23.976
  /// fps: 239 frames, 9.968 s; cutting at 10 s would keep a 240th, ending at 10.01 s).
  static func cut(keepingAtMost seconds: Double, fps: Double?) -> Double {
    guard let fps, fps.isFinite, fps > 0, fps < 10_000 else { return seconds }
    let frames = (seconds * fps + 1e-6).rounded(.down)
    guard frames >= 1 else { return seconds }
    return (frames - 0.5) / fps
  }
}
