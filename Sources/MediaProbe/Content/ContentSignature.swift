/// What a file's leading bytes say it is, for a caller that must explain a file the probe could
/// not read: a HEIC photo (which FFmpeg 5.1 cannot decode) or an SVG (which the probe refuses)
/// is a picture in a format the caller may not accept, not an unrecognisable file.
public enum ContentSignature {
  /// The short lowercase format name the content sniffer gives the first 4 KB of the regular
  /// file at `path` (`heif`, `svg`, `jpeg`, `mp4`, …), or `nil` when no known signature matches
  /// or the file cannot be read. Reads nothing else and opens nothing that is not a regular file.
  public static func format(ofFileAt path: String) -> String? {
    guard let source = try? FileByteSource(path: path),
      let head = try? source.bytes(at: 0, length: ContentSniffer.headLength)
    else { return nil }
    return ContentSniffer.sniff(head)?.name
  }
}
