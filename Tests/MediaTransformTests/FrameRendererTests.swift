import Foundation
import MediaProbe
import Testing

@testable import MediaTransform

@Suite("frame renderer: pictures at the output size, crops outlined, clip frames, waveforms")
struct FrameRendererTests {
  typealias Support = TransformSupport

  /// Writes `picture` into `folder` as `name`, checks that it probes as a PNG of the picture's
  /// size, and returns its decoded pixels.
  static func written(_ picture: RenderedPicture, _ name: String, in folder: URL) throws -> Bitmap {
    let path = folder.appendingPathComponent(name).path
    try GuardedFile.write(picture.png, to: path, notOver: [])
    let info = try Prober().probe(path)
    #expect(info.container == "png_pipe" || info.video?.codec == "png")
    #expect(info.video?.displayWidth == picture.width)
    #expect(info.video?.displayHeight == picture.height)
    let pixels = try Support.pixels(path)
    #expect((pixels.width, pixels.height) == (picture.width, picture.height))
    return pixels
  }

  /// Whether `pixel` is within `tolerance` of `color` on every channel.
  static func near(_ pixel: ArraySlice<UInt8>, _ color: [Int], tolerance: Int = 16) -> Bool {
    zip(pixel, color).allSatisfy { abs(Int($0) - $1) <= tolerance }
  }

  @Test("EXIF orientation 6: red lands top-left and cyan bottom-left at exactly 240x320")
  func orientedPicture() throws {
    let source = Support.fixture("media/image/jpeg_exif_orientation6.jpg")
    let picture = try FrameRenderer().picture(source, width: 240, height: 320)
    #expect((picture.width, picture.height) == (240, 320))
    try Support.withFolder { folder in
      let pixels = try Self.written(picture, "first_frame.png", in: folder)
      #expect(Self.near(pixels.pixel(x: 2, y: 2), [254, 0, 0]), "\(pixels.pixel(x: 2, y: 2))")
      #expect(Self.near(pixels.pixel(x: 2, y: 317), [0, 255, 255]))
      #expect(!Self.near(pixels.pixel(x: 2, y: 2), [0, 255, 255]))
    }
  }

  @Test("a stretch, not a crop: 480x640 rendered at 1280x720 keeps both corners")
  func exactSizeWithoutCrop() throws {
    let source = Support.fixture("media/image/jpeg_exif_orientation6.jpg")
    let picture = try FrameRenderer().picture(source, width: 1280, height: 720)
    try Support.withFolder { folder in
      let pixels = try Self.written(picture, "first_frame.png", in: folder)
      #expect((pixels.width, pixels.height) == (1280, 720))
      #expect(Self.near(pixels.pixel(x: 4, y: 4), [254, 0, 0]))
      #expect(Self.near(pixels.pixel(x: 4, y: 715), [0, 255, 255]))
    }
  }

  @Test("the fitted crop's outline is drawn exactly around the computed crop box")
  func cropOutline() throws {
    let source = Support.fixture("media/image/jpeg_exif_orientation6.jpg")
    let fitted = try FrameRenderer().fitted(source, width: 1280, height: 720)
    // 480x640 upright; 16:9 of width 480 is 270 rows high, (640 - 270) / 2 = 185 from the top.
    #expect(fitted.crop == PixelBox(x: 0, y: 185, width: 480, height: 270))
    #expect((fitted.fitted.width, fitted.fitted.height) == (1280, 720))
    #expect((fitted.outlined.width, fitted.outlined.height) == (480, 640))
    try Support.withFolder { folder in
      _ = try Self.written(fitted.fitted, "last_frame.png", in: folder)
      let outlined = try Self.written(fitted.outlined, "last_frame_crop.png", in: folder)
      let original = try Support.pixels(source).oriented(exif: 6)
      let crop = fitted.crop
      var (ring, kept, wrong) = (0, 0, 0)
      for y in 0..<outlined.height {
        for x in 0..<outlined.width {
          let inside =
            (crop.x..<crop.x + crop.width).contains(x)
            && (crop.y..<crop.y + crop.height).contains(y)
          let onRing =
            inside
            && (x < crop.x + 3 || x >= crop.x + crop.width - 3 || y < crop.y + 3
              || y >= crop.y + crop.height - 3)
          let pixel = Array(outlined.pixel(x: x, y: y))
          if onRing {
            ring += 1
            if pixel != [255, 0, 255] { wrong += 1 }
          } else {
            kept += 1
            if pixel != Array(original.pixel(x: x, y: y)) { wrong += 1 }
          }
        }
      }
      // A 3 px frame: 2 × 3 rows of 480 plus 2 × 3 columns of 270 − 6; the rest unchanged.
      #expect(ring == 2 * 3 * 480 + 2 * 3 * (270 - 6))
      #expect(kept == 480 * 640 - ring)
      #expect(wrong == 0)
      #expect(!Self.near(outlined.pixel(x: 240, y: 320), [255, 0, 255], tolerance: 40))
    }
  }

