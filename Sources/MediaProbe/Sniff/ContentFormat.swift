/// What a file's leading bytes say it is, whatever its name: the format the probe's content
/// sniffer recognised. ``ProbeError/sniffedFormat`` carries it when a probe fails after the
/// sniff, so a caller can tell a HEIC photo or an SVG (a picture in a format it may not accept)
/// from an unrecognisable file without reading the file again.
public struct ContentFormat: Sendable, Equatable, Codable {
  /// A short lowercase name: `jpeg`, `png`, `heif`, `svg`, `mp4`, `mov`, `m4a`, `avif`, `webm`, …
  public var name: String
  /// The broad family the format belongs to.
  public var family: Family
  /// The MIME type of the content (`image/jpeg`, `video/quicktime`, …).
  public var mimeType: String

  /// Creates a format description.
  public init(name: String, family: Family, mimeType: String) {
    self.name = name
    self.family = family
    self.mimeType = mimeType
  }

  /// The broad family a format belongs to.
  public enum Family: String, Sendable, Codable, CaseIterable {
    /// Still or animated pictures (JPEG, PNG, HEIF, SVG, …).
    case image
    /// Sound only (MP3, WAV, FLAC, …).
    case audio
    /// Containers that hold video and/or audio (MP4, MOV, WebM, …).
    case audiovisual
  }

  enum CodingKeys: String, CodingKey {
    case name, family
    case mimeType = "mime_type"
  }
}
