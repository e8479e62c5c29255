import Foundation
import MediaProbe
import Testing

@testable import MediaTransform

@Suite("fast paths: a JPEG decoded reduced, a picture scaled straight from its frame")
struct ReducedDecodeTests {
  typealias Support = TransformSupport

  static let jpeg = Support.fixture("media/image/jpeg_640x480.jpg")

  /// `bitmap` scaled with Lanczos to `width` × `height` (the full-size pipeline's scaling).
  static func scaled(_ bitmap: Bitmap, _ width: Int, _ height: Int) throws -> Bitmap {
    try PixelConversion.scaled(bitmap, width: width, height: height, filter: .lanczos)
  }

  /// The mean RGB of the top-left eighth (a side) of `bitmap`: a corner's colour, robust to
  /// the test pattern's fine detail.
  static func corner(_ bitmap: Bitmap) -> [Double] {
    let (w, h) = (max(1, bitmap.width / 8), max(1, bitmap.height / 8))
    var sums = [0.0, 0.0, 0.0]
    for y in 0..<h {
      for x in 0..<w {
        for (c, v) in bitmap.pixel(x: x, y: y).prefix(3).enumerated() { sums[c] += Double(v) }
      }
    }
    return sums.map { $0 / Double(w * h) }
  }

  /// Whether two corner colours differ by at most `tolerance` a channel.
  static func close(_ a: [Double], _ b: [Double], tolerance: Double) -> Bool {
    zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
  }

  @Test("lowres 1…3 gives the stored size halved, rounded up; the corner colour is kept")
  func reducedFrame() throws {
    let full = try Support.pixels(Self.jpeg)
    for lowres in 1...3 {
      let image = try FirstImageFrame(path: Self.jpeg, options: ProbeOptions()) { _ in lowres }
      #expect(image.reduction == lowres)
      let reduced = try image.withFrame { (frame) throws(TransformError) in
        try PixelConversion.bitmap(from: frame)
      }
      let side = 1 << lowres
      #expect((reduced.width, reduced.height) == ((640 + side - 1) / side, (480 + side - 1) / side))
      let expected = try Self.scaled(full, reduced.width, reduced.height)
      #expect(Self.close(Self.corner(reduced), Self.corner(expected), tolerance: 6))
      #expect(Support.meanDifference(reduced, expected) < 12, "lowres \(lowres)")
    }
  }