  @Test("a crop larger than the output: the original is outlined at the crop's scale")
  func outlinedAtCropScale() throws {
    let source = Support.fixture("media/image/jpeg_exif_orientation6.jpg")
    let fitted = try FrameRenderer().fitted(source, width: 160, height: 90)
    // 480x640 upright: the crop is still reported in the original's pixels.
    #expect(fitted.crop == PixelBox(x: 0, y: 185, width: 480, height: 270))
    #expect((fitted.fitted.width, fitted.fitted.height) == (160, 90))
    // A third of the original (the crop's 480 columns to the output's 160): 160x213.
    #expect((fitted.outlined.width, fitted.outlined.height) == (160, 213))
    try Support.withFolder { folder in
      let outlined = try Self.written(fitted.outlined, "last_frame_crop.png", in: folder)
      // The box: 160x90 centred in 160x213, from row 61; a 3 px magenta ring.
      for (x, y) in [(80, 61), (80, 63), (1, 100), (158, 100), (80, 150)] {
        #expect(outlined.pixel(x: x, y: y) == [255, 0, 255], "\(x),\(y)")
      }
      #expect(!Self.near(outlined.pixel(x: 80, y: 100), [255, 0, 255], tolerance: 40))
      // Upright: red at the top left, cyan at the bottom left, outside the box.
      #expect(Self.near(outlined.pixel(x: 2, y: 2), [254, 0, 0]), "\(outlined.pixel(x: 2, y: 2))")
      #expect(Self.near(outlined.pixel(x: 2, y: 210), [0, 255, 255]))
    }
  }

