import Foundation
import MediaProbe
import Testing

@testable import MediaTransform

@Suite("video: MP4 out, stream copy, re-encode, trim, scale, turn, byte cap")
struct VideoTransformTests {
  typealias Support = TransformSupport

  /// One run's result, the output's probe, and ffprobe's streams and format (when installed).
  struct Checked {
    var result: VideoTransformResult
    var info: MediaInfo
    var streams: [[String: Any]]
    var format: [String: Any]

    /// ffprobe's stream of `type` (`video`, `audio`).
    func stream(_ type: String) -> [String: Any]? {
      streams.first { $0["codec_type"] as? String == type }
    }
  }

  /// Transforms `name` (under `fixtures/media/video/`) into `out.mp4`, checking that the
  /// source is unchanged, that the result matches the file, the probe and ffprobe, and that
  /// `moov` comes before `mdat`.
  static func run(
    _ name: String, _ transform: VideoTransform, in folder: URL,
    progress: (@Sendable (TransformProgress) -> Void)? = nil
  ) throws -> Checked {
    let source = Support.fixture("media/video/\(name)")
    let before = try Data(contentsOf: URL(fileURLWithPath: source))
    let out = folder.appendingPathComponent("out.mp4").path
    let result = try VideoTransformer().transform(source, transform, to: out, progress: progress)
    #expect(try Data(contentsOf: URL(fileURLWithPath: source)) == before)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: out))
    #expect(bytes.count == result.byteCount)
    #expect(result.faststart)
    let order = boxes(bytes)
    let moov = try #require(order.firstIndex(of: "moov"))
    let mdat = try #require(order.firstIndex(of: "mdat"))
    #expect(moov < mdat)
    #expect(Support.names(in: folder) == ["out.mp4"])
    let info = try Prober().probe(out)
    #expect(info.video?.codec == "h264")
    #expect(info.video?.pixelFormat == "yuv420p")
    #expect(info.video?.width == result.width && info.video?.height == result.height)
    #expect(info.audio?.codec == result.audioCodec)
    let (streams, format) = ffprobe(out)
    return Checked(result: result, info: info, streams: streams, format: format)
  }

