/// Which FFmpeg demuxers the probe lets read a file.
///
/// An allowlist, not a denylist: a demuxer that is not named here never runs, so a playlist or
/// file list (HLS, DASH, concat) can never make FFmpeg open another file or a URL, whatever name
/// the file has. The demuxer is chosen before any header is read. `image2` is not allowed either:
/// it picks a decoder by the file name alone and reads numbered sibling files for a name with `%d`.
enum DemuxerPolicy {
  /// What the policy says about one demuxer.
  enum Verdict: Equatable {
    case allowed
    /// Refused because it would read other files; the value names the kind of content.
    case refused(String)
    /// Not a media format this tool reads.
    case unknown
  }

  /// Demuxers for self-contained images, audio and video, by FFmpeg's short name.
  static let allowed: Set<String> = [
    "mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm", "avi", "flv", "mpegts", "mpeg", "asf",
    "ogg", "mp3", "wav", "w64", "aac", "flac", "amr", "aiff", "caf",
    "jpeg_pipe", "png_pipe", "apng", "bmp_pipe", "webp_pipe", "gif", "gif_pipe", "tiff_pipe",
    "jpegxl_pipe",
  ]

  /// Demuxers that follow references to other files or URLs, with what to call their content.
  static let indirection: [String: String] = [
    "hls": "an HLS playlist", "dash": "a DASH manifest", "concat": "a concat script",
    "svg_pipe": "an SVG image", "sdp": "an SDP session description",
    "rtsp": "an RTSP session", "mpl2": "a subtitle playlist",
    "tedcaptions": "a remote caption file",
  ]

  /// The verdict for a demuxer's name.
  static func verdict(for demuxer: String) -> Verdict {
    if allowed.contains(demuxer) { return .allowed }
    if let what = indirection[demuxer] { return .refused(what) }
    return .unknown
  }
}