  @Test("drawn from a probe's kept frame: exactly what decoding the file again draws")
  func fromKeptFrame() async throws {
    let renderer = FrameRenderer()
    for name in ["jpeg_exif_orientation6.jpg", "png_rgba_transparent_320x240.png"] {
      let source = Support.fixture("media/image/\(name)")
      let kept = try #require(
        try await Prober().answer(forFile: source, keepingPicture: true).picture)
      let sizes = [PictureSize(width: 200, height: 150), PictureSize(width: 90, height: 160)]
      let fromKept = try renderer.pictures(source, decoded: kept, sizes)
      #expect(fromKept == (try renderer.pictures(source, sizes)), "\(name)")
      let fittedFromKept = try renderer.fitted(source, decoded: kept, width: 160, height: 90)
      #expect(fittedFromKept == (try renderer.fitted(source, width: 160, height: 90)), "\(name)")
    }
  }

  @Test("a 90° display matrix: both clip frames upright at 240x320, 60 frames decoded")
  func clipFrames() throws {
    let source = Support.fixture("media/video/mp4_h264_rot90_320x240.mp4")
    let frames = try FrameRenderer().clipFrames(source, width: 240, height: 320)
    #expect(frames.frameCount == 60)
    try Support.withFolder { folder in
      let first = try Self.written(frames.first, "clip_first_frame.png", in: folder)
      let last = try Self.written(frames.last, "clip_last_frame.png", in: folder)
      #expect(Self.near(first.pixel(x: 5, y: 5), [253, 0, 0]), "\(first.pixel(x: 5, y: 5))")
      #expect(Self.near(first.pixel(x: 5, y: 314), [0, 255, 255]))
      #expect(Self.near(last.pixel(x: 5, y: 5), [236, 247, 0]), "\(last.pixel(x: 5, y: 5))")
      #expect(Self.near(last.pixel(x: 5, y: 314), [0, 255, 255]))
    }
  }

  @Test("a waveform: 100 peaks of a 3 s 8 kHz tone at ±4095")
  func waveform() throws {
    let source = Support.fixture("media/audio/wav_3s_8000_mono.wav")
    let waveform = try FrameRenderer().waveform(source, peaks: 100)
    #expect(waveform.sampleRate == 8000)
    #expect(waveform.sampleCount == 24000)
    #expect(waveform.seconds == 3)
    #expect(waveform.peaks.count == 100)
    #expect(waveform.peaks.map(\.high).max() == 4095.0 / 32768)
    #expect(waveform.peaks.map(\.low).min() == -4095.0 / 32768)
  }

  @Test("peaks of fewer samples than runs: one run per sample")
  func fewSamples() {
    let peaks = FrameRenderer.peaks(of: [0, 16384, -16384], count: 10)
    #expect(peaks.map(\.high) == [0, 0.5, -0.5])
  }

  @Test("an output size over the pixel budget is refused before anything is decoded")
  func pixelBudget() {
    let renderer = FrameRenderer(options: ProbeOptions(maxPixels: 10_000))
    let source = Support.fixture("media/image/png_640x480.png")
    #expect(
      throws: TransformError.invalidTransform(
        "size 200x100 (each side 1…16384, at most 10000 pixels)")
    ) {
      try renderer.picture(source, width: 200, height: 100)
    }
    #expect(
      throws: TransformError.invalidTransform(
        "size 0x100 (each side 1…16384, at most 67108864 pixels)")
    ) {
      try FrameRenderer().picture(source, width: 0, height: 100)
    }
  }

  @Test("every hostile fixture is refused with the probe's code by every primitive")
  func hostile() throws {
    #expect(RefusalTests.hostile.count > 20)
    let renderer = FrameRenderer()
    for (name, code) in RefusalTests.hostile {
      let source = Support.fixture("hostile/files/\(name)")
      let pictureError = Self.refusal { () throws(TransformError) in
        _ = try renderer.picture(source, width: 64, height: 64)
      }
      let fittedError = Self.refusal { () throws(TransformError) in
        _ = try renderer.fitted(source, width: 64, height: 64)
      }
      #expect(pictureError?.code == code, "\(name)")
      #expect(fittedError?.code == code, "\(name)")
      // Not every hostile file claims to be a clip or a sound: each is refused by the probe.
      for error in [
        Self.refusal { () throws(TransformError) in
          _ = try renderer.clipFrames(source, width: 64, height: 64)
        },
        Self.refusal { () throws(TransformError) in _ = try renderer.waveform(source, peaks: 10) },
      ] {
        guard case .input = error else {
          Issue.record("\(name): \(String(describing: error))")
          continue
        }
      }
    }
  }

  /// The error `body` throws, `nil` when it returns.
  static func refusal(_ body: () throws(TransformError) -> Void) -> TransformError? {
    do throws(TransformError) {
      try body()
      return nil
    } catch {
      return error
    }
  }

  @Test("a preview file is never written over an input")
  func neverOverInput() throws {
    try Support.withFolder { folder in
      let input = folder.appendingPathComponent("in.png").path
      try Data([1, 2, 3]).write(to: URL(fileURLWithPath: input))
      #expect(throws: TransformError.destinationIsSource(input)) {
        try GuardedFile.write([9], to: input, notOver: [input])
      }
      #expect(try Data(contentsOf: URL(fileURLWithPath: input)) == Data([1, 2, 3]))
      #expect(Support.names(in: folder) == ["in.png"])
    }
  }

  @Test("several sizes from one decode draw exactly what one call per size draws")
  func severalSizes() throws {
    let renderer = FrameRenderer()
    let photo = Support.fixture("media/image/jpeg_exif_orientation6.jpg")
    let sizes = [
      PictureSize(width: 240, height: 320), PictureSize(width: 320, height: 240, upright: false),
    ]
    let together = try renderer.pictures(photo, sizes)
    let apart = try sizes.map {
      try renderer.picture(photo, width: $0.width, height: $0.height, upright: $0.upright)
    }
    #expect(together == apart)
    #expect(together.map(\.width) == [240, 320] && together.map(\.height) == [320, 240])
    let clip = Support.fixture("media/video/mp4_h264_rot90_320x240.mp4")
    let frames = try renderer.clipFrames(clip, sizes)
    let single = try sizes.map {
      try renderer.clipFrames(clip, width: $0.width, height: $0.height, upright: $0.upright)
    }
    #expect(frames == single && frames.map(\.frameCount) == [60, 60])
  }

  @Test("a long sound's peaks are kept by block, in bounded memory")
  func longSoundPeaks() {
    // 5 M samples: past the exact limit. A square wave whose half periods are 640 samples (a
    // multiple of the block), so block extremes and exact runs agree.
    let total = PeakAccumulator.exactLimit + 900_000
    let samples = (0..<total).map { ($0 / 640) % 2 == 0 ? Int16(1000) : Int16(-2000) }
    var accumulator = PeakAccumulator()
    for start in stride(from: 0, to: total, by: 4096) {
      accumulator.append(Array(samples[start..<min(total, start + 4096)]))
    }
    #expect(accumulator.count == total)
    let blocked = accumulator.peaks(400)
    #expect(blocked.count == 400)
    #expect(blocked.allSatisfy { $0.low == -2000.0 / 32768 && $0.high == 1000.0 / 32768 })
    // More runs asked than blocks: one run a block (the last one partial), each within one
    // half period.
    let fine = accumulator.peaks(100_000)
    #expect(fine.count == (total + PeakAccumulator.blockSize - 1) / PeakAccumulator.blockSize)
    #expect(fine.allSatisfy { $0.low == $0.high })
  }
}
