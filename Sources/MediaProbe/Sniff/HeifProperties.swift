/// Reads what a HEIF or AVIF file says about its primary image: the size (`ispe`) and the
/// transformations a viewer applies (`irot`, `imir`), which FFmpeg 5.1 ignores.
///
/// The `meta` box is read whole (at most ``maxMetaBytes``) and walked with ``IsoBoxScanner``:
/// `pitm` names the primary item, `iprp` → `ipco` lists the properties and `ipma` says which
/// belong to which item, in the order they apply (ISO/IEC 23008-12, 6.5).
enum HeifProperties {
  /// The largest `meta` box read; real ones are a few hundred bytes to a few KB.
  static let maxMetaBytes = 1 << 20

  /// The primary image's size and orientation, or `nil` when the file has no readable `meta`
  /// box or its primary item has no `ispe` property.
  static func header(_ source: some ByteSource) -> ImageHeader? {
    guard let (offset, size) = IsoBoxScanner.topLevelBox("meta", in: source),
      size <= maxMetaBytes, let bytes = try? source.bytes(at: offset, length: Int(size)),
      bytes.count == Int(size),
      let meta = IsoBoxScanner.boxes(in: bytes, range: 0..<bytes.count).first,
      meta.payload.count >= 4
    else { return nil }
    // `meta` is a full box: a version and flags (4 bytes) come before its children.
    let children = IsoBoxScanner.boxes(
      in: bytes, range: meta.payload.lowerBound + 4..<meta.payload.upperBound)
    guard let item = primaryItem(children, bytes),
      let iprp = children.first(where: { $0.type == "iprp" })
    else { return nil }
    let groups = IsoBoxScanner.boxes(in: bytes, range: iprp.payload)
    guard let ipco = groups.first(where: { $0.type == "ipco" }),
      let ipma = groups.first(where: { $0.type == "ipma" })
    else { return nil }
    let properties = IsoBoxScanner.boxes(in: bytes, range: ipco.payload)
    let associated = propertyIndices(of: item, ipma: ipma, bytes).compactMap { index in
      // Indices count from 1; 0 means "no property".
      index >= 1 && index <= properties.count ? properties[index - 1] : nil
    }
    guard let extent = associated.first(where: { $0.type == "ispe" }),
      extent.payload.count >= 12,
      let width = bytes.bigEndian(at: extent.payload.lowerBound + 4, width: 4),
      let height = bytes.bigEndian(at: extent.payload.lowerBound + 8, width: 4)
    else { return nil }
    var transform = Transform()
    var transformed = false
    for property in associated where !property.payload.isEmpty {
      let value = bytes[property.payload.lowerBound]
      switch property.type {
      case "irot":
        transform.rotateCounterClockwise(quarterTurns: Int(value & 0x03))
        transformed = true
      case "imir":
        transform.mirror(exchangingTopAndBottom: value & 0x01 == 0)
        transformed = true
      default:
        continue
      }
    }
    return ImageHeader(
      width: Int(width), height: Int(height),
      orientation: transformed ? transform.exifOrientation : nil,
      orientationSource: transformed ? "heif" : nil)
  }

  /// The primary item's ID from `pitm` (16 bits in version 0, 32 bits from version 1).
  private static func primaryItem(_ children: [IsoBoxScanner.Box], _ bytes: [UInt8]) -> UInt64? {
    guard let pitm = children.first(where: { $0.type == "pitm" }), pitm.payload.count >= 6
    else { return nil }
    let start = pitm.payload.lowerBound
    return bytes.bigEndian(at: start + 4, width: bytes[start] == 0 ? 2 : 4)
  }

  /// The 1-based `ipco` indices `ipma` associates with `item`, in the order given.
  private static func propertyIndices(
    of item: UInt64, ipma: IsoBoxScanner.Box, _ bytes: [UInt8]
  ) -> [Int] {
    let end = ipma.payload.upperBound
    var offset = ipma.payload.lowerBound
    guard offset + 8 <= end else { return [] }
    let version = bytes[offset]
    let wideIndices = bytes[offset + 3] & 0x01 != 0
    let idWidth = version < 1 ? 2 : 4
    let indexWidth = wideIndices ? 2 : 1
    guard let entries = bytes.bigEndian(at: offset + 4, width: 4) else { return [] }
    offset += 8
    for _ in 0..<min(entries, 100_000) {
      guard offset + idWidth + 1 <= end, let id = bytes.bigEndian(at: offset, width: idWidth)
      else { return [] }
      let count = Int(bytes[offset + idWidth])
      offset += idWidth + 1
      guard offset + count * indexWidth <= end else { return [] }
      if id == item {
        return (0..<count).compactMap { n in
          // The top bit says "essential"; the rest is the index.
          bytes.bigEndian(at: offset + n * indexWidth, width: indexWidth).map {
            Int($0 & (wideIndices ? 0x7FFF : 0x7F))
          }
        }
      }
      offset += count * indexWidth
    }
    return []
  }

  /// A rotation and mirroring, composed in the order the properties apply, kept as "turn
  /// clockwise by ``clockwiseQuarterTurns``, then mirror left to right if ``mirrored``" (the
  /// reading ``ImageDetails/Orientation`` gives EXIF values).
  struct Transform: Equatable {
    /// Quarter turns clockwise, 0…3.
    var clockwiseQuarterTurns = 0
    /// Whether the turned picture is then mirrored left to right.
    var mirrored = false

    /// Applies `irot`: the picture turns counter-clockwise by `quarterTurns` quarter turns.
    mutating func rotateCounterClockwise(quarterTurns: Int) {
      // Turning after a mirror equals mirroring after the opposite turn.
      let clockwise = (4 - quarterTurns % 4) % 4
      clockwiseQuarterTurns = (clockwiseQuarterTurns + (mirrored ? 4 - clockwise : clockwise)) % 4
    }

    /// Applies `imir`: axis 0 exchanges top and bottom, axis 1 left and right
    /// (ISO/IEC 23008-12:2022, as libavif reads it). A top-to-bottom exchange is a left-to-right
    /// one after a half turn.
    mutating func mirror(exchangingTopAndBottom: Bool) {
      if exchangingTopAndBottom { clockwiseQuarterTurns = (clockwiseQuarterTurns + 2) % 4 }
      mirrored.toggle()
    }

    /// The EXIF orientation (1…8) that asks a viewer for the same transformation.
    var exifOrientation: Int {
      mirrored ? [2, 5, 4, 7][clockwiseQuarterTurns] : [1, 6, 3, 8][clockwiseQuarterTurns]
    }
  }
}
