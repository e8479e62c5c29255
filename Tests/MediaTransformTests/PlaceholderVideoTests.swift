import Foundation
import MediaProbe
import Testing

@testable import MediaTransform

@Suite("dry run: the placeholder MP4 of a task (frames, zoom, fade, clip, sound, mark)")
struct PlaceholderVideoTests {
  typealias Support = TransformSupport
  typealias Video = VideoTransformTests

  /// One placeholder written and read back: the result, our probe, ffprobe's streams and
  /// format (empty without ffprobe), and the decoded frames asked for (by index).
  struct Written {
    var result: VideoTransformResult
    var info: MediaInfo
    var streams: [[String: Any]]
    var format: [String: Any]
    var frames: [Int: Bitmap]
    var decodedCount: Int

    func stream(_ type: String) -> [String: Any]? {
      streams.first { $0["codec_type"] as? String == type }
    }
  }

  static let red = ImageTransform.Color(red: 220, green: 30, blue: 30)
  static let blue = ImageTransform.Color(red: 30, green: 40, blue: 210)

  /// A PNG of one colour at `path`.
  static func solid(_ color: ImageTransform.Color, width: Int, height: Int, at path: String)
    throws
  {
    let bitmap = Bitmap(width: width, height: height, fill: [color.red, color.green, color.blue])
    let bytes = try ImageEncoding.encode(bitmap, as: .png).bytes
    try Data(bytes).write(to: URL(fileURLWithPath: path))
  }

  /// Writes `video` to `out.mp4` in `folder` and checks every fact the emulator promises:
  /// the size, H.264 yuv420p, exactly fps × seconds frames (counted by decoding, and by
  /// ffprobe), the frame rate and duration, an AAC track as long as the video within one AAC
  /// frame, `moov` before `mdat`, the comment tag, the inputs unchanged and only the MP4 in
  /// the folder. Decodes the frames at `keep` (negative: from the end).
  static func write(
    _ video: PlaceholderVideo, in folder: URL, keep: [Int] = [0, -1],
    progress: (@Sendable (TransformProgress) -> Void)? = nil
  ) throws -> Written {
    let inputs = video.inputs.map { try? Data(contentsOf: URL(fileURLWithPath: $0)) }
    let before = Support.names(in: folder)
    let out = folder.appendingPathComponent("out.mp4").path
    let result = try PlaceholderVideoWriter().write(video, to: out, progress: progress)
    for (path, bytes) in zip(video.inputs, inputs) {
      #expect((try? Data(contentsOf: URL(fileURLWithPath: path))) == bytes)
    }
    #expect(Support.names(in: folder) == (before + ["out.mp4"]).sorted())
    let total = video.framesPerSecond * video.seconds
    #expect(result.width == video.width && result.height == video.height)
    #expect(result.frameCount == total)
    #expect(result.durationSeconds == Double(video.seconds))
    #expect(result.videoCodec == "h264" && result.pixelFormat == "yuv420p")
    #expect(result.audioCodec == "aac")
    #expect(result.faststart)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: out))
    #expect(bytes.count == result.byteCount)
    let order = Video.boxes(bytes)
    let moov = try #require(order.firstIndex(of: "moov"))
    let mdat = try #require(order.firstIndex(of: "mdat"))
    #expect(moov < mdat)
    // The comment is the `©cmt` item, its text in a `data` box.
    #expect(bytes.range(of: Data([0xA9]) + Data("cmt".utf8)) != nil)
    #expect(bytes.range(of: Data(video.comment.utf8)) != nil)

    let info = try Prober().probe(out)
    #expect(info.video?.codec == "h264")
    #expect(info.video?.pixelFormat == "yuv420p")
    #expect(info.video?.width == video.width && info.video?.height == video.height)
    #expect(info.video?.averageFrameRate == Double(video.framesPerSecond))
    #expect(abs((info.video?.durationSeconds ?? 0) - Double(video.seconds)) < 0.001)
    #expect(info.audio?.codec == "aac")
    #expect(info.audio?.sampleRate == 48000 && info.audio?.channels == 2)
    #expect(abs((info.audio?.durationSeconds ?? 0) - Double(video.seconds)) <= 1024.0 / 48000)

    let indices = Set(keep.map { $0 < 0 ? total + $0 : $0 })
    let (frames, decoded) = try decode(out, keep: indices)
    #expect(decoded == total)
    let (streams, format) = Video.ffprobe(out)
    let checked = Written(
      result: result, info: info, streams: streams, format: format, frames: frames,
      decodedCount: decoded)
    if let stream = checked.stream("video") {
      #expect(stream["codec_name"] as? String == "h264")
      #expect(stream["pix_fmt"] as? String == "yuv420p")
      #expect(stream["width"] as? Int == video.width && stream["height"] as? Int == video.height)
      #expect(stream["nb_read_frames"] as? String == String(total))
      #expect(stream["r_frame_rate"] as? String == "\(video.framesPerSecond)/1")
      #expect(stream["avg_frame_rate"] as? String == "\(video.framesPerSecond)/1")
      #expect(Video.number(stream["duration"]) == Double(video.seconds))
    }
    if let audio = checked.stream("audio") {
      #expect(audio["codec_name"] as? String == "aac")
      #expect(audio["sample_rate"] as? String == "48000")
      let seconds = Video.number(audio["duration"]) ?? 0
      #expect(abs(seconds - Double(video.seconds)) <= 1024.0 / 48000)
    }
    if !format.isEmpty {
      let tags = format["tags"] as? [String: Any]
      #expect(tags?["comment"] as? String == video.comment)
    }
    return checked
  }

