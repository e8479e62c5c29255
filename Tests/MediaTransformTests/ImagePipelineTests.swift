import Foundation
import MediaProbe
import Testing

@testable import MediaTransform

@Suite("image pipeline: orientation, alpha, scale, aspect")
struct ImagePipelineTests {
  typealias Support = TransformSupport

  @Test("EXIF orientation 6 (JPEG) is baked in: sides swapped, no tag, corners where turned")
  func jpegOrientation6() throws {
    let source = Support.fixture("media/image/jpeg_exif_orientation6.jpg")
    let stored = try Support.pixels(source)
    try Support.withFolder { folder in
      let out = folder.appendingPathComponent("upright.png").path
      let (result, _) = try Support.checked(source, ImageTransform(output: .png), to: out)
      #expect((result.width, result.height) == (stored.height, stored.width))
      let shown = try Support.pixels(out)
      let (w, h) = (stored.width, stored.height)
      // Turned 90° clockwise: the stored top-left is shown top-right, bottom-left top-left.
      #expect(Support.close(shown.pixel(x: h - 1, y: 0), stored.pixel(x: 0, y: 0)))
      #expect(Support.close(shown.pixel(x: 0, y: 0), stored.pixel(x: 0, y: h - 1)))
      #expect(Support.close(shown.pixel(x: 0, y: w - 1), stored.pixel(x: w - 1, y: h - 1)))
      #expect(shown == stored.oriented(exif: 6))
    }
  }

  @Test("EXIF orientation 8 (PNG eXIf) is baked in: 320x240 becomes 240x320")
  func pngOrientation8() throws {
    let source = Support.fixture("media/image/png_exif_orientation8_320x240.png")
    let stored = try Support.pixels(source)
    try Support.withFolder { folder in
      let out = folder.appendingPathComponent("upright.jpg").path
      let (result, info) = try Support.checked(
        source, ImageTransform(output: .jpeg(maxBytes: nil)), to: out)
      #expect((result.width, result.height) == (240, 320))
      #expect(info.format == "jpeg" && result.pixelFormat == "yuvj420p")
      let shown = try Support.pixels(out)
      // Turned 90° counter-clockwise (JPEG: close, not equal); any other turn is far off.
      let right = Support.meanDifference(shown, stored.oriented(exif: 8))
      #expect(right < 4)
      for wrong in [5, 6, 7] {
        #expect(Support.meanDifference(shown, stored.oriented(exif: wrong)) > 4 * right)
      }
    }
  }

  @Test("the eight EXIF orientations map pixels as a viewer shows them")
  func orientationTable() {
    // 2x1: left red, right blue.
    let bitmap = Bitmap(width: 2, height: 1, channels: 3, bytes: [255, 0, 0, 0, 0, 255])
    let expected: [Int: (Int, Int, [UInt8])] = [
      1: (2, 1, [255, 0, 0, 0, 0, 255]), 2: (2, 1, [0, 0, 255, 255, 0, 0]),
      3: (2, 1, [0, 0, 255, 255, 0, 0]), 4: (2, 1, [255, 0, 0, 0, 0, 255]),
      5: (1, 2, [255, 0, 0, 0, 0, 255]), 6: (1, 2, [255, 0, 0, 0, 0, 255]),
      7: (1, 2, [0, 0, 255, 255, 0, 0]), 8: (1, 2, [0, 0, 255, 255, 0, 0]),
    ]
    for (value, (width, height, bytes)) in expected {
      let shown = bitmap.oriented(exif: value)
      #expect(shown.width == width && shown.height == height && shown.bytes == bytes, "\(value)")
    }
  }

