/// PNG: the IHDR size, compressed metadata measured against the inflation budget, and the
/// orientation in an `eXIf`, XMP `iTXt` or ImageMagick raw-profile `tEXt` chunk.
extension ImageHeaderReader {
  /// The header of a PNG (or APNG).
  static func png(_ source: some ByteSource) -> ImageHeader? {
    guard let ihdr = try? source.bytes(at: 8, length: 24), ihdr.matches("IHDR", at: 4),
      let width = ihdr.bigEndian(at: 8, width: 4), let height = ihdr.bigEndian(at: 12, width: 4)
    else { return nil }
    var header = ImageHeader(width: Int(width), height: Int(height))
    var offset: Int64 = 8
    for _ in 0..<maxSteps {
      guard let chunk = try? source.bytes(at: offset, length: 8), chunk.count == 8,
        let length = chunk.bigEndian(at: 0, width: 4)
      else { break }
      let dataStart = offset + 8
      let type = String(decoding: chunk[4..<8], as: UTF8.self)
      switch type {
      case "eXIf" where length <= UInt64(maxRead):
        if let data = try? source.bytes(at: dataStart, length: Int(length)),
          let value = ExifOrientationReader.orientation(inTIFF: data)
        {
          header.orientation = value
          header.orientationSource = "exif"
        }
      case "tEXt" where length <= UInt64(maxRead) && header.orientation == nil:
        if let data = try? source.bytes(at: dataStart, length: Int(length)),
          let value = rawProfileOrientation(inTEXt: data)
        {
          header.orientation = value
          header.orientationSource = "exif"
        }
      case "zTXt", "iCCP", "iTXt":
        if type == "iTXt", length <= UInt64(maxRead), header.orientationSource != "exif",
          let data = try? source.bytes(at: dataStart, length: Int(length)),
          let value = xmpOrientation(inITXt: data)
        {
          header.orientation = value
          header.orientationSource = "xmp"
        }
        // Each chunk may inflate only to what the chunks before it left of the budget.
        let budget = maxInflatedMetadata - header.inflatedMetadata
        guard
          let size = compressedMetadataSize(
            source, type: type, at: dataStart, length: length, cap: budget)
        else { break }
        header.inflatedMetadata += size  // at most budget + 1: no overflow, the walk ends below
        if header.inflatedMetadata > maxInflatedMetadata {
          header.metadataBomb = true
          return header  // the verdict is in: no need to inflate the chunks after it
        }
      case "acTL":
        if let data = try? source.bytes(at: dataStart, length: 4),
          let frames = data.bigEndian(at: 0, width: 4)
        {
          header.frameCount = Int(frames)
          header.isAnimated = frames > 1
        }
      case "IEND":
        return header
      default:
        break
      }
      offset = dataStart + Int64(length) + 4  // data and CRC
      if offset > source.count { break }
    }
    return header
  }

  /// How many bytes a compressed text or ICC chunk inflates to, up to `cap + 1` (over the
  /// budget); `nil` for an uncompressed `iTXt` and for a chunk whose header is malformed (FFmpeg
  /// inflates neither). A compressed chunk too large to read is counted as over the budget.
  private static func compressedMetadataSize(
    _ source: some ByteSource, type: String, at offset: Int64, length: UInt64, cap: Int64
  ) -> Int64? {
    let readable = length <= UInt64(8 * maxRead)
    // A chunk too large to read: its header alone tells whether it is compressed.
    let wanted = readable ? Int(length) : 4096
    guard let data = try? source.bytes(at: offset, length: wanted) else { return nil }
    switch compressedDataStart(in: data, type: type) {
    case .stored:
      return nil
    case .zlib(let start) where readable:
      return ZlibInflation.inflatedSize(of: Array(data[start...]), cap: cap)
    case .malformed where readable:
      return nil
    case .zlib, .malformed:
      return cap + 1
    }
  }

  /// What the header of a `zTXt`, `iCCP` or `iTXt` chunk says about its data.
  private enum ChunkCompression: Equatable {
    /// zlib data starts at this index of the chunk's data.
    case zlib(start: Int)
    /// An `iTXt` whose compression flag is 0: the text is stored as it is.
    case stored
    /// No keyword terminator (or no room for the fields after it) in the bytes given.
    case malformed
  }

  /// Where the zlib data of a compressed text or ICC chunk starts. `zTXt` and `iCCP`: keyword,
  /// NUL, compression method. `iTXt`: keyword, NUL, compression flag, method, language tag,
  /// NUL, translated keyword, NUL, then the text.
  private static func compressedDataStart(in data: [UInt8], type: String) -> ChunkCompression {
    guard let keywordEnd = data.firstIndex(of: 0) else { return .malformed }
    guard type == "iTXt" else {
      return keywordEnd + 2 <= data.count ? .zlib(start: keywordEnd + 2) : .malformed
    }
    guard keywordEnd + 1 < data.count else { return .malformed }
    guard data[keywordEnd + 1] == 1 else { return .stored }
    var start = keywordEnd + 3
    var nulls = 0
    while start < data.count, nulls < 2 {
      if data[start] == 0 { nulls += 1 }
      start += 1
    }
    return nulls == 2 ? .zlib(start: start) : .malformed
  }

  /// The XMP orientation in an uncompressed `iTXt` chunk keyed `XML:com.adobe.xmp`.
  private static func xmpOrientation(inITXt data: [UInt8]) -> Int? {
    let keyword = "XML:com.adobe.xmp"
    guard data.matches(keyword + "\0", at: 0), data.count > keyword.count + 2,
      data[keyword.count + 1] == 0  // compression flag: 0 = uncompressed
    else { return nil }
    return ExifOrientationReader.orientation(inXMP: String(decoding: data, as: UTF8.self))
  }

  /// The orientation in an ImageMagick-style `tEXt` chunk keyed `Raw profile type exif` (or
  /// `APP1`), whose value is `\nexif\n<length>\n<hex digits>` of the EXIF block.
  private static func rawProfileOrientation(inTEXt data: [UInt8]) -> Int? {
    let keywords = ["Raw profile type exif", "Raw profile type APP1"]
    guard let keyword = keywords.first(where: { data.matches($0 + "\0", at: 0) }) else {
      return nil
    }
    let lines = data.dropFirst(keyword.utf8.count + 1).split(separator: UInt8(ascii: "\n"))
    guard lines.count >= 3 else { return nil }  // name, length, then the hex lines
    var block: [UInt8] = []
    var high: UInt8?
    for byte in lines.dropFirst(2).joined() {
      guard let nibble = hexValue(byte) else { continue }
      if let first = high {
        block.append(first << 4 | nibble)
        high = nil
      } else {
        high = nibble
      }
    }
    return ExifOrientationReader.orientation(inTIFF: block)
  }

  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
  }
}
