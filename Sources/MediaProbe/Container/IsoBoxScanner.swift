/// Walks the boxes of an ISO base media file (MP4, MOV, HEIF, AVIF) by their headers only.
enum IsoBoxScanner {
  /// Whether a top-level box of type `type` (e.g. `moof`: the file is fragmented) exists.
  ///
  /// Reads 16 bytes a box and skips the rest by its size; stops after 100,000 boxes or at the
  /// first header that does not fit the file.
  static func containsTopLevelBox(_ type: String, in source: some ByteSource) -> Bool {
    topLevelBox(type, in: source) != nil
  }

  /// Where the first top-level box of type `type` starts and how many bytes it has (header
  /// included); `nil` when there is none. A box that "runs to the end of the file" (size 0)
  /// ends the walk, unless it is the one wanted.
  static func topLevelBox(
    _ type: String, in source: some ByteSource
  ) -> (offset: Int64, size: Int64)? {
    let wanted = Array(type.utf8)
    var offset: Int64 = 0
    for _ in 0..<100_000 {
      guard offset + 8 <= source.count,
        let header = try? source.bytes(at: offset, length: 16), header.count >= 8
      else { return nil }
      var size = Int64(bigEndian32(header, at: 0))
      if size == 1 {
        guard header.count >= 16 else { return nil }
        size = Int64(
          truncatingIfNeeded: UInt64(bigEndian32(header, at: 8)) << 32
            | UInt64(bigEndian32(header, at: 12)))
      } else if size == 0 {
        size = source.count - offset  // the box runs to the end of the file
      }
      if Array(header[4..<8]) == wanted { return (offset, size) }
      guard size >= 8, size <= source.count - offset else { return nil }
      offset += size
    }
    return nil
  }

  /// One box inside bytes already read: its four-character type and its payload's range.
  struct Box: Equatable {
    /// The four-character type, e.g. `ipco`.
    var type: String
    /// Where the payload (after the size and type, and a 64-bit size if any) lies in the bytes.
    var payload: Range<Int>
  }

  /// The boxes that follow one another in `bytes[range]`, in order; stops at the first header
  /// that does not fit the range, and after `limit` boxes.
  static func boxes(in bytes: [UInt8], range: Range<Int>, limit: Int = 10_000) -> [Box] {
    var found: [Box] = []
    var offset = range.lowerBound
    let end = min(range.upperBound, bytes.count)
    while found.count < limit, offset <= end - 8 {
      var size = Int(bigEndian32(bytes, at: offset))
      var headerSize = 8
      if size == 1 {
        guard offset <= end - 16 else { break }
        let large =
          UInt64(bigEndian32(bytes, at: offset + 8)) << 32
          | UInt64(bigEndian32(bytes, at: offset + 12))
        guard large <= UInt64(end - offset) else { break }
        (size, headerSize) = (Int(large), 16)
      } else if size == 0 {
        size = end - offset
      }
      guard size >= headerSize, size <= end - offset else { break }
      let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
      found.append(Box(type: type, payload: offset + headerSize..<offset + size))
      offset += size
    }
    return found
  }

  private static func bigEndian32(_ bytes: [UInt8], at index: Int) -> UInt32 {
    bytes[index..<index + 4].reduce(0) { $0 << 8 | UInt32($1) }
  }
}
