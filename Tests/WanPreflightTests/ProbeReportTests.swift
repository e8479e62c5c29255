import Foundation
import MediaProbe
import Testing

@testable import WanPreflight

/// The `wan-preflight.probe/1` JSON contract and the text table.
@Suite("Probe report")
struct ProbeReportTests {
  static let image: MediaInfo = {
    var stream = StreamInfo(index: 0, kind: .image, codec: "mjpeg")
    stream.width = 640
    stream.height = 480
    stream.displayWidth = 480
    stream.displayHeight = 640
    stream.rotation = 90
    stream.mirrored = false
    stream.pixelFormat = "yuvj420p"
    stream.bitDepth = 8
    stream.hasAlpha = false
    return MediaInfo(
      path: "img/cat.jpg", byteSize: 21_400, fileExtension: "jpg", container: "jpeg_pipe",
      kind: .image, format: "jpeg", mimeType: "image/jpeg", durationSeconds: nil,
      durationSource: nil, streams: [stream], primaryVideoStream: 0, primaryAudioStream: nil,
      image: ImageDetails(
        orientation: .init(value: 6, source: .exif), animated: false, frameCount: nil,
        hasTransparentPixels: nil))
  }()

  @Test("the JSON has the schema, one entry per path, and snake_case keys")
  func json() throws {
    let report = ProbeReport(
      paths: ["img/cat.jpg", "x.png"],
      results: [.success(Self.image), .failure(ProbeError(path: "x.png", reason: .empty))])
    let text = try report.jsonText()
    #expect(text.hasSuffix("}\n"))
    #expect(!text.contains("\\/"))
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(object["schema"] as? String == "wan-preflight.probe/1")
    #expect(object["probed"] as? Int == 1 && object["failed"] as? Int == 1)
    let files = try #require(object["files"] as? [[String: Any]])
    let media = try #require(files[0]["media"] as? [String: Any])
    #expect(media["byte_size"] as? Int == 21_400)
    #expect(media["mime_type"] as? String == "image/jpeg")
    #expect(media["extension"] as? String == "jpg")
    #expect(media["primary_video_stream"] as? Int == 0)
    let image = try #require(media["image"] as? [String: Any])
    let orientation = try #require(image["orientation"] as? [String: Any])
    #expect(orientation["value"] as? Int == 6 && orientation["rotation"] as? Int == 90)
    let stream = try #require((media["streams"] as? [[String: Any]])?.first)
    #expect(
      stream["display_width"] as? Int == 480 && stream["pixel_format"] as? String == "yuvj420p")
    let error = try #require(files[1]["error"] as? [String: Any])
    #expect(error["code"] as? String == "empty")
    #expect(error["message"] as? String == "the file is empty (0 bytes)")
    #expect(files[1]["ok"] as? Bool == false)
  }

  @Test("a MediaInfo survives a JSON round trip")
  func roundTrip() throws {
    let data = try JSONEncoder().encode(Self.image)
    #expect(try JSONDecoder().decode(MediaInfo.self, from: data) == Self.image)
  }

  @Test("a report, as probe --json prints it, decodes into an equal report")
  func reportRoundTrip() throws {
    let failure = ProbeError(
      path: "x.png", reason: .pixelBudgetExceeded(width: 9000, height: 9000, limit: 8192 * 8192))
    let report = ProbeReport(
      paths: ["img/cat.jpg", "x.png"], results: [.success(Self.image), .failure(failure)])
    let decoded = try JSONDecoder().decode(
      ProbeReport.self, from: Data(try report.jsonText().utf8))
    #expect(decoded == report)
    #expect(try decoded.jsonText() == report.jsonText())
  }

  @Test("probe --json over every fixture (and the hostile files) decodes into an equal report")
  func fixtureReportRoundTrip() async throws {
    let root = CheckSupport.root.appendingPathComponent("fixtures")
    let folders = ["media/image", "media/audio", "media/video", "hostile/files"]
    let paths = folders.flatMap { folder in
      let directory = root.appendingPathComponent(folder).path
      return ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        .map { "\(directory)/\($0)" }
    }
    #expect(paths.count > 20)
    let report = ProbeReport(paths: paths, results: await Prober().probe(paths))
    let text = try report.jsonText()
    let decoded = try JSONDecoder().decode(ProbeReport.self, from: Data(text.utf8))
    #expect(decoded == report)
    #expect(try decoded.jsonText() == text)
  }

  @Test("the table aligns columns and explains the picture")
  func table() {
    let text = ProbeTable.render([Self.image])
    let lines = text.split(separator: "\n").map(String.init)
    #expect(lines.count == 2)
    #expect(lines[0] == "FILE         KIND   FORMAT  BYTES    STORED   DISPLAY  SECONDS  DETAILS")
    #expect(
      lines[1]
        == "img/cat.jpg  image  jpeg    21.4 KB  640x480  480x640  -        "
        + "mjpeg, yuvj420p 8-bit, EXIF orientation 6 (rotate 90° CW)")
  }

  @Test("the table says when a frame rate was counted and when late frames start")
  func lateFramesAndCountedRate() {
    var stream = StreamInfo(index: 0, kind: .video, codec: "h264")
    (stream.width, stream.height, stream.displayWidth, stream.displayHeight) = (320, 240, 320, 240)
    (stream.averageFrameRate, stream.frameRateSource) = (30, .packets)
    let info = MediaInfo(
      path: "clip.mkv", byteSize: 1894, fileExtension: "mkv", container: "matroska,webm",
      kind: .video, format: "mkv", mimeType: "video/x-matroska", durationSeconds: 5,
      durationSource: .container, streams: [stream], primaryVideoStream: 0,
      primaryAudioStream: nil, image: nil, startSeconds: 2, frameSpanSeconds: 3)
    #expect(ProbeTable.details(info) == "h264, 30 fps (packets); frames from 2 s for 3 s")
  }
}
