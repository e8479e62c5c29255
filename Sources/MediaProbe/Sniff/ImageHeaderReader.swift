/// Facts read straight from an image file's header, before any decoder runs.
struct ImageHeader: Equatable, Sendable {
  /// The stored (coded) width, as the header states it.
  var width: Int
  /// The stored (coded) height.
  var height: Int
  /// The EXIF orientation (1…8), if the file states one.
  var orientation: Int?
  /// Where ``orientation`` was found: `exif`, `xmp` or `heif`.
  var orientationSource: String?
  /// Bits per sample, when the header states it (a JPEG's frame header: 8 or 12).
  var bitsPerSample: Int?
  /// Colour components a pixel has, when the header states it (a JPEG's frame header: 1, 3, or
  /// 4 for CMYK and YCCK).
  var components: Int?
  /// Whether the file holds more than one frame.
  var isAnimated = false
  /// The number of frames, when the header tells it.
  var frameCount: Int?
  /// Whether compressed metadata (PNG `zTXt`, `iCCP`, compressed `iTXt`) would inflate beyond
  /// ``ImageHeaderReader/maxInflatedMetadata`` bytes: FFmpeg inflates those chunks in memory.
  var metadataBomb = false
  /// How many bytes PNG compressed metadata was measured to inflate to, all chunks together;
  /// each chunk is inflated only up to what is left of the budget, so a bomb ends at
  /// ``ImageHeaderReader/maxInflatedMetadata`` + 1.
  var inflatedMetadata: Int64 = 0
}

/// Reads image headers by walking their chunks or segments, skipping what it does not need.
///
/// Every length is checked against the file, no single read exceeds ``maxRead``, and every walk
/// stops after ``maxSteps`` steps, so a hostile file costs little (a PNG with a 100 MB text
/// chunk is skipped with one seek).
enum ImageHeaderReader {
  static let maxRead = 1 << 20
  static let maxSteps = 10_000
  /// The most bytes a PNG's compressed metadata may inflate to, all chunks together.
  static let maxInflatedMetadata: Int64 = 16 << 20

  /// The header of an image whose content was sniffed as `format`; `nil` for formats it does
  /// not parse or headers it cannot make sense of (FFmpeg then has the last word).
  static func read(_ source: some ByteSource, format: String) -> ImageHeader? {
    switch format {
    case "jpeg": jpeg(source)
    case "png": png(source)
    case "webp": webp(source)
    case "bmp": bmp(source)
    case "gif": gif(source)
    case "avif": HeifProperties.header(source)
    default: nil
    }
  }

  // MARK: JPEG

  private static func jpeg(_ source: some ByteSource) -> ImageHeader? {
    var offset: Int64 = 2
    var orientation: Int?
    for _ in 0..<maxSteps {
      guard let marker = try? source.bytes(at: offset, length: 4), marker.count >= 2,
        marker[0] == 0xFF
      else { return nil }
      let code = marker[1]
      if code == 0xFF {
        offset += 1
        continue
      }
      if code == 0x01 || (0xD0...0xD8).contains(code) {
        offset += 2
        continue
      }
      guard let length = marker.bigEndian(at: 2, width: 2), length >= 2 else { return nil }
      let body = offset + 4
      if code == 0xE1, orientation == nil,
        let segment = try? source.bytes(at: body, length: min(Int(length) - 2, maxRead)),
        segment.matches("Exif\0\0", at: 0)
      {
        orientation = ExifOrientationReader.orientation(inTIFF: segment)
      }
      let isFrameHeader = (0xC0...0xCF).contains(code) && ![0xC4, 0xC8, 0xCC].contains(code)
      if isFrameHeader {
        guard let frame = try? source.bytes(at: body, length: 6), frame.count == 6,
          let height = frame.bigEndian(at: 1, width: 2),
          let width = frame.bigEndian(at: 3, width: 2)
        else { return nil }
        return ImageHeader(
          width: Int(width), height: Int(height), orientation: orientation,
          orientationSource: orientation == nil ? nil : "exif", bitsPerSample: Int(frame[0]),
          components: Int(frame[5]))
      }
      if code == 0xDA || code == 0xD9 { return nil }
      offset += 2 + Int64(length)
    }
    return nil
  }

  // MARK: WebP

