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
    #expect(info.audio?.sampleRate == 48000 && info.audio?.channels == 1)
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
      // The first frame is the 4:3 picture resized to 16:9, as the service resizes (not
      // cropped): compared with the picture drawn so, the mean difference is an encoder's,
      // not a different picture's.
      let source = try Support.pixels(Support.fixture("media/image/jpeg_640x480.jpg"))
      let expected = try PixelConversion.scaled(source, width: 1280, height: 720, filter: .bicubic)
      let cropped = try PixelConversion.scaled(
        source.cropped(width: 640, height: 360), width: 1280, height: 720, filter: .bicubic)
      let first = try #require(written.frames[0])
      let last = try #require(written.frames[149])
      #expect(Support.meanDifference(first, expected) < 3)
      #expect(Support.meanDifference(first, expected) * 3 < Support.meanDifference(first, cropped))
      // The zoom: the last frame is the middle 1/1.08 of the first, so it differs from the
      // picture and matches its centre crop scaled up.
      #expect(Support.meanDifference(last, expected) > 8)
      let centre = try PixelConversion.scaled(
        expected.cropped(width: 1186, height: 666), width: 1280, height: 720, filter: .bicubic)
      #expect(Support.meanDifference(last, centre) < 8)
      #expect(Support.meanDifference(last, centre) < Support.meanDifference(last, expected))
    }
  }

  /// A JPEG of `bitmap` with an EXIF block saying orientation `value` (an APP1 segment after
  /// the start-of-image marker: `Exif\0\0`, a big-endian TIFF header and one IFD entry).
  static func jpeg(_ bitmap: Bitmap, orientation value: UInt8, at path: String) throws {
    let encoded = try ImageEncoding.encode(bitmap, as: .jpeg(maxBytes: nil)).bytes
    var tiff: [UInt8] = Array("MM".utf8) + [0, 42, 0, 0, 0, 8]
    tiff += [0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, value, 0, 0, 0, 0, 0, 0]
    let payload = Array("Exif".utf8) + [0, 0] + tiff
    let segment: [UInt8] = [0xFF, 0xE1, 0, UInt8(payload.count + 2)] + payload
    try Data(Array(encoded.prefix(2)) + segment + encoded.dropFirst(2))
      .write(to: URL(fileURLWithPath: path))
  }

  @Test("first and last frame: the first frame is the first picture, the last the last one")
  func firstAndLast() throws {
    try Support.withFolder { folder in
      let first = folder.appendingPathComponent("first.png").path
      let last = folder.appendingPathComponent("last.png").path
      try Self.solid(Self.red, width: 400, height: 300, at: first)
      try Self.solid(Self.blue, width: 640, height: 480, at: last)
      var video = PlaceholderVideo(width: 320, height: 240, seconds: 4)
      video.firstFrame = first
      video.lastFrame = last
      // 120 frames; the last 30 (one second) fade: 90 is the first with some blue.
      let written = try Self.write(video, in: folder, keep: [0, 89, 104, 119])
      let frames = written.frames
      #expect(Self.near(Self.mean(try #require(frames[0]), x: 160, y: 120), Self.red))
      #expect(Self.near(Self.mean(try #require(frames[89]), x: 160, y: 120), Self.red))
      #expect(Self.near(Self.mean(try #require(frames[119]), x: 160, y: 120), Self.blue))
      // Halfway through the fade (weight 128 of 256): halfway between the two colours.
      let half = ImageTransform.Color(red: 125, green: 35, blue: 120)
      #expect(Self.near(Self.mean(try #require(frames[104]), x: 160, y: 120), half))
    }
  }

  @Test("the last frame is cropped, centred, to fill the output's ratio: its bands are cut")
  func lastFrameCropped() throws {
    try Support.withFolder { folder in
      // 640x480: 60 green rows at the top and the bottom, blue between. Cropped to 16:9 the
      // middle 640x360 is left: all blue. Stretched, the top and bottom rows would be green.
      let green: [UInt8] = [30, 200, 40]
      let band = Bitmap(width: 640, height: 60, fill: green)
      let middle = Bitmap(
        width: 640, height: 360, fill: [Self.blue.red, Self.blue.green, Self.blue.blue])
      let last = folder.appendingPathComponent("last.png").path
      let bitmap = Bitmap(
        width: 640, height: 480, channels: 3, bytes: band.bytes + middle.bytes + band.bytes)
      try Data(try ImageEncoding.encode(bitmap, as: .png).bytes).write(
        to: URL(fileURLWithPath: last))
      let first = folder.appendingPathComponent("first.png").path
      try Self.solid(Self.red, width: 320, height: 180, at: first)
      var video = PlaceholderVideo(width: 320, height: 180, seconds: 1)
      video.firstFrame = first
      video.lastFrame = last
      let frame = try #require(try Self.write(video, in: folder, keep: [29]).frames[29])
      #expect(Self.near(Self.mean(frame, x: 160, y: 6), Self.blue))
      #expect(Self.near(Self.mean(frame, x: 160, y: 174), Self.blue))
    }
  }

  @Test("a video shorter than 3 s fades over its last third; the fade's weights are exact")
  func shortFade() throws {
    #expect(CrossFade.frames(total: 150, fps: 30) == 30)
    #expect(CrossFade.frames(total: 60, fps: 30) == 20)
    #expect(CrossFade.frames(total: 1, fps: 1) == 1)
    #expect(CrossFade.weight(index: 39, total: 60, length: 20) == 0)
    #expect(CrossFade.weight(index: 40, total: 60, length: 20) == 12)
    #expect(CrossFade.weight(index: 59, total: 60, length: 20) == 256)
    try Support.withFolder { folder in
      let first = folder.appendingPathComponent("first.png").path
      let last = folder.appendingPathComponent("last.png").path
      try Self.solid(Self.red, width: 64, height: 64, at: first)
      try Self.solid(Self.blue, width: 64, height: 64, at: last)
      var video = PlaceholderVideo(width: 64, height: 64, seconds: 2)
      video.firstFrame = first
      video.lastFrame = last
      let written = try Self.write(video, in: folder, keep: [39, 59])
      #expect(Self.near(Self.mean(try #require(written.frames[39]), x: 32, y: 32), Self.red))
      #expect(Self.near(Self.mean(try #require(written.frames[59]), x: 32, y: 32), Self.blue))
    }
  }

  @Test("an EXIF orientation 6 JPEG is drawn upright: stored top red is on the right")
  func exifOrientation() throws {
    try Support.withFolder { folder in
      // Stored 320x240: top half red, bottom half blue. Turned a quarter clockwise (6) it is
      // shown 240x320 with blue on the left and red on the right (8 would swap them).
      let top = Bitmap(
        width: 320, height: 120, fill: [Self.red.red, Self.red.green, Self.red.blue])
      let bottom = Bitmap(
        width: 320, height: 120, fill: [Self.blue.red, Self.blue.green, Self.blue.blue])
      let stored = Bitmap(
        width: 320, height: 240, channels: 3, bytes: top.bytes + bottom.bytes)
      let path = folder.appendingPathComponent("turned.jpg").path
      try Self.jpeg(stored, orientation: 6, at: path)
      #expect(try Prober().probe(path).image?.orientation?.value == 6)
      var video = PlaceholderVideo(width: 240, height: 320, seconds: 1)
      video.firstFrame = path
      let frame = try #require(try Self.write(video, in: folder).frames[0])
      #expect(Self.near(Self.mean(frame, x: 40, y: 40), Self.blue))
      #expect(Self.near(Self.mean(frame, x: 200, y: 40), Self.red))
      #expect(Self.near(Self.mean(frame, x: 40, y: 280), Self.blue))
      #expect(Self.near(Self.mean(frame, x: 200, y: 280), Self.red))
    }
  }

  /// The decoded frames of a fixture clip, as stored.
  static func clipFrames(_ name: String) throws -> [Bitmap] {
    let path = Support.fixture("media/video/\(name)")
    let (frames, count) = try decode(path, keep: Set(0..<1000))
    return (0..<count).compactMap { frames[$0] }
  }

  @Test("a continuation starts with the clip's own frames, then zooms from its last one")
  func continuation() throws {
    let clip = try Self.clipFrames("mp4_h264_aac_3s_320x240.mp4")
    #expect(clip.count == 90)
    try Support.withFolder { folder in
      var video = PlaceholderVideo(width: 320, height: 240, seconds: 5)
      video.clip = Support.fixture("media/video/mp4_h264_aac_3s_320x240.mp4")
      let written = try Self.write(video, in: folder, keep: [0, 45, 89, 90, 149])
      let frames = written.frames
      let first = try #require(frames[0])
      #expect(Support.meanDifference(first, clip[0]) < 4)
      #expect(Support.meanDifference(first, clip[0]) < Support.meanDifference(first, clip[45]))
      #expect(Support.meanDifference(try #require(frames[45]), clip[45]) < 4)
      let lastOfClip = try #require(frames[89])
      #expect(Support.meanDifference(lastOfClip, clip[89]) < 4)
      // The new frames start from the clip's last frame (zoom 1.00) and end zoomed in.
      #expect(Support.meanDifference(try #require(frames[90]), clip[89]) < 6)
      let zoomed = try PixelConversion.scaled(
        clip[89].cropped(width: 296, height: 222), width: 320, height: 240, filter: .bicubic)
      let end = try #require(frames[149])
      #expect(Support.meanDifference(end, zoomed) < Support.meanDifference(end, clip[89]))
    }
  }

  @Test("a 30 fps clip continued at 15 fps keeps every other frame; a longer clip is cut")
  func retimed() throws {
    let clip = try Self.clipFrames("mp4_h264_aac_3s_320x240.mp4")
    try Support.withFolder { folder in
      var video = PlaceholderVideo(width: 320, height: 240, seconds: 2)
      video.framesPerSecond = 15
      video.clip = Support.fixture("media/video/mp4_h264_aac_3s_320x240.mp4")
      let written = try Self.write(video, in: folder, keep: [0, 7, 29])
      for index in [0, 7, 29] {
        let frame = try #require(written.frames[index])
        let window = max(0, 2 * index - 2)...min(clip.count - 1, 2 * index + 2)
        let nearest = window.min {
          Support.meanDifference(frame, clip[$0]) < Support.meanDifference(frame, clip[$1])
        }
        #expect(nearest == 2 * index, "output frame \(index)")
      }
    }
  }

  @Test("a clip turned by its display matrix is continued upright; a last frame ends it")
  func rotatedClipAndLastFrame() throws {
    let name = "mp4_h264_rot90_320x240.mp4"
    let demux = try VideoDemux(
      path: Support.fixture("media/video/\(name)"), options: ProbeOptions())
    let turn = try #require(
      demux.facts(of: demux.videoIndex).displayMatrix.flatMap(Orientation.of))
    let clip = try Self.clipFrames(name)
    try Support.withFolder { folder in
      let last = folder.appendingPathComponent("last.png").path
      try Self.solid(Self.blue, width: 300, height: 400, at: last)
      var video = PlaceholderVideo(width: 240, height: 320, seconds: 3)
      video.clip = Support.fixture("media/video/\(name)")
      video.lastFrame = last
      let written = try Self.write(video, in: folder, keep: [0, 89])
      let first = try #require(written.frames[0])
      let upright = clip[0].turned(turn)
      #expect(upright.width == 240 && upright.height == 320)
      #expect(Support.meanDifference(first, upright) < 4)
      #expect(Self.near(Self.mean(try #require(written.frames[89]), x: 120, y: 160), Self.blue))
    }
  }

  /// The output's decoded sound (mono): the peaks of `count` runs and the sample count.
  static func sound(_ path: String, peaks count: Int) throws -> Waveform {
    try FrameRenderer().waveform(path, peaks: count)
  }

  @Test("driving audio shorter than the video is padded with silence to the video's length")
  func audioPadded() throws {
    try Support.withFolder { folder in
      var video = PlaceholderVideo(width: 160, height: 120, seconds: 3)
      video.firstFrame = Support.fixture("media/image/png_640x480.png")
      video.audio = Support.fixture("media/audio/wav_1s_8000_stereo.wav")
      _ = try Self.write(video, in: folder)
      let wave = try Self.sound(folder.appendingPathComponent("out.mp4").path, peaks: 30)
      #expect(wave.sampleRate == 48000)
      #expect(abs(wave.sampleCount - 3 * 48000) <= 1024)
      // Each peak is a tenth of a second: sound in the first second, silence after it.
      #expect(wave.peaks[0..<9].allSatisfy { $0.high - $0.low > 0.05 })
      #expect(wave.peaks[11...].allSatisfy { $0.high - $0.low < 0.002 })
    }
  }

  @Test("driving audio longer than the video is cut to the video's length")
  func audioCut() throws {
    try Support.withFolder { folder in
      var video = PlaceholderVideo(width: 160, height: 120, seconds: 2)
      video.firstFrame = Support.fixture("media/image/png_640x480.png")
      video.audio = Support.fixture("media/audio/mp3_3s_44100_stereo.mp3")
      let written = try Self.write(video, in: folder)
      #expect(abs((written.info.audio?.durationSeconds ?? 0) - 2) <= 1024.0 / 48000)
      let wave = try Self.sound(folder.appendingPathComponent("out.mp4").path, peaks: 20)
      #expect(abs(wave.sampleCount - 2 * 48000) <= 1024)
      #expect(wave.peaks.allSatisfy { $0.high - $0.low > 0.05 })
    }
  }

  @Test("without driving audio the sound is a quiet 440 Hz tone at −30 dBFS")
  func tone() throws {
    try Support.withFolder { folder in
      var video = PlaceholderVideo(width: 160, height: 120, seconds: 1)
      video.firstFrame = Support.fixture("media/image/png_640x480.png")
      _ = try Self.write(video, in: folder)
      let wave = try Self.sound(folder.appendingPathComponent("out.mp4").path, peaks: 10)
      #expect(abs(wave.sampleCount - 48000) <= 1024)
      let level = 0.0316
      #expect(wave.peaks.allSatisfy { abs($0.high - level) < 0.004 && abs($0.low + level) < 0.004 })
      let samples = PlaceholderSound.tone(seconds: 1)
      #expect(samples.count == 48000)
    }
  }

  @Test("the watermark changes the bottom-right corner of every frame and nothing else")
  func watermark() throws {
    try Support.withFolder { folder in
      var video = PlaceholderVideo(width: 640, height: 480, seconds: 1)
      video.firstFrame = Support.fixture("media/image/jpeg_640x480.jpg")
      let plain = try #require(try Self.write(video, in: folder, keep: [0, 29]).frames)
      try FileManager.default.removeItem(at: folder.appendingPathComponent("out.mp4"))
      video.watermark = true
      let marked = try #require(try Self.write(video, in: folder, keep: [0, 29]).frames)
      // A cell is 4 px at 480 lines: the box spans x 588…631 and y 436…471.
      #expect(Watermark.cell(width: 640, height: 480) == 4)
      for index in [0, 29] {
        let (a, b) = (try #require(plain[index]), try #require(marked[index]))
        let corner = zip(
          Self.mean(a, x: 610, y: 454, side: 16), Self.mean(b, x: 610, y: 454, side: 16))
        #expect(corner.map { abs($0 - $1) }.max() ?? 0 > 20)
        let away = zip(
          Self.mean(a, x: 320, y: 240, side: 32), Self.mean(b, x: 320, y: 240, side: 32))
        #expect(away.map { abs($0 - $1) }.max() ?? 0 <= 2)
      }
    }
  }

  @Test(
    "the smallest placeholder and thin ones, watermarked and fading, are written whole",
    arguments: [(2, 2), (16, 2000), (2000, 16), (26, 26)])
  func tiny(width: Int, height: Int) throws {
    try Support.withFolder { folder in
      var video = PlaceholderVideo(width: width, height: height, seconds: 1)
      video.firstFrame = Support.fixture("media/image/png_200x900.png")
      video.lastFrame = Support.fixture("media/image/png_2000x240.png")
      video.watermark = true
      _ = try Self.write(video, in: folder, keep: [])
    }
  }

  @Test(
    "an impossible placeholder is refused with a sentence, and nothing is written",
    arguments: [
      (1279, 720, 5, 30, "size 1279x720 (even sizes 2…16384: yuv420p halves both sides)"),
      (0, 720, 5, 30, "size 0x720 (even sizes 2…16384: yuv420p halves both sides)"),
      (16386, 2, 5, 30, "size 16386x2 (even sizes 2…16384: yuv420p halves both sides)"),
      (16384, 16384, 5, 30, "size 16384x16384 (at most 67108864 pixels)"),
      (1280, 720, 0, 30, "0 seconds (allowed: 1…15)"),
      (1280, 720, 16, 30, "16 seconds (allowed: 1…15)"),
      (1280, 720, 5, 0, "0 frames per second (allowed: 1…60)"),
      (1280, 720, 5, 61, "61 frames per second (allowed: 1…60)"),
    ])
  func invalid(width: Int, height: Int, seconds: Int, fps: Int, message: String) throws {
    var video = PlaceholderVideo(width: width, height: height, seconds: seconds)
    video.framesPerSecond = fps
    video.firstFrame = Support.fixture("media/image/png_640x480.png")
    try Self.expectInvalid(video, message)
  }

  @Test("nothing to draw, a first frame with a clip, or an unknown preset is refused")
  func invalidInputs() throws {
    var video = PlaceholderVideo(width: 320, height: 240, seconds: 2)
    try Self.expectInvalid(video, "nothing to draw (give a first frame or a clip to continue)")
    video.lastFrame = Support.fixture("media/image/png_640x480.png")
    try Self.expectInvalid(video, "nothing to draw (give a first frame or a clip to continue)")
    video.firstFrame = Support.fixture("media/image/png_640x480.png")
    video.clip = Support.fixture("media/video/mp4_h264_aac_3s_320x240.mp4")
    try Self.expectInvalid(
      video, "a first frame and a clip to continue (give one: a clip starts from its own frames)")
    video.clip = nil
    video.presetName = "quick"
    try Self.expectInvalid(
      video, "preset quick (allowed: \(VideoTransform.presets.joined(separator: ", ")))")
  }

  static func expectInvalid(_ video: PlaceholderVideo, _ message: String) throws {
    try Support.withFolder { folder in
      let out = folder.appendingPathComponent("out.mp4").path
      #expect(throws: TransformError.invalidTransform(message)) {
        try PlaceholderVideoWriter().write(video, to: out)
      }
      #expect(Support.names(in: folder).isEmpty)
    }
  }

  /// Writes `video` into a new folder expecting the probe's `code`, and nothing written.
  static func expectRefused(_ video: PlaceholderVideo, code: String) throws {
    try Support.withFolder { folder in
      let out = folder.appendingPathComponent("out.mp4").path
      do throws(TransformError) {
        _ = try PlaceholderVideoWriter().write(video, to: out)
        Issue.record("\(video.inputs) was drawn")
      } catch {
        guard case .input(let probeError) = error else {
          Issue.record("\(video.inputs): \(error)")
          return
        }
        #expect(probeError.code == code, "\(video.inputs)")
      }
      #expect(Support.names(in: folder).isEmpty, "\(video.inputs)")
    }
  }

  @Test("every hostile fixture, as any of the four inputs, is refused with the probe's code")
  func hostile() throws {
    #expect(RefusalTests.hostile.count > 20)
    let picture = Support.fixture("media/image/png_640x480.png")
    for (name, code) in RefusalTests.hostile {
      let path = Support.fixture("hostile/files/\(name)")
      var video = PlaceholderVideo(width: 64, height: 48, seconds: 1)
      video.firstFrame = path
      try Self.expectRefused(video, code: code)
      video.firstFrame = nil
      video.clip = path
      try Self.expectRefused(video, code: code)
      video.clip = nil
      video.firstFrame = picture
      video.lastFrame = path
      try Self.expectRefused(video, code: code)
      video.lastFrame = nil
      video.audio = path
      try Self.expectRefused(video, code: code)
    }
  }

  @Test("a picture as the clip, a silent clip as the audio, a sound as the picture: refused")
  func wrongKinds() throws {
    var video = PlaceholderVideo(width: 64, height: 48, seconds: 1)
    video.clip = Support.fixture("media/image/png_640x480.png")
    try Self.expectRefused(video, code: "no_media_stream")
    video.clip = nil
    video.firstFrame = Support.fixture("media/image/png_640x480.png")
    video.audio = Support.fixture("media/video/mov_h264_2s_320x240.mov")
    try Self.expectRefused(video, code: "no_media_stream")
    video.audio = nil
    video.firstFrame = Support.fixture("media/audio/wav_1s_8000_stereo.wav")
    try Self.expectRefused(video, code: ProbeError(path: "", reason: .other("not a picture")).code)
  }

  @Test("the destination is never an input: the same path or a link to it is refused")
  func destinationIsInput() throws {
    try Support.withFolder { folder in
      let picture = folder.appendingPathComponent("first.png").path
      try Self.solid(Self.red, width: 64, height: 48, at: picture)
      let link = folder.appendingPathComponent("link.mp4").path
      try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: picture)
      let before = try Data(contentsOf: URL(fileURLWithPath: picture))
      var video = PlaceholderVideo(width: 64, height: 48, seconds: 1)
      video.firstFrame = picture
      for destination in [picture, link] {
        #expect(throws: TransformError.destinationIsSource(destination)) {
          try PlaceholderVideoWriter().write(video, to: destination)
        }
      }
      #expect(try Data(contentsOf: URL(fileURLWithPath: picture)) == before)
      #expect(Support.names(in: folder) == ["first.png", "link.mp4"])
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
