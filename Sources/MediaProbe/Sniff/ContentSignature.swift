/// What a file's leading bytes say it is, for a caller that must explain a file the probe could
/// not read: a HEIC photo (which FFmpeg 5.1 cannot decode) or an SVG (which the probe refuses)
/// is a picture in a format the caller may not accept, not an unrecognisable file.
public enum ContentSignature {
  /// The short lowercase name the content sniffer gives the first 4 KB of the regular file at
  /// `path` when they are a picture (`heif`, `svg`, `gif`, `jpeg`, …); `nil` when they are
  /// something else, match no known signature, or cannot be read. Reads nothing else and opens
  /// nothing that is not a regular file.
  public static func pictureFormat(ofFileAt path: String) -> String? {
    guard let source = try? FileByteSource(path: path),
      let head = try? source.bytes(at: 0, length: ContentSniffer.headLength),
      let format = ContentSniffer.sniff(head), format.family == .image
    else { return nil }
    return format.name
  }
}
