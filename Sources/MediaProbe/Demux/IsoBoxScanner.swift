/// Walks the boxes of an ISO base media file (MP4, MOV, HEIF, AVIF) by their headers only.
///
/// Sizes come from the file, so every step is checked: a 64-bit size near `Int64.max` (or past
/// it) ends the walk with a verdict, never with an overflow.
enum IsoBoxScanner {
  /// The most top-level boxes a walk reads.
  static let maxBoxes = 100_000

  /// Whether a top-level box of type `type` (e.g. `moof`: the file is fragmented) exists.
  ///
  /// Reads 16 bytes a box and skips the rest by its size; stops after ``maxBoxes`` boxes, at a
  /// box that runs to the end of the file, or at the first header or box that does not fit.
  static func containsTopLevelBox(_ type: String, in source: some ByteSource) -> Bool {
    let wanted = Array(type.utf8)
    var found = false
    walk(source) { box in
      found = box.type == wanted
      return !found
    }
    return found
  }

  /// Where the first top-level box of type `type` starts and the size its header states
  /// (header included); `nil` when the walk finds none (see ``containsTopLevelBox(_:in:)``).
  /// The size may run past the end of the file: a caller reading the box checks what it got.
  static func topLevelBox(
    _ type: String, in source: some ByteSource
  ) -> (offset: Int64, size: Int64)? {
    let wanted = Array(type.utf8)
    var found: (offset: Int64, size: Int64)?
    walk(source) { box in
      if box.type == wanted { found = (box.offset, Int64(exactly: box.statedSize) ?? .max) }
      return found == nil
    }
    return found
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

  /// The first top-level box whose stated size runs past the end of the file: the file is
  /// shorter than its own header says (cut off, or a size field that lies). `nil` when every
  /// box fits, or when the walk stops first (a header that does not fit or makes no sense, a
  /// box that runs to the end, ``maxBoxes`` boxes).
  ///
  /// Only a box whose type is four printable ASCII characters counts: a few junk bytes after
  /// the last box are not read as a box.
  static func boxPastEnd(in source: some ByteSource) -> BoxHeader? {
    var overrun: BoxHeader?
    walk(source) { box in
      if box.end == nil, box.hasPrintableType { overrun = box }
      return box.end != nil
    }
    return overrun
  }

  /// One top-level box header, as the file states it.
  struct BoxHeader: Equatable {
    /// The four type bytes (`mdat`, `moov`, …).
    let type: [UInt8]
    /// Where the box starts.
    let offset: Int64
    /// The size the header states, the header included (a 64-bit `largesize` when the 32-bit
    /// field is 1).
    let statedSize: UInt64
    /// Where the box ends, when that is within the file; `nil` when it runs past the end.
    let end: Int64?

    /// The type as text, for messages (bytes that are not ASCII shown as `?`).
    var typeName: String {
      String(
        decoding: type.map { (0x20...0x7E).contains($0) ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
    }

    var hasPrintableType: Bool { type.allSatisfy { (0x20...0x7E).contains($0) } }
  }

  /// Calls `visit` with each top-level box header in file order while it returns `true`.
  ///
  /// Stops after ``maxBoxes`` boxes, at a header that does not fit the file, at a size under the
  /// header's own length, at a box that runs to the end (size 0), and after the first box that
  /// runs past the end (its ``BoxHeader/end`` is `nil`).
  private static func walk(_ source: some ByteSource, visit: (BoxHeader) -> Bool) {
    var offset: Int64 = 0
    for _ in 0..<maxBoxes {
      // `offset` never exceeds `source.count` here, so the subtraction cannot overflow.
      guard source.count - offset >= 8,
        let header = try? source.bytes(at: offset, length: 16), header.count >= 8
      else { return }
      let shortSize = bigEndian32(header, at: 0)
      let statedSize: UInt64
      let headerLength: UInt64
      switch shortSize {
      case 0:
        return  // the box runs to the end of the file
      case 1:
        guard header.count >= 16 else { return }
        statedSize = UInt64(bigEndian32(header, at: 8)) << 32 | UInt64(bigEndian32(header, at: 12))
        headerLength = 16
      default:
        statedSize = UInt64(shortSize)
        headerLength = 8
      }
      guard statedSize >= headerLength else { return }
      let remaining = UInt64(source.count - offset)
      let end = statedSize <= remaining ? offset + Int64(statedSize) : nil
      let box = BoxHeader(
        type: Array(header[4..<8]), offset: offset, statedSize: statedSize, end: end)
      guard visit(box), let end else { return }
      offset = end
    }
  }

  private static func bigEndian32(_ bytes: [UInt8], at index: Int) -> UInt32 {
    bytes[index..<index + 4].reduce(0) { $0 << 8 | UInt32($1) }
  }
}
