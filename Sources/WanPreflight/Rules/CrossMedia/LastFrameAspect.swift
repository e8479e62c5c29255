import MediaProbe

/// Warns when the last frame's shape differs from the picture the video takes its shape from.
enum LastFrameAspect {
  /// The `last_frame_aspect` warning, if the last frame's displayed aspect ratio differs from
  /// that of `source` (the first clip, or else the first frame) by more than 1 %.
  static func check(_ probed: ProbedMedia, source: MediaInfo?) -> [Diagnostic] {
    guard let index = probed.media.firstIndex(where: { $0.role == .lastFrame }),
      case .probed(let last)? = probed.outcomes[index], let lastVideo = last.video,
      let sourceVideo = source?.video,
      let lastWidth = lastVideo.displayWidth, let lastHeight = lastVideo.displayHeight,
      let width = sourceVideo.displayWidth, let height = sourceVideo.displayHeight,
      lastWidth > 0, lastHeight > 0, width > 0, height > 0
    else { return [] }
    let ratio = Double(lastWidth) / Double(lastHeight)
    let expected = Double(width) / Double(height)
    guard abs(ratio / expected - 1) > 0.01 else { return [] }
    return [
      Diagnostic(
        .lastFrameAspect, at: probed.media[index].pointer,
        "last_frame is \(lastWidth)x\(lastHeight) (\(Units.number(ratio)):1) but the video takes "
          + "its shape from \(width)x\(height) (\(Units.number(expected)):1); the last frame will "
          + "be resized or cropped to fit (inferred)",
        hint: "crop the last frame to the first frame's aspect ratio")
    ]
  }
}