  @Test("only a JPEG is decoded reduced: a PNG asked for lowres 2 comes at its full size")
  func pngNotReduced() throws {
    let source = Support.fixture("media/image/png_640x480.png")
    let image = try FirstImageFrame(path: source, options: ProbeOptions()) { _ in 2 }
    #expect(image.reduction == 0)
    image.withFrame { #expect(($0.pointee.width, $0.pointee.height) == (640, 480)) }
  }

  @Test(
    "the reduction leaves twice the scaled size: none for a small step, 1/2 for a quarter",
    arguments: [(400, 0), (320, 0), (161, 0), (160, 1), (80, 2), (40, 3), (20, 3)])
  func reductionChoice(maxSide: Int, expected: Int) throws {
    let info = try Prober().probe(Self.jpeg)
    let transform = ImageTransform(output: .png).scale(maxSide: maxSide)
    #expect(ImageTransformer.reduction(for: transform, info: info) == expected)
    #expect(ImageTransformer.reduction(for: ImageTransform(output: .png), info: info) == 0)
  }

  @Test(
    "a reduced decode gives the exact size and about the full decode's pixels",
    arguments: [
      ImageTransform(output: .png).scale(maxSide: 160),
      ImageTransform(output: .png).scale(toWidth: 151, height: 113),
      ImageTransform(output: .jpeg(maxBytes: nil)).scale(maxSide: 100),
    ])
  func reducedTransform(transform: ImageTransform) throws {
    let full = try Support.pixels(Self.jpeg)
    let size = Geometry.scaled(width: 640, height: 480, try #require(transform.scaling))
    let info = try Prober().probe(Self.jpeg)
    #expect(ImageTransformer.reduction(for: transform, info: info) > 0)
    try Support.withFolder { folder in
      let out = folder.appendingPathComponent("small").path
      let (result, _) = try Support.checked(Self.jpeg, transform, to: out)
      #expect((result.width, result.height) == size)
      let shown = try Support.pixels(out)
      let expected = try Self.scaled(full, size.width, size.height)
      #expect(Self.close(Self.corner(shown), Self.corner(expected), tolerance: 4))
      // A JPEG adds its own loss on the test pattern's sharp edges.
      #expect(Support.meanDifference(shown, expected) < (transform.output == .png ? 4 : 8))
    }
  }

  @Test("a turned JPEG decoded reduced: the sides swapped, the size the full decode would give")
  func reducedOriented() throws {
    let source = Support.fixture("media/image/jpeg_exif_orientation6.jpg")
    let stored = try Support.pixels(source)
    let upright = stored.oriented(exif: 6)
    let transform = ImageTransform(output: .png).scale(maxSide: upright.width / 3)
    let size = Geometry.scaled(
      width: upright.width, height: upright.height, .maxSide(upright.width / 3))
    #expect(ImageTransformer.reduction(for: transform, info: try Prober().probe(source)) == 1)
    try Support.withFolder { folder in
      let out = folder.appendingPathComponent("upright.png").path
      let (result, _) = try Support.checked(source, transform, to: out)
      #expect((result.width, result.height) == size)
      let shown = try Support.pixels(out)
      #expect(Support.meanDifference(shown, try Self.scaled(upright, size.width, size.height)) < 4)
    }
  }

  @Test("an opaque picture scaled straight from its frame matches the bitmap pipeline")
  func directMatchesBitmapPath() throws {
    let source = Support.fixture("media/image/png_640x480.png")
    let full = try Support.pixels(source)
    try Support.withFolder { folder in
      let out = folder.appendingPathComponent("small.png").path
      let (result, _) = try Support.checked(
        source, ImageTransform(output: .png).scale(toWidth: 320, height: 240), to: out)
      #expect((result.width, result.height) == (320, 240))
      let shown = try Support.pixels(out)
      #expect(Support.meanDifference(shown, try Self.scaled(full, 320, 240)) < 1)
    }
  }

  @Test(
    "a picture with alpha flattened straight into the PNG frame equals the bitmap's flattening",
    arguments: ["png_rgba_transparent_320x240.png", "gif_still_64x64.gif"])
  func directFlatten(name: String) throws {
    let source = Support.fixture("media/image/\(name)")
    let expected = try Support.pixels(source).flattened(onto: .white)
    try Support.withFolder { folder in
      let out = folder.appendingPathComponent("flat.png").path
      let (result, _) = try Support.checked(source, ImageTransform(output: .png), to: out)
      #expect(result.pixelFormat == "rgb24")
      #expect(try Support.pixels(out) == expected)
    }
  }
}

@Suite("a picture transformed from the frame a probe kept")
struct KeptFrameTransformTests {
  typealias Support = TransformSupport

  @Test(
    "the same bytes as decoding the file again, when no reduced decode is chosen",
    arguments: [
      ("png_rgba_transparent_320x240.png", ImageTransform(output: .png)),
      ("jpeg_exif_orientation6.jpg", ImageTransform(output: .png).scale(maxSide: 300)),
      ("png_640x480.png", ImageTransform(output: .jpeg(maxBytes: 20_000)).scale(maxSide: 500)),
    ])
  func sameBytes(name: String, transform: ImageTransform) async throws {
    let source = Support.fixture("media/image/\(name)")
    let kept = try #require(
      try await Prober().answer(forFile: source, keepingPicture: true).picture)
    try Support.withFolder { folder in
      let again = folder.appendingPathComponent("again").path
      let fromKept = folder.appendingPathComponent("kept").path
      let transformer = ImageTransformer()
      let first = try transformer.transform(source, transform, to: again)
      let second = try transformer.transform(source, picture: kept, transform, to: fromKept)
      #expect(
        first
          == TransformResult(
            path: again, width: second.width, height: second.height,
            pixelFormat: second.pixelFormat, byteCount: second.byteCount,
            jpegQScale: second.jpegQScale))
      #expect(
        try Data(contentsOf: URL(fileURLWithPath: again))
          == Data(contentsOf: URL(fileURLWithPath: fromKept)))
    }
  }
}