  /// The top-level box types of an MP4, in order.
  static func boxes(_ bytes: Data) -> [String] {
    var types: [String] = []
    var offset = 0
    let data = [UInt8](bytes)
    while offset + 8 <= data.count {
      let size = data[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
      types.append(String(decoding: data[offset + 4..<offset + 8], as: UTF8.self))
      guard size >= 8 else { break }
      offset += size
    }
    return types
  }

  /// ffprobe's JSON streams and format of `path`; empty when ffprobe is not installed.
  static func ffprobe(_ path: String) -> ([[String: Any]], [String: Any]) {
    let tool = "/usr/bin/ffprobe"
    guard FileManager.default.isExecutableFile(atPath: tool) else { return ([], [:]) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = [
      "-v", "error", "-count_frames", "-show_streams", "-show_format", "-of", "json", path,
    ]
    let pipe = Pipe()
    process.standardOutput = pipe
    guard (try? process.run()) != nil else { return ([], [:]) }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    return (object["streams"] as? [[String: Any]] ?? [], object["format"] as? [String: Any] ?? [:])
  }

  /// A number ffprobe gives as a string.
  static func number(_ value: Any?) -> Double? {
    (value as? String).flatMap(Double.init)
  }

  @Test("WebM VP9 + Opus → MP4: re-encoded to H.264 yuv420p and AAC, 2 s, 60 frames")
  func webm() throws {
    try Support.withFolder { folder in
      let run = try Self.run(
        "webm_vp9_2s_320x240.webm", VideoTransform().preset("ultrafast"), in: folder)
      #expect(!run.result.streamCopied)
      #expect(run.result.width == 320 && run.result.height == 240)
      #expect(run.result.frameCount == 60)
      #expect(abs(run.result.durationSeconds - 2) < 0.001)
      #expect(run.result.audioCodec == "aac")
      if let video = run.stream("video") {
        #expect(video["codec_name"] as? String == "h264")
        #expect(video["pix_fmt"] as? String == "yuv420p")
        #expect(video["nb_read_frames"] as? String == "60")
        #expect(video["color_range"] as? String == "tv")
        #expect(Self.number(video["start_time"]) == 0)
      }
      if let audio = run.stream("audio") {
        #expect(audio["codec_name"] as? String == "aac")
        #expect(abs((Self.number(audio["duration"]) ?? 0) - 2) < 0.03)
      }
    }
  }

  @Test("a clip whose first frame is at 2 s comes out starting at 0, 90 frames, 3 s")
  func startsAtZero() throws {
    try Support.withFolder { folder in
      let run = try Self.run(
        "mp4_h264_start2s_320x240.mp4", VideoTransform().forcingReencode().preset("ultrafast"),
        in: folder)
      #expect(run.result.frameCount == 90)
      #expect(abs(run.result.durationSeconds - 3) < 0.001)
      #expect(run.info.startSeconds == nil)  // the probe: frames start at 0
      if !run.format.isEmpty {
        #expect(Self.number(run.format["start_time"]) == 0)
        #expect(abs((Self.number(run.format["duration"]) ?? 0) - 3) < 0.001)
      }
    }
  }

  @Test("a 12 s 10 fps clip trimmed to 10 s keeps 100 frames and lasts 10.000 s")
  func trim() throws {
    try Support.withFolder { folder in
      let run = try Self.run(
        "mp4_h264_12s_160x120.mp4", VideoTransform().trim(toSeconds: 10).preset("ultrafast"),
        in: folder)
      #expect(!run.result.streamCopied)  // B-frames: cutting needs a re-encode
      #expect(run.result.frameCount == 100)
      #expect(abs(run.result.durationSeconds - 10) < 0.0005)
      if let video = run.stream("video") {
        #expect(video["nb_read_frames"] as? String == "100")
        #expect(abs((Self.number(video["duration"]) ?? 0) - 10) < 0.0005)
      }
      if !run.format.isEmpty {
        #expect(abs((Self.number(run.format["duration"]) ?? 0) - 10) < 0.0005)
      }
    }
  }

  @Test("scale 160x120 → 320x240, then a 1:1 crop → 240x240")
  func scaleAndCrop() throws {
    try Support.withFolder { folder in
      let scaled = try Self.run(
        "mp4_h264_12s_160x120.mp4",
        VideoTransform().trim(toSeconds: 1).scale(toWidth: 320, height: 240).preset("ultrafast"),
        in: folder)
      #expect(scaled.result.width == 320 && scaled.result.height == 240)
      #expect(scaled.result.frameCount == 10)
      let cropped = try Self.run(
        "mp4_h264_12s_160x120.mp4",
        VideoTransform().trim(toSeconds: 1).scale(toWidth: 320, height: 240)
          .fitAspect(width: 1, height: 1, .crop).preset("ultrafast"), in: folder)
      #expect(cropped.result.width == 240 && cropped.result.height == 240)
      let padded = try Self.run(
        "mp4_h264_12s_160x120.mp4",
        VideoTransform().trim(toSeconds: 1).fitAspect(width: 1, height: 1, .pad)
          .preset("ultrafast"), in: folder)
      #expect(padded.result.width == 160 && padded.result.height == 160)
    }
  }

  @Test("MKV and MOV holding H.264 are remuxed to MP4 by stream copy")
  func streamCopy() throws {
    try Support.withFolder { folder in
      for name in ["mkv_h264_1ms_frames_320x240.mkv", "mov_h264_2s_320x240.mov"] {
        let source = Support.fixture("media/video/\(name)")
        let run = try Self.run(name, VideoTransform(), in: folder)
        #expect(run.result.streamCopied, "\(name)")
        #expect(run.result.width == 320 && run.result.height == 240)
        let sourceFrames = Self.ffprobe(source).0.first?["nb_read_frames"] as? String
        if let video = run.stream("video") {
          #expect(video["nb_read_frames"] as? String == sourceFrames, "\(name)")
          #expect(Self.number(video["start_time"]) == 0, "\(name)")
        }
      }
      let audio = try Self.run("mp4_h264_aac_3s_320x240.mp4", VideoTransform(), in: folder)
      #expect(audio.result.streamCopied && audio.result.audioCodec == "aac")
      #expect(audio.result.frameCount == 90)
    }
  }

  @Test("a 90° display matrix is baked in: 320x240 comes out 240x320 with no matrix")
  func rotation() throws {
    try Support.withFolder { folder in
      let run = try Self.run(
        "mp4_h264_rot90_320x240.mp4", VideoTransform().trim(toSeconds: 0.5).preset("ultrafast"),
        in: folder)
      #expect(run.result.width == 240 && run.result.height == 320)
      #expect(run.info.video?.rotation == nil || run.info.video?.rotation == 0)
      if let video = run.stream("video") {
        #expect(video["side_data_list"] == nil)
      }
      let kept = try Self.run(
        "mp4_h264_rot90_320x240.mp4", VideoTransform().ignoringRotation(), in: folder)
      #expect(kept.result.streamCopied)
      #expect(kept.result.width == 320 && kept.result.height == 240)
      #expect(kept.info.video?.rotation == 90)
    }
  }

  /// The first decoded picture of the clip at `path` (yuv420p), as stored.
  static func firstPicture(_ path: String) throws -> PicturePlanes {
    let demux = try VideoDemux(path: path, options: ProbeOptions())
    var picture: PicturePlanes?
    _ = try demux.forEachFrame(audio: false) { (_, frame) -> Bool in
      picture = PicturePlanes(frame: frame)
      return false
    }
    return try #require(picture)
  }

  /// The mean absolute difference of two luma planes (255 for different sizes).
  static func difference(_ a: PicturePlanes, _ b: PicturePlanes) -> Double {
    guard a.width == b.width, a.height == b.height else { return 255 }
    let total = zip(a.luma, b.luma).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }
    return Double(total) / Double(max(a.luma.count, 1))
  }

  @Test("the baked picture is the stored one turned clockwise (as ffmpeg's autorotate does)")
  func rotationBaked() throws {
    try Support.withFolder { folder in
      let name = "mp4_h264_rot90_320x240.mp4"
      let stored = try Self.firstPicture(Support.fixture("media/video/\(name)"))
      let baked = try Self.run(
        name, VideoTransform().trim(toSeconds: 0.2).quality(crf: 10).preset("ultrafast"),
        in: folder)
      let picture = try Self.firstPicture(baked.result.path)
      #expect(picture.width == 240 && picture.height == 320)
      let clockwise = Self.difference(picture, stored.oriented(.clockwise))
      let counter = Self.difference(picture, stored.oriented(.counterClockwise))
      #expect(clockwise < 2, "mean difference \(clockwise)")
      #expect(counter > 20, "mean difference \(counter)")
    }
  }

  @Test("a clip without B-frames is trimmed by stream copy, to the frame")
  func copyTrim() throws {
    try Support.withFolder { folder in
      // ultrafast has no B-frames: make such a clip, then cut it without decoding.
      let source = folder.appendingPathComponent("plain.mp4").path
      _ = try VideoTransformer().transform(
        Support.fixture("media/video/mp4_h264_aac_3s_320x240.mp4"),
        VideoTransform().forcingReencode().preset("ultrafast"), to: source)
      let out = folder.appendingPathComponent("cut.mp4").path
      let result = try VideoTransformer().transform(
        source, VideoTransform().trim(toSeconds: 1.5), to: out)
      #expect(result.streamCopied)
      #expect(result.frameCount == 45)
      #expect(abs(result.durationSeconds - 1.5) < 0.001)
      #expect(result.audioCodec == "aac")
      let (streams, _) = Self.ffprobe(out)
      if let video = streams.first(where: { $0["codec_type"] as? String == "video" }) {
        #expect(video["nb_read_frames"] as? String == "45")
      }
      let info = try Prober().probe(out)
      #expect(abs((info.audio?.durationSeconds ?? 0) - 1.5) < 0.05)
    }
  }

  @Test("the turn moves pixels as the display matrix says: the stored top-left goes top-right")
  func rotationPixels() throws {
    // A 4x2 luma plane turned a quarter clockwise is 2x4; its top-right is the old top-left.
    let plane: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8]
    #expect(Orientation.clockwise.apply(plane, width: 4, height: 2) == [5, 1, 6, 2, 7, 3, 8, 4])
    #expect(
      Orientation.counterClockwise.apply(plane, width: 4, height: 2) == [4, 8, 3, 7, 2, 6, 1, 5])
    // ffprobe's "rotation: -90" (FFmpeg's angle -90, counter-clockwise) is a clockwise turn.
    let matrix: [Int32] = [0, 65536, 0, -65536, 0, 0, 0, 0, 1 << 30]
    #expect(Orientation.of(matrix: matrix) == .clockwise)
  }

  @Test("limitBytes: a 12 s clip fits a cap of 60 kB; an impossible cap writes nothing")
  func byteCap() throws {
    try Support.withFolder { folder in
      let run = try Self.run(
        "mp4_h264_12s_160x120.mp4", VideoTransform().limitBytes(60_000).preset("ultrafast"),
        in: folder)
      #expect(run.result.byteCount <= 60_000)
      #expect(run.result.frameCount == 120)
      let out = folder.appendingPathComponent("tiny.mp4").path
      let source = Support.fixture("media/video/mp4_h264_aac_3s_320x240.mp4")
      do throws(TransformError) {
        _ = try VideoTransformer().transform(
          source, VideoTransform().limitBytes(3000).preset("ultrafast"), to: out)
        Issue.record("3000 bytes fitted")
      } catch {
        guard case .cannotFit(let maxBytes, let smallest) = error else {
          Issue.record("\(error)")
          return
        }
        #expect(maxBytes == 3000 && smallest > 3000)
      }
      #expect(Support.names(in: folder) == ["out.mp4"])
    }
  }

  @Test("progress is reported, ends at 1, never more than about ten times a second")
  func progress() throws {
    final class Box: @unchecked Sendable {
      let lock = NSLock()
      var values: [TransformProgress] = []
    }
    let box = Box()
    try Support.withFolder { folder in
      let start = Date()
      _ = try Self.run(
        "mp4_h264_aac_3s_320x240.mp4", VideoTransform().forcingReencode().preset("ultrafast"),
        in: folder
      ) { value in
        box.lock.lock()
        box.values.append(value)
        box.lock.unlock()
      }
      let elapsed = Date().timeIntervalSince(start)
      #expect(!box.values.isEmpty)
      #expect(box.values.last?.fraction == 1)
      #expect(Double(box.values.count) <= elapsed * 10 + 2)
      #expect(box.values.allSatisfy { $0.secondsTotal == 3 })
    }
  }

  @Test("the transform's deadline grows with the output: 10 s of 720p get 30 s more, capped")
  func deadline() throws {
    var info = try Prober().probe(Support.fixture("media/video/mp4_h264_12s_160x120.mp4"))
    let small = VideoTransformer.decodeSeconds(info, VideoTransform(), probeLimit: 10)
    #expect(abs(small - (10 + 12 * 0.25 * 3)) < 0.001)
    let hd = VideoTransform().trim(toSeconds: 10).scale(toWidth: 1280, height: 720)
    #expect(abs(VideoTransformer.decodeSeconds(info, hd, probeLimit: 10) - 40) < 0.001)
    info.durationSeconds = 143_165
    info.frameSpanSeconds = nil
    #expect(VideoTransformer.decodeSeconds(info, VideoTransform(), probeLimit: 10) == 600)
  }

  @Test("every hostile fixture is refused with the probe's code and nothing is written")
  func hostileFixtures() throws {
    #expect(RefusalTests.hostile.count > 20)
    try Support.withFolder { folder in
      let out = folder.appendingPathComponent("out.mp4").path
      for (name, code) in RefusalTests.hostile {
        let source = Support.fixture("hostile/files/\(name)")
        do throws(TransformError) {
          _ = try VideoTransformer().transform(source, VideoTransform(), to: out)
          Issue.record("\(name) was transformed")
        } catch {
          #expect(error.code == code, "\(name): \(error)")
        }
        #expect(Support.names(in: folder).isEmpty, "\(name)")
      }
    }
  }

  @Test("refusals: hostile input, no video, the source as destination, invalid transforms")
  func refusals() throws {
    try Support.withFolder { folder in
      let out = folder.appendingPathComponent("out.mp4").path
      let cases: [(String, String)] = [
        (Support.fixture("hostile/files/hls_local_segment.mp4"), "refused_format"),
        (Support.fixture("media/broken/truncated_moov.mp4"), ""),
        (Support.fixture("media/video/mp4_audio_only_2s.mp4"), "no_media_stream"),
      ]
      for (source, code) in cases {
        let before = try Data(contentsOf: URL(fileURLWithPath: source))
        do throws(TransformError) {
          _ = try VideoTransformer().transform(source, VideoTransform(), to: out)
          Issue.record("\(source) was transformed")
        } catch {
          guard case .input(let probeError) = error else {
            Issue.record("\(source): \(error)")
            continue
          }
          if !code.isEmpty { #expect(probeError.code == code, "\(source)") }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: source)) == before)
        #expect(Support.names(in: folder).isEmpty)
      }
      let source = Support.fixture("media/video/mov_h264_2s_320x240.mov")
      #expect(throws: TransformError.destinationIsSource(source)) {
        try VideoTransformer().transform(source, VideoTransform(), to: source)
      }
      let invalid = [
        VideoTransform().scale(toWidth: 321, height: 240),
        VideoTransform().scale(toWidth: 0, height: 0),
        VideoTransform().trim(toSeconds: 0), VideoTransform().quality(crf: 52),
        VideoTransform().preset("warp"), VideoTransform().limitBytes(0),
        VideoTransform().fitAspect(width: 16384, height: 1, .pad),
      ]
      for transform in invalid {
        #expect(throws: TransformError.self) {
          try VideoTransformer().transform(source, transform, to: out)
        }
      }
      #expect(Support.names(in: folder).isEmpty)
    }
  }
}
