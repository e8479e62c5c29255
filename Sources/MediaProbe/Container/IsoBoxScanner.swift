/// Walks the top-level boxes of an ISO base media file (MP4, MOV) by their headers only.
enum IsoBoxScanner {
  /// Whether a top-level box of type `type` (e.g. `moof`: the file is fragmented) exists.
  ///
  /// Reads 16 bytes a box and skips the rest by its size; stops after 100,000 boxes or at the
  /// first header that does not fit the file.
  static func containsTopLevelBox(_ type: String, in source: some ByteSource) -> Bool {
    let wanted = Array(type.utf8)
    var offset: Int64 = 0
    for _ in 0..<100_000 {
      guard offset + 8 <= source.count,
        let header = try? source.bytes(at: offset, length: 16), header.count >= 8
      else { return false }
      if Array(header[4..<8]) == wanted { return true }
      var size = Int64(bigEndian32(header, at: 0))
      if size == 1 {
        guard header.count >= 16 else { return false }
        size = Int64(
          truncatingIfNeeded: UInt64(bigEndian32(header, at: 8)) << 32
            | UInt64(bigEndian32(header, at: 12)))
      } else if size == 0 {
        return false  // the box runs to the end of the file
      }
      guard size >= 8 else { return false }
      offset += size
    }
    return false
  }

  private static func bigEndian32(_ bytes: [UInt8], at index: Int) -> UInt32 {
    bytes[index..<index + 4].reduce(0) { $0 << 8 | UInt32($1) }
  }
}
