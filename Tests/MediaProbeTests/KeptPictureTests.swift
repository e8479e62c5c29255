import Foundation
import Testing

@testable import MediaProbe

@Suite("a probe that keeps its picture: a still image's decoded first frame, nothing else's")
struct KeptPictureTests {
  @Test("a JPEG's and a PNG's first frames are kept at their stored size, with the probe's facts")
  func stillImages() async throws {
    let prober = Prober()
    for (name, size) in [("jpeg_640x480.jpg", (640, 480)), ("png_200x900.png", (200, 900))] {
      let path = TestPaths.media.appendingPathComponent("image/\(name)").path
      let answer = try await prober.answer(forFile: path, keepingPicture: true)
      let picture = try #require(answer.picture, "\(name)")
      #expect(picture.info == answer.info)
      #expect(answer.info == (try await prober.probe(path)))
      #expect(picture.reduction == 0)
      let stored = picture.withFrame { (Int($0.pointee.width), Int($0.pointee.height)) }
      #expect(stored == size, "\(name)")
    }
  }

  @Test("nothing is kept unless asked, nor for a sound or a clip, nor from a refused file")
  func nothingElse() async throws {
    let prober = Prober()
    let jpeg = TestPaths.media.appendingPathComponent("image/jpeg_640x480.jpg").path
    #expect(try await prober.answer(forFile: jpeg, keepingPicture: false).picture == nil)
    for name in ["audio/mp3_3s_44100_stereo.mp3", "video/mp4_h264_aac_3s_320x240.mp4"] {
      let answer = try await prober.answer(
        forFile: TestPaths.media.appendingPathComponent(name).path, keepingPicture: true)
      #expect(answer.picture == nil, "\(name)")
    }
    let missing = TestPaths.media.appendingPathComponent("image/no_such_file.jpg").path
    await #expect(throws: ProbeError.self) {
      try await prober.answer(forFile: missing, keepingPicture: true)
    }
  }

  @Test("the bytes of a picture keep their frame too (the transform module's path)")
  func bytes() throws {
    let path = TestPaths.media.appendingPathComponent("image/png_640x480.png").path
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    let answer = try Prober().answer(bytes: bytes, name: "upload.png", keepingPicture: true)
    let picture = try #require(answer.picture)
    #expect(picture.info.path == "upload.png")
    #expect(picture.withFrame { (Int($0.pointee.width), Int($0.pointee.height)) } == (640, 480))
  }
}
