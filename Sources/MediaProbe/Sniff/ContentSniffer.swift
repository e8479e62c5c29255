/// What a file's leading bytes say it is, whatever its name.
struct SniffedFormat: Equatable, Sendable {
  /// The broad family a format belongs to.
  typealias Family = ContentFormat.Family

  /// A short lowercase name: `jpeg`, `png`, `mp4`, `mov`, `m4a`, `avif`, `webm`, …
  let name: String
  let family: Family
  /// The MIME type of the content (`image/jpeg`, `video/quicktime`, …).
  let mimeType: String
  /// The FFmpeg demuxer to open it with; `nil` lets FFmpeg probe (within the allowlist).
  let demuxer: String?

  /// What the caller may know of it: name, family and MIME type.
  var content: ContentFormat { ContentFormat(name: name, family: family, mimeType: mimeType) }
}

/// Names a file's format from its first bytes: magic numbers, ISO BMFF brands, RIFF forms and
/// the EBML DocType, so that an AVIF is not called MP4, a WebM not Matroska, and a JPEG named
/// `.png` is a JPEG.
enum ContentSniffer {
  /// How many leading bytes ``sniff(_:)`` looks at.
  static let headLength = 4096

  /// The format of content starting with `head`, or `nil` when no known signature matches.
  static func sniff(_ head: [UInt8]) -> SniffedFormat? {
    image(head) ?? isoMedia(head) ?? riff(head) ?? audio(head) ?? otherContainer(head)
  }