  /// Decodes every video frame of `path`, keeping those at `keep` as RGB; the frame count.
  static func decode(_ path: String, keep: Set<Int>) throws -> ([Int: Bitmap], Int) {
    let demux = try VideoDemux(path: path, options: ProbeOptions())
    var frames: [Int: Bitmap] = [:]
    var count = 0
    let outcome = try demux.forEachFrame(audio: false) {
      (kind, frame) throws(TransformError) -> Bool in
      guard kind == .video else { return true }
      if keep.contains(count) { frames[count] = try PixelConversion.bitmap(from: frame) }
      count += 1
      return true
    }
    try outcome.get()
    return (frames, count)
  }

  /// The mean RGB of the `side` × `side` block of `bitmap` centred at (`x`, `y`).
  static func mean(_ bitmap: Bitmap, x: Int, y: Int, side: Int = 8) -> [Int] {
    var sums = [0, 0, 0]
    for row in (y - side / 2)..<(y + side / 2) {
      for column in (x - side / 2)..<(x + side / 2) {
        for (channel, value) in bitmap.pixel(x: column, y: row).prefix(3).enumerated() {
          sums[channel] += Int(value)
        }
      }
    }
    return sums.map { $0 / (side * side) }
  }

  /// Whether `color` is within `tolerance` of `expected` in every channel.
  static func near(_ color: [Int], _ expected: ImageTransform.Color, tolerance: Int = 12) -> Bool {
    zip(color, [expected.red, expected.green, expected.blue]).allSatisfy {
      abs($0 - Int($1)) <= tolerance
    }
  }

  @Test("a first frame: 1280x720, 5 s, 150 frames at 30 fps, H.264 yuv420p, AAC, faststart")
  func firstFrameOnly() throws {
    try Support.withFolder { folder in
      var video = PlaceholderVideo(width: 1280, height: 720, seconds: 5)
      video.firstFrame = Support.fixture("media/image/jpeg_640x480.jpg")
      let reports = ProgressLog()
      let written = try Self.write(video, in: folder, keep: [0, 75, -1]) { reports.add($0) }
      #expect(written.result.frameCount == 150)
      #expect(written.stream("video")?["profile"] as? String == "High")
      #expect(reports.last == TransformProgress(secondsDone: 5, secondsTotal: 5))
      #expect(reports.values.count >= 1)
      // The first frame is the picture cropped (centred) to 16:9 and scaled: compared with
      // the picture drawn so, the mean difference is an encoder's, not a different picture's.
      let source = try Support.pixels(Support.fixture("media/image/jpeg_640x480.jpg"))
      let expected = try PixelConversion.scaled(
        source.cropped(width: 640, height: 360), width: 1280, height: 720, filter: .bicubic)
      let first = try #require(written.frames[0])
      let last = try #require(written.frames[149])
      #expect(Support.meanDifference(first, expected) < 6)
      // The zoom: the last frame is the middle 1/1.08 of the first, so it differs from the
      // picture and matches its centre crop scaled up.
      #expect(Support.meanDifference(last, expected) > 8)
      let centre = try PixelConversion.scaled(
        expected.cropped(width: 1186, height: 666), width: 1280, height: 720, filter: .bicubic)
      #expect(Support.meanDifference(last, centre) < 8)
      #expect(Support.meanDifference(last, centre) < Support.meanDifference(last, expected))
    }
  }

  /// Progress reports collected from another thread.
  final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var reports: [TransformProgress] = []

    func add(_ report: TransformProgress) {
      lock.lock()
      reports.append(report)
      lock.unlock()
    }

    var values: [TransformProgress] {
      lock.lock()
      defer { lock.unlock() }
      return reports
    }

    var last: TransformProgress? { values.last }
  }
}
