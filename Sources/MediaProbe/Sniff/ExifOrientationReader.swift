/// Reads the orientation tag from an EXIF block.
enum ExifOrientationReader {
  /// The orientation (tag 0x0112 of IFD0, 1…8) in a TIFF-structured EXIF block that starts with
  /// `II*\0` or `MM\0*`, optionally behind an `Exif\0\0` prefix. `nil` when absent, out of range
  /// or malformed; never traps.
  static func orientation(inTIFF block: [UInt8]) -> Int? {
    let tiff = block.matches("Exif\0\0", at: 0) ? Array(block.dropFirst(6)) : block
    let littleEndian: Bool
    if tiff.matches("II*\0", at: 0) {
      littleEndian = true
    } else if tiff.matches("MM\0*", at: 0) {
      littleEndian = false
    } else {
      return nil
    }
    func read(_ index: Int, _ width: Int) -> Int? {
      let value =
        littleEndian
        ? tiff.littleEndian(at: index, width: width) : tiff.bigEndian(at: index, width: width)
      return value.map { Int(truncatingIfNeeded: $0) }
    }
    guard let ifd = read(4, 4), let entries = read(ifd, 2), entries < 1000 else { return nil }
    for entry in 0..<entries {
      let base = ifd + 2 + entry * 12
      guard let tag = read(base, 2), let type = read(base + 2, 2) else { return nil }
      guard tag == 0x0112 else { continue }
      // SHORT (3) is standard; some writers use LONG (4).
      let value = type == 4 ? read(base + 8, 4) : read(base + 8, 2)
      return value.flatMap { (1...8).contains($0) ? $0 : nil }
    }
    return nil
  }

  /// The orientation in XMP text: `tiff:Orientation="6"` or `<tiff:Orientation>6<…`.
  static func orientation(inXMP text: String) -> Int? {
    for marker in ["tiff:Orientation=\"", "tiff:Orientation='", "<tiff:Orientation>"] {
      guard let range = text.firstRange(of: marker) else { continue }
      let digits = text[range.upperBound...].prefix { $0.isNumber }
      if let value = Int(digits), (1...8).contains(value) { return value }
    }
    return nil
  }
}