  private static func image(_ head: [UInt8]) -> SniffedFormat? {
    if head.starts(with: [0xFF, 0xD8, 0xFF]) {
      return .init("jpeg", .image, "image/jpeg", "jpeg_pipe")
    }
    if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
      return .init("png", .image, "image/png", "png_pipe")
    }
    if head.matches("BM", at: 0), head.count >= 18, let size = head.littleEndian(at: 14, width: 4),
      [12, 16, 40, 52, 56, 64, 108, 124].contains(size)
    {
      return .init("bmp", .image, "image/bmp", "bmp_pipe")
    }
    if head.matches("GIF87a", at: 0) || head.matches("GIF89a", at: 0) {
      return .init("gif", .image, "image/gif", "gif")
    }
    if head.starts(with: [0x49, 0x49, 0x2A, 0x00]) || head.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) {
      return .init("tiff", .image, "image/tiff", "tiff_pipe")
    }
    if head.starts(with: [0xFF, 0x0A])
      || head.starts(with: [0, 0, 0, 0x0C, 0x4A, 0x58, 0x4C, 0x20, 0x0D, 0x0A, 0x87, 0x0A])
    {
      return .init("jxl", .image, "image/jxl", "jpegxl_pipe")
    }
    if looksLikeSVG(head) { return .init("svg", .image, "image/svg+xml", "svg_pipe") }
    return nil
  }

  /// ISO base media files: the `ftyp` brands decide, or a QuickTime file without `ftyp`.
  private static func isoMedia(_ head: [UInt8]) -> SniffedFormat? {
    guard head.count >= 12 else { return nil }
    if head.matches("ftyp", at: 4) {
      let boxSize = Int(head.bigEndian(at: 0, width: 4) ?? 0)
      let end = min(max(boxSize, 16), head.count)
      var brands = [String(decoding: head[8..<12], as: UTF8.self)]
      var index = 16
      while index + 4 <= end {
        brands.append(String(decoding: head[index..<index + 4], as: UTF8.self))
        index += 4
      }
      return isoFormat(brands: brands)
    }
    let quickTimeAtoms = ["moov", "mdat", "wide", "free", "skip", "pnot"]
    if quickTimeAtoms.contains(where: { head.matches($0, at: 4) }) {
      return .init("mov", .audiovisual, "video/quicktime", "mov")
    }
    return nil
  }

  /// The format an ISO BMFF file's brands name; the major brand is first.
  static func isoFormat(brands: [String]) -> SniffedFormat {
    let major = brands[0]
    if brands.contains(where: { $0 == "avif" || $0 == "avis" }) {
      return .init("avif", .image, "image/avif", nil)
    }
    let heif = ["heic", "heix", "hevc", "heim", "heis", "hevm", "hevs", "mif1", "msf1"]
    if heif.contains(major) { return .init("heif", .image, "image/heif", nil) }
    if major == "qt  " { return .init("mov", .audiovisual, "video/quicktime", "mov") }
    if ["M4A ", "M4B ", "M4P "].contains(major) {
      return .init("m4a", .audio, "audio/mp4", "mov")
    }
    if major.hasPrefix("3gp") || major.hasPrefix("3g2") {
      return .init("3gp", .audiovisual, "video/3gpp", "mov")
    }
    if major == "crx " { return .init("cr3", .image, "image/x-canon-cr3", nil) }
    return .init("mp4", .audiovisual, "video/mp4", "mov")
  }

  /// RIFF and its 64-bit variants: WAV, AVI, WebP.
  private static func riff(_ head: [UInt8]) -> SniffedFormat? {
    guard head.count >= 12 else { return nil }
    if head.matches("RIFF", at: 0) || head.matches("RF64", at: 0) || head.matches("BW64", at: 0) {
      if head.matches("WAVE", at: 8) { return .init("wav", .audio, "audio/wav", "wav") }
      if head.matches("RIFF", at: 0), head.matches("WEBP", at: 8) {
        return .init("webp", .image, "image/webp", "webp_pipe")
      }
      if head.matches("AVI ", at: 8) { return .init("avi", .audiovisual, "video/x-msvideo", "avi") }
    }
    if head.matches("riff", at: 0), head.count >= 16, head[4] == 0x2E, head[5] == 0x91 {
      return .init("w64", .audio, "audio/x-w64", "w64")
    }
    return nil
  }

  private static func audio(_ head: [UInt8]) -> SniffedFormat? {
    if head.matches("fLaC", at: 0) { return .init("flac", .audio, "audio/flac", "flac") }
    if head.matches("OggS", at: 0) { return .init("ogg", .audio, "audio/ogg", "ogg") }
    if head.matches("#!AMR", at: 0) { return .init("amr", .audio, "audio/amr", "amr") }
    if head.matches("FORM", at: 0), head.matches("AIFF", at: 8) || head.matches("AIFC", at: 8) {
      return .init("aiff", .audio, "audio/aiff", "aiff")
    }
    if head.matches("caff", at: 0) { return .init("caf", .audio, "audio/x-caf", "caf") }
    var start = 0
    if head.matches("ID3", at: 0), head.count >= 10 {
      // The tag size is a 28-bit "syncsafe" integer; a footer adds 10 bytes.
      let size = head[6..<10].reduce(0) { $0 << 7 | Int($1 & 0x7F) }
      start = 10 + size + (head[5] & 0x10 != 0 ? 10 : 0)
      // A tag longer than the head (cover art): let FFmpeg's probe skip it and look behind.
      if start + 7 > head.count { return nil }
    }
    if isADTSHeader(head, at: start) { return .init("aac", .audio, "audio/aac", "aac") }
    if isMPEGAudioHeader(head, at: start) { return .init("mp3", .audio, "audio/mpeg", "mp3") }
    return nil
  }

  private static func otherContainer(_ head: [UInt8]) -> SniffedFormat? {
    if head.starts(with: [0x1A, 0x45, 0xDF, 0xA3]) {
      if containsASCII(head, "webm") {
        return .init("webm", .audiovisual, "video/webm", "matroska")
      }
      return .init("mkv", .audiovisual, "video/x-matroska", "matroska")
    }
    if head.matches("FLV", at: 0), head.count >= 9, head[3] == 1 {
      return .init("flv", .audiovisual, "video/x-flv", "flv")
    }
    if head.count >= 377, head[0] == 0x47, head[188] == 0x47, head[376] == 0x47 {
      return .init("mpegts", .audiovisual, "video/mp2t", "mpegts")
    }
    if head.starts(with: [0x00, 0x00, 0x01, 0xBA]) {
      return .init("mpeg", .audiovisual, "video/mpeg", "mpeg")
    }
    let asfGUID: [UInt8] = [
      0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11, 0xA6, 0xD9, 0x00, 0xAA, 0x00, 0x62, 0xCE,
      0x6C,
    ]
    if head.starts(with: asfGUID) { return .init("asf", .audiovisual, "video/x-ms-asf", "asf") }
    return nil
  }

  /// An ADTS frame header: sync 0xFFF, layer 00, a valid sampling index and a sane length.
  private static func isADTSHeader(_ head: [UInt8], at index: Int) -> Bool {
    guard index + 7 <= head.count, head[index] == 0xFF, head[index + 1] & 0xF6 == 0xF0 else {
      return false
    }
    let samplingIndex = (head[index + 2] >> 2) & 0x0F
    let length =
      (Int(head[index + 3] & 0x03) << 11) | (Int(head[index + 4]) << 3)
      | Int(head[index + 5] >> 5)
    return samplingIndex < 13 && length >= 7
  }

  /// An MPEG audio (layer I–III) frame header with valid version, layer, bitrate and rate.
  private static func isMPEGAudioHeader(_ head: [UInt8], at index: Int) -> Bool {
    guard index + 4 <= head.count, head[index] == 0xFF, head[index + 1] & 0xE0 == 0xE0 else {
      return false
    }
    let version = (head[index + 1] >> 3) & 0x03
    let layer = (head[index + 1] >> 1) & 0x03
    let bitrate = head[index + 2] >> 4
    let rate = (head[index + 2] >> 2) & 0x03
    return version != 1 && layer != 0 && bitrate != 0x0F && bitrate != 0 && rate != 3
  }

  private static func looksLikeSVG(_ head: [UInt8]) -> Bool {
    let text = String(decoding: head.prefix(1024), as: UTF8.self)
    let trimmed = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
    guard trimmed.hasPrefix("<") else { return false }
    return trimmed.hasPrefix("<svg") || (trimmed.hasPrefix("<?xml") && text.contains("<svg"))
  }

  private static func containsASCII(_ head: [UInt8], _ text: String) -> Bool {
    let pattern = Array(text.utf8)
    let window = head.prefix(64)
    guard window.count >= pattern.count else { return false }
    return (0...(window.count - pattern.count)).contains { head.matches(text, at: $0) }
  }
}

extension SniffedFormat {
  fileprivate init(_ name: String, _ family: Family, _ mime: String, _ demuxer: String?) {
    self.init(name: name, family: family, mimeType: mime, demuxer: demuxer)
  }
}
