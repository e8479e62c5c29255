import MediaProbe

/// The fact each fixable rule judges, said the same way before a fix (from the input's probe)
/// and after it (from the written file's), so the table's two columns compare like with like.
enum FixFacts {
  /// What `info` shows of the fact `rule` judges.
  static func fact(_ rule: RuleID?, _ info: MediaInfo) -> String {
    let video = info.video
    switch rule {
    case .orientation?:
      if let value = info.image?.orientation?.value, value != 1 {
        return "EXIF orientation \(value), stored \(stored(info))"
      }
      if let rotation = video?.rotation, rotation != 0 || video?.mirrored == true {
        return "rotated \(rotation)°\(video?.mirrored == true ? " mirrored" : ""), "
          + "stored \(stored(info))"
      }
      return "upright \(displayed(info))"
    case .imageAlpha?: return video?.pixelFormat ?? "unknown pixels"
    case .imageFormat?, .audioFormat?: return format(info)
    case .imageAnimated?:
      let frames = info.image?.frameCount ?? 1
      return info.image?.animated == true ? "\(frames) frames" : "1 frame"
    case .imageSize?, .clipSize?, .lastFrameAspect?, nil: return displayed(info)
    case .imageAspect?, .clipAspect?:
      return "\(displayed(info)) (\(aspect(info)))"
    case .imageBytes?, .audioBytes?, .clipBytes?: return Units.bytes(info.byteSize)
    case .audioDuration?, .audioVsDuration?, .clipDuration?, .clipVsDuration?:
      return info.presentedSeconds.map { "\(Units.seconds($0)) s" } ?? "unknown length"
    case .clipFormat?: return "\(info.format) \(video?.codec ?? "no video")"
    case .clipStart?:
      return "first frame at \(Units.number(max(info.startSeconds ?? 0, 0))) s"
    case .extensionMismatch?:
      return info.fileExtension.isEmpty
        ? "no extension (\(info.format))" : ".\(info.fileExtension) holding \(info.format)"
    default: return format(info)
    }
  }

  /// `PNG`, `WEBM vp9`, `M4A aac`: the container and, for sound or video, the codec.
  static func format(_ info: MediaInfo) -> String {
    let codec = (info.kind == .audio ? info.audio : nil)?.codec
    let name = info.format.uppercased()
    return codec.map { $0 == info.format ? name : "\(name) \($0)" } ?? name
  }

  /// The size a viewer shows, after orientation (`WxH`).
  static func displayed(_ info: MediaInfo) -> String {
    guard let video = info.video else { return "no picture" }
    let width = video.displayWidth ?? video.width ?? 0
    let height = video.displayHeight ?? video.height ?? 0
    return "\(width)x\(height)"
  }

  /// The size as stored (`WxH`).
  static func stored(_ info: MediaInfo) -> String {
    "\(info.video?.width ?? 0)x\(info.video?.height ?? 0)"
  }

  /// The displayed shape as `W:H`'s long-over-short number, e.g. `10:1`.
  static func aspect(_ info: MediaInfo) -> String {
    guard let video = info.video, let width = video.displayWidth ?? video.width,
      let height = video.displayHeight ?? video.height, width > 0, height > 0
    else { return "unknown shape" }
    let ratio = Double(max(width, height)) / Double(min(width, height))
    return width >= height ? "\(Units.number(ratio)):1" : "1:\(Units.number(ratio))"
  }
}
