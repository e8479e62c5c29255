/// Picks the streams a file is about: stream 0 is not always the picture, and cover art is not
/// a video.
enum StreamChoice {
  /// The picture or video stream: not cover art; the largest by coded area, the first on ties.
  static func primaryVideo(_ streams: [StreamInfo]) -> Int? {
    let candidates = streams.filter { $0.kind == .video || $0.kind == .image }
    let best = candidates.max { lhs, rhs in
      let left = (lhs.width ?? 0) * (lhs.height ?? 0)
      let right = (rhs.width ?? 0) * (rhs.height ?? 0)
      return left < right || (left == right && lhs.index > rhs.index)
    }
    return best.flatMap { chosen in streams.firstIndex { $0.index == chosen.index } }
  }

  /// The main audio stream: the first one.
  static func primaryAudio(_ streams: [StreamInfo]) -> Int? {
    streams.firstIndex { $0.kind == .audio }
  }
}
