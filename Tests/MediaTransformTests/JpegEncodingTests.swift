import Foundation
import MediaProbe
import Testing

@testable import MediaTransform

@Suite("JPEG encoding: the quality search and the colour range")
struct JpegEncodingTests {
  typealias Support = TransformSupport

  /// The JPEG of `bitmap` at the quantiser scale `qscale`.
  static func jpeg(_ bitmap: Bitmap, qscale: Int) throws -> [UInt8] {
    try ImageEncoding.jpeg(bitmap, qscale: qscale)
  }

  @Test("under a byte cap: the file fits, and the next better quality would not")
  func qualitySearch() throws {
    let source = Support.fixture("media/image/jpeg_640x480.jpg")
    let bitmap = try Support.pixels(source)
    let best = try Self.jpeg(bitmap, qscale: 2).count
    let worst = try Self.jpeg(bitmap, qscale: 31).count
    try Support.withFolder { folder in
      for cap in [best, (best + worst) / 2, worst + (best - worst) / 8, worst] {
        let out = folder.appendingPathComponent("capped-\(cap).jpg").path
        let (result, info) = try Support.checked(
          source, ImageTransform(output: .jpeg(maxBytes: cap)), to: out)
        let qscale = try #require(result.jpegQScale)
        #expect(result.byteCount <= cap)
        #expect(info.byteSize == Int64(result.byteCount) && info.format == "jpeg")
        #expect((result.width, result.height) == (640, 480))
        if qscale > 2 { #expect(try Self.jpeg(bitmap, qscale: qscale - 1).count > cap) }
        #expect(try Self.jpeg(bitmap, qscale: qscale).count == result.byteCount)
      }
    }
  }

  @Test("no cap: the best quality (qscale 2)")
  func noCap() throws {
    try Support.withFolder { folder in
      let out = folder.appendingPathComponent("best.jpg").path
      let (result, _) = try Support.checked(
        Support.fixture("media/image/png_640x480.png"),
        ImageTransform(output: .jpeg(maxBytes: nil)),
        to: out)
      #expect(result.jpegQScale == 2 && result.pixelFormat == "yuvj420p")
    }
  }

  @Test("a cap no quality fits: cannotFit with the smallest size, and nothing written")
  func cannotFit() throws {
    let source = Support.fixture("media/image/jpeg_640x480.jpg")
    let worst = try Self.jpeg(try Support.pixels(source), qscale: 31).count
    try Support.withFolder { folder in
      let out = folder.appendingPathComponent("tiny.jpg").path
      #expect(throws: TransformError.cannotFit(maxBytes: 100, smallest: worst)) {
        try ImageTransformer().transform(
          source, ImageTransform(output: .jpeg(maxBytes: 100)), to: out)
      }
      #expect(Support.names(in: folder).isEmpty)
    }
  }

  @Test("the search takes the best scale that fits and never one over the cap")
  func searchByTable() throws {
    // Sizes that do not always fall as the scale rises.
    let sizes = [2: 900, 3: 700, 4: 720, 5: 500, 6: 520, 7: 400] as [Int: Int]
    let encode = { (q: Int) throws(TransformError) -> [UInt8] in
      [UInt8](repeating: 0, count: sizes[q] ?? 300)
    }
    for cap in [300, 450, 510, 600, 710, 800, 900, 1000] {
      let (qscale, bytes) = try ImageEncoding.search(maxBytes: cap, encode: encode)
      #expect(bytes.count <= cap, "cap \(cap)")
      if qscale > 2 { #expect((sizes[qscale - 1] ?? 300) > cap, "cap \(cap)") }
    }
  }

  @Test("the search encodes each scale at most once, the worst only when no better one fits")
  func searchEncodesFew() throws {
    // Sizes that fall as the scale rises: 1000 bytes at scale 2, 30 fewer a step.
    for cap in stride(from: 130, through: 1000, by: 10) {
      var encoded: [Int] = []
      let encode = { (q: Int) throws(TransformError) -> [UInt8] in
        encoded.append(q)
        return [UInt8](repeating: 0, count: 1060 - 30 * q)
      }
      let (qscale, bytes) = try ImageEncoding.search(maxBytes: cap, encode: encode)
      #expect(bytes.count <= cap && 1060 - 30 * (qscale - 1) > cap, "cap \(cap)")
      #expect(Set(encoded).count == encoded.count, "cap \(cap): \(encoded)")
      #expect(encoded.count <= 7, "cap \(cap): \(encoded)")
      #expect(encoded.contains(31) == (qscale == 31), "cap \(cap): \(encoded)")
    }
  }

  @Test("full range both ways: black, white and grey come back from a JPEG as they went in")
  func colourRange() throws {
    var bytes: [UInt8] = []
    for y in 0..<64 {
      for _ in 0..<64 {
        let value: UInt8 = y < 21 ? 0 : (y < 42 ? 128 : 255)
        bytes += [value, value, value]
      }
    }
    let bitmap = Bitmap(width: 64, height: 64, channels: 3, bytes: bytes)
    try Support.withFolder { folder in
      let path = folder.appendingPathComponent("levels.jpg").path
      try Data(try Self.jpeg(bitmap, qscale: 2)).write(to: URL(fileURLWithPath: path))
      let back = try Support.pixels(path)
      #expect(Support.close(back.pixel(x: 32, y: 5), [0, 0, 0], tolerance: 2))
      #expect(Support.close(back.pixel(x: 32, y: 31), [128, 128, 128], tolerance: 2))
      #expect(Support.close(back.pixel(x: 32, y: 58), [255, 255, 255], tolerance: 2))
    }
  }
}
