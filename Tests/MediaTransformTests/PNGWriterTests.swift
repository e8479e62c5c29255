import Foundation
import MediaProbe
import Testing

@testable import MediaTransform

@Suite("PNG writer and the two-pass conversion the preview's pictures take")
struct PNGWriterTests {
  typealias Support = TransformSupport

  /// A 37×23 RGB bitmap (odd sizes, so rows are padded in a frame) of gradients and a
  /// pseudo-random speckle, with flat runs the run-length strategy finds.
  static let pattern: Bitmap = {
    var bitmap = Bitmap(width: 37, height: 23, fill: [0, 0, 0])
    var seed: UInt32 = 12345
    for y in 0..<23 {
      for x in 0..<37 {
        seed = seed &* 1_103_515_245 &+ 12345
        let offset = (y * 37 + x) * 3
        bitmap.bytes[offset] = UInt8(x * 7 % 256)
        bitmap.bytes[offset + 1] = x < 18 ? 200 : UInt8(y * 11 % 256)
        bitmap.bytes[offset + 2] = UInt8(truncatingIfNeeded: seed >> 16)
      }
    }
    return bitmap
  }()

  /// The chunks of a PNG file (type, data, whether the stored CRC-32 is right), after checking
  /// its signature.
  static func chunks(_ png: [UInt8]) -> [(type: String, data: [UInt8], crcMatches: Bool)] {
    guard png.count >= 8, png.prefix(8) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    else { return [] }
    func word(_ at: Int) -> Int {
      png[at..<at + 4].reduce(0) { $0 << 8 | Int($1) }
    }
    var found: [(String, [UInt8], Bool)] = []
    var at = 8
    while at + 12 <= png.count {
      let length = word(at)
      guard at + 12 + length <= png.count else { break }
      let typeAndData = Array(png[at + 4..<at + 8 + length])
      found.append(
        (
          String(decoding: typeAndData.prefix(4), as: UTF8.self), Array(typeAndData.dropFirst(4)),
          crc32(typeAndData) == word(at + 8 + length)
        ))
      at += 12 + length
    }
    return found
  }

  /// The CRC-32 PNG's chunks carry (ISO 3309, as zlib's `crc32`).
  static func crc32(_ bytes: [UInt8]) -> Int {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return Int(crc ^ 0xFFFF_FFFF)
  }

  @Test("levels 0, 1 and 9: FFmpeg decodes exactly the pixels written; chunks and CRCs right")
  func roundTrip() throws {
    try Support.withFolder { folder in
      var sizes: [Int: Int] = [:]
      for level in [0, 1, 9] {
        let png = try PNGWriter.png(Self.pattern, level: level)
        let chunks = Self.chunks(png)
        #expect(chunks.map(\.type) == ["IHDR", "IDAT", "IEND"])
        #expect(chunks.filter { !$0.crcMatches }.isEmpty)
        // 37 × 23, 8 bits a sample, RGB, deflate, adaptive filters, not interlaced.
        #expect(chunks.first?.data == [0, 0, 0, 37, 0, 0, 0, 23, 8, 2, 0, 0, 0])
        let path = folder.appendingPathComponent("level\(level).png").path
        try GuardedFile.write(png, to: path, notOver: [])
        let decoded = try Support.pixels(path)
        #expect(decoded == Self.pattern)
        sizes[level] = png.count
      }
      // Stored (level 0) holds every filtered row: 23 × (1 + 37 × 3) bytes and more.
      #expect((sizes[0] ?? 0) > 23 * (1 + 37 * 3))
      #expect((sizes[9] ?? .max) < (sizes[0] ?? 0))
    }
  }

  @Test("a frame that is not RGB24 is refused, not misread, saying what it is")
  func refusesOtherFormats() throws {
    let yuv = try PixelConversion.frame(
      of: Self.pattern, format: ImageEncoding.pixelFormat(for: .jpeg(maxBytes: nil)))
    let refusal = yuv.withFrame { frame -> String? in
      do throws(TransformError) {
        _ = try PNGWriter.png(rgb: frame, level: 1)
        return nil
      } catch {
        return error.description
      }
    }
    // What was found (size, format) and what is taken.
    let message = try #require(refusal)
    #expect(message.contains("a 37x23 yuv420p picture"))
    #expect(message.contains("the PNG writer takes rgb24"))
  }

  @Test("JPEG's YUV 4:2:0 scaled to RGB in two passes: flat colours as one pass gives them")
  func twoPassConversion() throws {
    // Four flat 32×24 quadrants (red, green, blue, grey) in full-range YUV 4:2:0.
    let colors: [[UInt8]] = [[220, 30, 40], [20, 200, 60], [30, 40, 210], [128, 128, 128]]
    var bitmap = Bitmap(width: 64, height: 48, fill: [0, 0, 0])
    for y in 0..<48 {
      for x in 0..<64 {
        let color = colors[(y / 24) * 2 + x / 32]
        bitmap.bytes.replaceSubrange((y * 64 + x) * 3..<(y * 64 + x) * 3 + 3, with: color)
      }
    }
    let yuv = try PixelConversion.frame(
      of: bitmap, format: ImageEncoding.pixelFormat(for: .jpeg(maxBytes: nil)))
    let (twoPass, onePass) = try yuv.withFrame { (frame) throws(TransformError) in
      let converted = try PixelConversion.converted(
        frame, width: 40, height: 30, format: ImageEncoding.pixelFormat(for: .png),
        filter: .bicubic)
      let bitmap = try converted.withFrame { (rgb) throws(TransformError) in
        try PixelConversion.bitmap(from: rgb)
      }
      return (bitmap, try PixelConversion.bitmap(from: frame, size: (40, 30), filter: .bicubic))
    }
    #expect((twoPass.width, twoPass.height) == (40, 30))
    // The middle of each quadrant, away from the edges a bicubic filter blends.
    for (index, (x, y)) in [(10, 7), (30, 7), (10, 22), (30, 22)].enumerated() {
      let offset = (y * 40 + x) * 3
      let two = twoPass.bytes[offset..<offset + 3]
      #expect(Support.close(two, onePass.bytes[offset..<offset + 3], tolerance: 1))
      #expect(Support.close(two, colors[index][...], tolerance: 4))
    }
  }

  @Test("a WebP's video-range YUV 4:2:0 in two passes: within 1 of one pass, on average 0.01")
  func twoPassVideoRange() throws {
    let image = try FirstImageFrame(
      path: Support.fixture("media/image/webp_640x480.webp"), options: ProbeOptions())
    let (twoPass, onePass, limited) = try image.withFrame { (frame) throws(TransformError) in
      let converted = try PixelConversion.converted(
        frame, width: 400, height: 300, format: ImageEncoding.pixelFormat(for: .png),
        filter: .bicubic)
      let bitmap = try converted.withFrame { (rgb) throws(TransformError) in
        try PixelConversion.bitmap(from: rgb)
      }
      let single = try PixelConversion.bitmap(from: frame, size: (400, 300), filter: .bicubic)
      return (bitmap, single, !PixelConversion.isFullRange(frame))
    }
    // The fixture is decoded as yuv420p in the video range (16…235), not JPEG's full range.
    #expect(limited)
    #expect((twoPass.width, twoPass.height) == (400, 300))
    let largest = zip(twoPass.bytes, onePass.bytes).map { abs(Int($0) - Int($1)) }.max() ?? 255
    #expect(largest <= 1)
    #expect(Support.meanDifference(twoPass, onePass) < 0.01)
  }
}
