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
    case "wav":
      return wavStreamedDataProblem(source).map { .truncated($0) }
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

  // MARK: WAV

  /// Where a WAV's `data` chunk starts, what size its header gives, and the bytes of one sample
  /// frame (all channels), from walking the RIFF chunks.
  struct WavLayout: Equatable {
    /// The offset of the first sample byte.
    var dataOffset: Int64
    /// The `data` chunk's size field.
    var declaredDataSize: UInt64
    /// `nBlockAlign` from the `fmt ` chunk; 0 when there was none before `data`.
    var blockAlign: Int

    /// Whether the header leaves the data's size open, as a writer that cannot seek back
    /// (ffmpeg to a pipe, many recorders) leaves it: 0xFFFFFFFF, or 0. The samples then run to
    /// the end of the file, which is how FFmpeg reads them.
    var dataRunsToEnd: Bool { declaredDataSize == 0xFFFF_FFFF || declaredDataSize == 0 }
  }

  /// The layout of a RIFF WAVE file, or `nil` when it is not one (RF64 has its own sizes).
  static func wavLayout(_ source: some ByteSource) -> WavLayout? {
    guard let head = try? source.bytes(at: 0, length: 12), head.count == 12,
      head.matches("RIFF", at: 0), head.matches("WAVE", at: 8)
    else { return nil }
    var offset: Int64 = 12
    var blockAlign = 0
    for _ in 0..<1_000 {
      guard let chunk = try? source.bytes(at: offset, length: 8), chunk.count == 8,
        let size = chunk.littleEndian(at: 4, width: 4)
      else { return nil }
      if chunk.matches("data", at: 0) {
        return WavLayout(dataOffset: offset + 8, declaredDataSize: size, blockAlign: blockAlign)
      }
      if chunk.matches("fmt ", at: 0), let format = try? source.bytes(at: offset + 8, length: 14),
        let align = format.littleEndian(at: 12, width: 2)
      {
        blockAlign = Int(align)
      }
      offset += 8 + Int64(size) + Int64(size & 1)  // chunks are padded to even sizes
    }
    return nil
  }

  /// Whether `source` is a WAV whose data runs to the end of the file (its size left open).
  static func wavDataRunsToEnd(_ source: some ByteSource) -> Bool {
    wavLayout(source)?.dataRunsToEnd == true
  }

  /// For a WAV whose data runs to the end of the file, whether that end cuts a sample frame:
  /// the writer stopped in the middle of one, and FFmpeg's PCM decoder refuses the last packet.
  static func wavStreamedDataProblem(_ source: some ByteSource) -> String? {
    guard let layout = wavLayout(source), layout.dataRunsToEnd, layout.blockAlign > 0,
      source.count > layout.dataOffset
    else { return nil }
    let bytes = source.count - layout.dataOffset
    let spare = bytes % Int64(layout.blockAlign)
    guard spare != 0 else { return nil }
    return "the WAV data runs to the end of the file, and its last sample frame has \(spare) "
      + "of its \(layout.blockAlign) bytes"
  }
}
