/// Finds whether a JPEG's compressed data is complete.
///
/// FFmpeg's JPEG decoder hands back a frame when the end-of-image marker is missing ("EOI
/// missing, emulating"), grey where the data was cut. A JPEG is complete when an EOI marker
/// (`FF D9`) follows its first start-of-scan: entropy-coded data never holds `FF D9`, and an EXIF
/// thumbnail's own EOI stands before the main image's scan.
enum JPEGEndMarker {
  /// Whether an end-of-image marker follows the first start-of-scan; `false` when the marker
  /// walk or the scan never finds it.
  static func isPresent(in source: some ByteSource) -> Bool {
    guard let scanStart = firstScanOffset(in: source) else { return false }
    var offset = scanStart
    var previousWasMarkerPrefix = false
    while offset < source.count {
      guard let chunk = try? source.bytes(at: offset, length: 1 << 16), !chunk.isEmpty else {
        return false
      }
      for byte in chunk {
        if previousWasMarkerPrefix && byte == 0xD9 { return true }
        previousWasMarkerPrefix = byte == 0xFF
      }
      offset += Int64(chunk.count)
    }
    return false
  }

  /// The offset just past the first SOS segment header, found by walking the marker segments.
  private static func firstScanOffset(in source: some ByteSource) -> Int64? {
    var offset: Int64 = 2  // after SOI
    for _ in 0..<10_000 {
      guard let header = try? source.bytes(at: offset, length: 4), header.count == 4,
        header[0] == 0xFF
      else { return nil }
      let marker = header[1]
      if marker == 0xFF {  // fill byte
        offset += 1
        continue
      }
      if marker == 0x01 || (0xD0...0xD7).contains(marker) {  // segments without a length
        offset += 2
        continue
      }
      let length = Int64(header[2]) << 8 | Int64(header[3])
      guard length >= 2 else { return nil }
      offset += 2 + length
      if marker == 0xDA { return offset }
    }
    return nil
  }
}
