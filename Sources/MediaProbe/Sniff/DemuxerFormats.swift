/// The content format a demuxer implies, for files the content sniffer did not recognise but
/// FFmpeg's own probing did (an MP3 behind a long junk prefix, say).
enum DemuxerFormats {
  /// The format FFmpeg's demuxer `name` reads, if it is one the policy allows.
  static func format(forDemuxer name: String) -> SniffedFormat? {
    guard let (format, family, mime) = table[name] else { return nil }
    return SniffedFormat(name: format, family: family, mimeType: mime, demuxer: name)
  }

  /// Whether `name` is a demuxer for still or animated pictures.
  static func isImageDemuxer(_ name: String) -> Bool { table[name]?.1 == .image }

  private static let table: [String: (String, SniffedFormat.Family, String)] = [
    "jpeg_pipe": ("jpeg", .image, "image/jpeg"),
    "png_pipe": ("png", .image, "image/png"),
    "apng": ("png", .image, "image/png"),
    "bmp_pipe": ("bmp", .image, "image/bmp"),
    "webp_pipe": ("webp", .image, "image/webp"),
    "gif": ("gif", .image, "image/gif"),
    "gif_pipe": ("gif", .image, "image/gif"),
    "tiff_pipe": ("tiff", .image, "image/tiff"),
    "jpegxl_pipe": ("jxl", .image, "image/jxl"),
    "mp3": ("mp3", .audio, "audio/mpeg"),
    "aac": ("aac", .audio, "audio/aac"),
    "wav": ("wav", .audio, "audio/wav"),
    "w64": ("w64", .audio, "audio/x-w64"),
    "flac": ("flac", .audio, "audio/flac"),
    "ogg": ("ogg", .audio, "audio/ogg"),
    "amr": ("amr", .audio, "audio/amr"),
    "aiff": ("aiff", .audio, "audio/aiff"),
    "caf": ("caf", .audio, "audio/x-caf"),
    "mov,mp4,m4a,3gp,3g2,mj2": ("mp4", .audiovisual, "video/mp4"),
    "matroska,webm": ("mkv", .audiovisual, "video/x-matroska"),
    "avi": ("avi", .audiovisual, "video/x-msvideo"),
    "flv": ("flv", .audiovisual, "video/x-flv"),
    "mpegts": ("mpegts", .audiovisual, "video/mp2t"),
    "mpeg": ("mpeg", .audiovisual, "video/mpeg"),
    "asf": ("asf", .audiovisual, "video/x-ms-asf"),
  ]
}
