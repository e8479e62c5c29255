/// A still picture's displayed size as its header states it, read without decoding: for work a
/// caller starts before the probe's answer (a preview fits the last frame while the first frame
/// still decodes) and checks against that answer afterwards. Never a verdict: the probe's
/// guards, decoder and integrity checks have not run.
package enum HeaderGlance {
  /// The width and height the still picture at `path` is displayed at: its stored size, turned
  /// by its orientation (EXIF, XMP or HEIF); `nil` when the file is not a single still picture
  /// whose header the probe's readers parse.
  package static func displaySize(ofFile path: String) -> (width: Int, height: Int)? {
    guard let source = try? FileByteSource(path: path),
      let head = try? source.bytes(at: 0, length: ContentSniffer.headLength),
      let sniffed = ContentSniffer.sniff(head), sniffed.family == .image,
      let header = ImageHeaderReader.read(source, format: sniffed.name),
      header.width > 0, header.height > 0, !header.isAnimated
    else { return nil }
    let turned = (5...8).contains(header.orientation ?? 1)
    return turned ? (header.height, header.width) : (header.width, header.height)
  }
}