  @Test("an RGBA PNG becomes an rgb24 PNG flattened on white: a transparent pixel is white")
  func flattenOnWhite() throws {
    let source = Support.fixture("media/image/png_rgba_transparent_320x240.png")
    let stored = try Support.pixels(source)
    #expect(stored.channels == 4)
    let clear = try #require(
      (0..<(stored.width * stored.height)).first { stored.bytes[$0 * 4 + 3] == 0 })
    let seen = try #require(
      (0..<(stored.width * stored.height)).first { stored.bytes[$0 * 4 + 3] > 0 })
    try Support.withFolder { folder in
      let out = folder.appendingPathComponent("flat.png").path
      let (result, info) = try Support.checked(source, ImageTransform(output: .png), to: out)
      #expect(result.pixelFormat == "rgb24" && info.format == "png")
      #expect((result.width, result.height) == (320, 240))
      let flat = try Support.pixels(out)
      #expect(flat.channels == 3)
      let at = { (index: Int) in flat.pixel(x: index % 320, y: index / 320) }
      #expect(Array(at(clear)) == [255, 255, 255])
      let alpha = Int(stored.bytes[seen * 4 + 3])
      let over = (0..<3).map {
        UInt8((Int(stored.bytes[seen * 4 + $0]) * alpha + 255 * (255 - alpha) + 127) / 255)
      }
      #expect(Array(at(seen)) == over)
      let black = folder.appendingPathComponent("black.png").path
      _ = try Support.checked(
        source, ImageTransform(output: .png).flatten(background: .black), to: black)
      #expect(Array(try Support.pixels(black).pixel(x: clear % 320, y: clear / 320)) == [0, 0, 0])
    }
  }

  @Test(
    "scaling gives exact sizes",
    arguments: [
      ("png_2000x240.png", ImageTransform.Scaling.maxSide(1000), 1000, 120),
      ("png_200x900.png", .maxSide(450), 100, 450),
      ("jpeg_640x480.jpg", .maxSide(333), 333, 250),
      ("jpeg_640x480.jpg", .maxSide(4000), 640, 480),
      ("png_750x1000.png", .exact(width: 64, height: 48), 64, 48),
    ])
  func scale(name: String, scaling: ImageTransform.Scaling, width: Int, height: Int) throws {
    var transform = ImageTransform(output: .png)
    transform.scaling = scaling
    try Support.withFolder { folder in
      let out = folder.appendingPathComponent("scaled.png").path
      let (result, _) = try Support.checked(
        Support.fixture("media/image/\(name)"), transform, to: out)
      #expect((result.width, result.height) == (width, height))
    }
  }

  @Test("bicubic scaling gives the same size as Lanczos")
  func bicubic() throws {
    var transform = ImageTransform(output: .jpeg(maxBytes: nil)).scale(maxSide: 320)
    transform.filter = .bicubic
    try Support.withFolder { folder in
      let out = folder.appendingPathComponent("scaled.jpg").path
      let (result, _) = try Support.checked(
        Support.fixture("media/image/jpeg_640x480.jpg"), transform, to: out)
      #expect((result.width, result.height) == (320, 240))
    }
  }

  @Test("crop and pad to 1:1 and 16:9 give exact sizes; padding is the background colour")
  func aspect() throws {
    let source = Support.fixture("media/image/jpeg_640x480.jpg")
    let cases: [(Int, Int, ImageTransform.AspectFit.Mode, Int, Int)] = [
      (1, 1, .crop, 480, 480), (1, 1, .pad, 640, 640), (16, 9, .crop, 640, 360),
      (16, 9, .pad, 853, 480), (4, 3, .crop, 640, 480),
    ]
    try Support.withFolder { folder in
      for (a, b, mode, width, height) in cases {
        let out = folder.appendingPathComponent("fit-\(a)-\(b)-\(mode).png").path
        let (result, _) = try Support.checked(
          source, ImageTransform(output: .png).fitAspect(width: a, height: b, mode), to: out)
        #expect((result.width, result.height) == (width, height), "\(a):\(b) \(mode)")
      }
      let padded = try Support.pixels(folder.appendingPathComponent("fit-1-1-pad.png").path)
      #expect(Array(padded.pixel(x: 320, y: 0)) == [255, 255, 255])
      #expect(Array(padded.pixel(x: 320, y: 639)) == [255, 255, 255])
    }
  }

  @Test("scale then crop: 2000x240 to a 1000 px side, then 1:1, is 120x120")
  func scaleThenCrop() throws {
    let transform = ImageTransform(output: .png).scale(maxSide: 1000)
      .fitAspect(width: 1, height: 1, .crop)
    try Support.withFolder { folder in
      let out = folder.appendingPathComponent("square.png").path
      let (result, _) = try Support.checked(
        Support.fixture("media/image/png_2000x240.png"), transform, to: out)
      #expect((result.width, result.height) == (120, 120))
    }
  }

  @Test(
    "an outline paints exactly the box's edge pixels inside the bitmap, boxes off the edges too",
    arguments: [
      (2, 3, 12, 9, 3), (0, 0, 20, 15, 3), (-4, -2, 10, 8, 3), (14, 10, 12, 12, 2),
      (5, 5, 4, 4, 3), (-30, 0, 10, 5, 1), (1, 1, 18, 13, 7),
    ])
  func outlineEdges(box: (Int, Int, Int, Int, Int)) {
    let (x, y, width, height, thickness) = box
    let bitmap = Bitmap(width: 20, height: 15, fill: [10, 20, 30])
    let outlined = bitmap.outlined(
      x: x, y: y, width: width, height: height, thickness: thickness, color: [255, 0, 255])
    var wrong = 0
    for row in 0..<15 {
      for column in 0..<20 {
        let inside = column >= x && column < x + width && row >= y && row < y + height
        let edge =
          inside
          && (column < x + thickness || column >= x + width - thickness || row < y + thickness
            || row >= y + height - thickness)
        let start = (row * 20 + column) * 3
        let pixel = Array(outlined.bytes[start..<start + 3])
        if pixel != (edge ? [255, 0, 255] : [10, 20, 30]) { wrong += 1 }
      }
    }
    #expect(wrong == 0)
  }
}
