/// Walks the top-level boxes of an ISO base media file (MP4, MOV) by their headers only.
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
