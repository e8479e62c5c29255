/// Finds damage that FFmpeg's decoders conceal, by reading the file's own structure.
///
/// FFmpeg hands back a frame for a JPEG whose data was cut ("EOI missing, emulating"), for a BMP
/// whose run-length data points outside the picture ("Skip beyond picture bounds"), and decodes
/// a raw AAC stream whose last frame is cut. Each check walks the file's structure with bounded
/// reads and names what it found.
enum IntegrityCheck {
  /// What is wrong with a file of content format `format`, or `nil` when nothing is found.
  static func problem(format: String, in source: some ByteSource) -> ProbeError.Reason? {
    switch format {
    case "jpeg":
      return jpegHasEndMarker(source)
        ? nil : .truncated("the JPEG data ends before its end-of-image marker")
    case "bmp":
      return bmpRunLengthProblem(source).map { .corrupt($0) }
    case "aac":
      return adtsTruncation(source).map { .truncated($0) }
    default:
      return nil
    }
  }

  // MARK: JPEG

  /// Whether an end-of-image marker (`FF D9`) follows the first start-of-scan. Entropy-coded
  /// data never holds `FF D9`, and an EXIF thumbnail's own EOI stands before the main scan.
  static func jpegHasEndMarker(_ source: some ByteSource) -> Bool {
    guard let scanStart = jpegFirstScanOffset(source) else { return false }
    var offset = scanStart
    var previousWasFF = false
    while offset < source.count {
      guard let chunk = try? source.bytes(at: offset, length: 1 << 16), !chunk.isEmpty else {
        return false
      }
      for byte in chunk {
        if previousWasFF && byte == 0xD9 { return true }
        previousWasFF = byte == 0xFF
      }
      offset += Int64(chunk.count)
    }
    return false
  }

  /// The offset just past the first SOS segment header, found by walking the marker segments.
  private static func jpegFirstScanOffset(_ source: some ByteSource) -> Int64? {
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
      guard let length = header.bigEndian(at: 2, width: 2), length >= 2 else { return nil }
      offset += 2 + Int64(length)
      if marker == 0xDA { return offset }
    }
    return nil
  }

  // MARK: BMP

  /// For an RLE4 or RLE8 BMP, the first run that reaches outside the picture.
  static func bmpRunLengthProblem(_ source: some ByteSource) -> String? {
    guard let header = try? source.bytes(at: 0, length: 34), header.count == 34,
      let dataOffset = header.littleEndian(at: 10, width: 4),
      let infoSize = header.littleEndian(at: 14, width: 4), infoSize >= 40,
      let rawWidth = header.littleEndian(at: 18, width: 4),
      let rawHeight = header.littleEndian(at: 22, width: 4),
      let compression = header.littleEndian(at: 30, width: 4), compression == 1 || compression == 2
    else { return nil }
    let width = Int(Int32(truncatingIfNeeded: rawWidth))
    let height = Int(Int32(truncatingIfNeeded: rawHeight).magnitude)
    let length = Int(min(source.count - Int64(dataOffset), 64 << 20))
    guard width > 0, length > 0, let data = try? source.bytes(at: Int64(dataOffset), length: length)
    else { return nil }
    let nibbles = compression == 2
    var (index, x, y) = (0, 0, 0)
    while index + 1 < data.count {
      let (count, value) = (Int(data[index]), Int(data[index + 1]))
      index += 2
      if count > 0 {
        x += count
      } else if value == 0 {
        (x, y) = (0, y + 1)
      } else if value == 1 {
        return nil  // end of bitmap
      } else if value == 2 {
        guard index + 1 < data.count else { return nil }
        (x, y) = (x + Int(data[index]), y + Int(data[index + 1]))
        index += 2
      } else {
        x += value
        let bytes = nibbles ? (value + 1) / 2 : value
        index += bytes + bytes % 2  // absolute runs are padded to 16 bits
      }
      if x > width || y > height {
        return "run-length data reaches outside the \(width)x\(height) picture"
      }
    }
    return nil
  }

  // MARK: AAC

  /// For a raw ADTS stream, whether its last frame is cut short.
  static func adtsTruncation(_ source: some ByteSource) -> String? {
    var offset: Int64 = 0
    if let tag = try? source.bytes(at: 0, length: 10), tag.matches("ID3", at: 0), tag.count == 10 {
      let size = tag[6..<10].reduce(0) { $0 << 7 | Int64($1 & 0x7F) }
      offset = 10 + size + (tag[5] & 0x10 != 0 ? 10 : 0)
    }
    for _ in 0..<1_000_000 {
      guard offset < source.count else { return nil }
      guard let header = try? source.bytes(at: offset, length: 7), header.count == 7,
        header[0] == 0xFF, header[1] & 0xF6 == 0xF0
      else { return nil }  // not a frame header (a trailing tag, say): no verdict
      let frameLength =
        Int64(header[3] & 0x03) << 11 | Int64(header[4]) << 3 | Int64(header[5] >> 5)
      guard frameLength >= 7 else { return nil }
      if offset + frameLength > source.count {
        return "the last AAC frame needs \(frameLength) bytes; \(source.count - offset) remain"
      }
      offset += frameLength
    }
    return nil
  }
}