  private static func webp(_ source: some ByteSource) -> ImageHeader? {
    var header: ImageHeader?
    var exif: Int?
    var offset: Int64 = 12
    for _ in 0..<maxSteps {
      guard let chunk = try? source.bytes(at: offset, length: 30), chunk.count >= 8,
        let length = chunk.littleEndian(at: 4, width: 4)
      else { break }
      let data = Array(chunk.dropFirst(8))
      switch String(decoding: chunk[0..<4], as: UTF8.self) {
      case "VP8X":
        guard let flags = data.first, let width = data.littleEndian(at: 4, width: 3),
          let height = data.littleEndian(at: 7, width: 3)
        else { return nil }
        header = ImageHeader(
          width: Int(width) + 1, height: Int(height) + 1, isAnimated: flags & 0x02 != 0)
      case "VP8 " where header == nil:
        // Frame tag (3 bytes), start code 9D 01 2A, then 14-bit width and height.
        guard data.count >= 10, data[3] == 0x9D, data[4] == 0x01, data[5] == 0x2A,
          let width = data.littleEndian(at: 6, width: 2),
          let height = data.littleEndian(at: 8, width: 2)
        else { return nil }
        header = ImageHeader(width: Int(width & 0x3FFF), height: Int(height & 0x3FFF))
      case "VP8L" where header == nil:
        guard data.first == 0x2F, let bits = data.littleEndian(at: 1, width: 4) else { return nil }
        header = ImageHeader(
          width: Int(bits & 0x3FFF) + 1, height: Int((bits >> 14) & 0x3FFF) + 1)
      case "ANIM":
        header?.isAnimated = true
      case "EXIF" where length <= UInt64(maxRead):
        if let block = try? source.bytes(at: offset + 8, length: Int(length)) {
          exif = ExifOrientationReader.orientation(inTIFF: block)
        }
      default:
        break
      }
      offset += 8 + Int64(length) + Int64(length & 1)  // chunks are padded to even sizes
      if offset >= source.count { break }
    }
    if let exif {
      header?.orientation = exif
      header?.orientationSource = "exif"
    }
    return header
  }

  // MARK: BMP

  private static func bmp(_ source: some ByteSource) -> ImageHeader? {
    guard let head = try? source.bytes(at: 14, length: 12),
      let size = head.littleEndian(at: 0, width: 4)
    else { return nil }
    if size == 12 {  // OS/2 1.x: 16-bit unsigned sizes
      guard let width = head.littleEndian(at: 4, width: 2),
        let height = head.littleEndian(at: 6, width: 2)
      else { return nil }
      return ImageHeader(width: Int(width), height: Int(height))
    }
    guard let width = head.littleEndian(at: 4, width: 4),
      let height = head.littleEndian(at: 8, width: 4)
    else { return nil }
    // Signed 32-bit; a negative height means rows are stored top-down.
    return ImageHeader(
      width: Int(Int32(truncatingIfNeeded: width).magnitude),
      height: Int(Int32(truncatingIfNeeded: height).magnitude))
  }

  // MARK: GIF

  private static func gif(_ source: some ByteSource) -> ImageHeader? {
    guard let screen = try? source.bytes(at: 0, length: 13), screen.count == 13,
      let width = screen.littleEndian(at: 6, width: 2),
      let height = screen.littleEndian(at: 8, width: 2)
    else { return nil }
    var header = ImageHeader(width: Int(width), height: Int(height))
    var offset: Int64 = 13
    if screen[10] & 0x80 != 0 { offset += 3 << (Int64(screen[10] & 0x07) + 1) }
    var frames = 0
    walk: for _ in 0..<maxSteps {
      guard let block = try? source.bytes(at: offset, length: 10), let kind = block.first else {
        break
      }
      switch kind {
      case 0x2C:  // image descriptor, optional local colour table, LZW size, data sub-blocks
        guard block.count == 10 else { break walk }
        frames += 1
        offset += 10
        if block[9] & 0x80 != 0 { offset += 3 << (Int64(block[9] & 0x07) + 1) }
        offset += 1
      case 0x21:  // extension: label, then sub-blocks
        offset += 2
      case 0x3B:
        break walk
      default:
        break walk
      }
      guard let end = skipSubBlocks(source, from: offset) else { break }
      offset = end
    }
    header.frameCount = frames
    header.isAnimated = frames > 1
    return header
  }

  /// The offset after a chain of GIF data sub-blocks (each a length byte, 0 ends the chain).
  private static func skipSubBlocks(_ source: some ByteSource, from start: Int64) -> Int64? {
    var offset = start
    for _ in 0..<(maxSteps * 100) {
      guard let length = try? source.bytes(at: offset, length: 1).first else { return nil }
      offset += 1 + Int64(length)
      if length == 0 { return offset }
    }
    return nil
  }
}
