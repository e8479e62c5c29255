import Foundation
import Testing

@testable import MediaProbe

/// Probes the shared corpus of 187 real-world files made by other people.
@Suite(
  "Real-world corpus",
  .enabled(if: TestPaths.corpusIsPresent, "the corpus at ../shared/corpus is absent; skipped"))
struct CorpusTests {
  /// One row of `MANIFEST.tsv`.
  struct Entry: CustomStringConvertible {
    let path: String
    let what: String
    var description: String { path }
  }

  static func manifest() throws -> [Entry] {
    let text = try String(
      contentsOf: TestPaths.corpus.appendingPathComponent("MANIFEST.tsv"), encoding: .utf8)
    return text.split(separator: "\n").dropFirst().compactMap { line in
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
      guard fields.count >= 5 else { return nil }
      return Entry(path: String(fields[0]), what: String(fields[4]))
    }
  }

  @Test("the manifest lists 187 files and all exist")
  func manifestIsComplete() throws {
    let entries = try Self.manifest()
    #expect(entries.count == 187)
    for entry in entries {
      #expect(FileManager.default.fileExists(atPath: TestPaths.corpus(entry.path)), "\(entry)")
    }
  }

  @Test("every file probes with sane values or fails with a ProbeError; broken files fail")
  func everyFileProbesSanelyOrFails() async throws {
    let entries = try Self.manifest()
    let paths = entries.map { TestPaths.corpus($0.path) }
    let results = await Prober().probe(paths)
    #expect(results.count == entries.count)
    var probed = 0
    for (entry, result) in zip(entries, results) {
      switch result {
      case .success(let info):
        probed += 1
        checkSanity(info, entry: entry)
        #expect(
          !entry.path.hasPrefix("broken/"),
          "\(entry.path) is broken (\(entry.what)) but probed as valid \(info.kind)")
      case .failure(let error):
        #expect(error.path == TestPaths.corpus(entry.path))
        #expect(!error.message.isEmpty)
      }
    }
    // Which files probe and which fail is held exactly by CorpusTableTests.
    #expect(probed > 0)
  }

  private func checkSanity(_ info: MediaInfo, entry: Entry) {
    let size =
      (try? FileManager.default.attributesOfItem(atPath: TestPaths.corpus(entry.path)))?[
        .size] as? Int
    #expect(Int(info.byteSize) == size, "\(entry)")
    #expect(!info.format.isEmpty && !info.container.isEmpty, "\(entry)")
    switch info.kind {
    case .image, .video:
      let video = info.video
      #expect((video?.displayWidth ?? 0) > 0 && (video?.displayHeight ?? 0) > 0, "\(entry)")
      #expect((video?.width ?? 0) * (video?.height ?? 0) <= ProbeOptions().maxPixels, "\(entry)")
    case .audio:
      #expect((info.audio?.sampleRate ?? 0) > 0, "\(entry)")
      #expect(info.video == nil, "\(entry)")
    }
    if info.kind != .image {
      let seconds = info.durationSeconds ?? -1
      #expect(seconds >= 0 && seconds < 3600, "\(entry): duration \(seconds)")
    }
  }

  /// Exact facts about real files whose traps a naive probe falls into.
  @Test("EXIF orientation of phone photos gives the displayed size")
  func exifOrientation() throws {
    for value in 1...8 {
      let info = try Prober().probe(
        TestPaths.corpus("images/jpeg/exif_orientation/Landscape_\(value).jpg"))
      #expect(info.image?.orientation?.value == value)
      #expect(info.video?.displayWidth == 1800 && info.video?.displayHeight == 1200)
    }
    let invalid = try Prober().probe(
      TestPaths.corpus("images/jpeg/exif_orientation/Landscape_0.jpg"))
    #expect(invalid.image?.orientation == nil)
    let tiny = try Prober().probe(
      TestPaths.corpus("images/jpeg/exif_orientation/orientation_rectangle_2x1_o8.jpg"))
    #expect(tiny.video?.width == 2 && tiny.video?.height == 1)
    #expect(tiny.video?.displayWidth == 1 && tiny.video?.displayHeight == 2)
    #expect(tiny.video?.rotation == 270)
  }

  @Test("a clip's display matrix turns and mirrors the displayed size")
  func displayMatrix() throws {
    let iphone = try Prober().probe(TestPaths.corpus("video/rotation/iphone_sideways_movie.mov"))
    #expect(iphone.video?.width == 640 && iphone.video?.height == 480)
    #expect(iphone.video?.displayWidth == 480 && iphone.video?.displayHeight == 640)
    #expect(iphone.video?.rotation == 90 && iphone.video?.mirrored == false)
    let plus90 = try Prober().probe(
      TestPaths.corpus("video/rotation/rot270_displaymatrix_plus90.mp4"))
    #expect(plus90.video?.rotation == 270)
    #expect(plus90.video?.displayWidth == 720 && plus90.video?.displayHeight == 1280)
    let upsideDown = try Prober().probe(TestPaths.corpus("video/rotation/rot180_displaymatrix.mp4"))
    #expect(upsideDown.video?.rotation == 180)
    #expect(upsideDown.video?.displayWidth == 1280)
    let mirrored = try Prober().probe(TestPaths.corpus("video/rotation/rot90_and_reflect.mp4"))
    #expect(mirrored.video?.mirrored == true)
    #expect(mirrored.video?.displayWidth == 720 && mirrored.video?.displayHeight == 1080)
  }

  @Test("stream 0 may be a data track and cover art is not video")
  func streamChoice() throws {
    let hevc = try Prober().probe(
      TestPaths.corpus("video/rotation/hevc_rot90_data_track_first.mp4"))
    #expect(hevc.streams[0].kind == .data)
    #expect(hevc.video?.codec == "hevc" && hevc.video?.index != 0)
    #expect(hevc.video?.displayWidth == 1080 && hevc.video?.displayHeight == 1920)
    let cover = try Prober().probe(TestPaths.corpus("audio/mp3/id3v2_apic_bear.mp3"))
    #expect(cover.kind == .audio)
    #expect(cover.video == nil)
    #expect(cover.streams.contains { $0.kind == .attachedPicture })
  }

  @Test("durations FFmpeg estimates or invents are counted from packets")
  func durations() throws {
    let noXing = try Prober().probe(TestPaths.corpus("audio/mp3/vbr_no_xing_bear.mp3"))
    let xing = try Prober().probe(TestPaths.corpus("audio/mp3/vbr_xing_bear.mp3"))
    #expect(noXing.durationSource == .packets)
    #expect(xing.durationSource == .container)
    // ffprobe estimates 2.696 s from the bitrate; the frames say 2.808 s, as the Xing header does.
    #expect(abs((noXing.durationSeconds ?? 0) - 2.808) < 0.001)
    #expect(abs((xing.durationSeconds ?? 0) - 2.808) < 0.001)
    let fragmented = try Prober().probe(TestPaths.corpus("video/fragmented/fmp4_no_mehd.mp4"))
    // ffprobe reports 143,165 s for this 1-second clip.
    #expect(fragmented.durationSource == .packets)
    #expect(abs((fragmented.durationSeconds ?? 0) - 1.068) < 0.001)
    // Its Xing header (117 frames) stands behind zero padding after the ID3 tag, which FFmpeg
    // does not skip; counting gave 2.832 s (a stray last byte is a 118th packet).
    let padded = try Prober().probe(TestPaths.corpus("audio/mp3/id3v2_apic_bear.mp3"))
    #expect(padded.durationSource == .container)
    #expect(abs((padded.durationSeconds ?? 0) - 2.808) < 0.0005)
    let long = try Prober().probe(TestPaths.corpus("video/mp4/h264_long_6min_1080p.mp4"))
    #expect(abs((long.durationSeconds ?? 0) - 362.767) < 0.001)
  }

  @Test("pixel bombs are refused from their headers, before anything is decoded")
  func pixelBombs() {
    let limit = ProbeOptions().maxPixels
    let bombs: [(String, Int, Int)] = [
      ("images/png/huge_65536x65536.png", 65536, 65536),
      ("images/jpeg/giant_20000x14000.jpg", 20000, 14000),
      ("broken/image/bmp_huge_height.bmp", 6, 2_147_483_647),
    ]
    for (relative, width, height) in bombs {
      let path = TestPaths.corpus(relative)
      #expect(
        throws: ProbeError(
          path: path, reason: .pixelBudgetExceeded(width: width, height: height, limit: limit))
      ) { try Prober().probe(path) }
    }
  }

  @Test("anamorphic video is displayed wider than it is stored")
  func anamorphic() throws {
    let info = try Prober().probe(TestPaths.corpus("video/anamorphic/h264_sar_64x45.mp4"))
    #expect(info.video?.sampleAspectRatio == Rational(64, 45))
    #expect(info.video?.width == 800 && info.video?.displayWidth == 1138)
    #expect(info.video?.displayAspectRatio == Rational(16, 9))  // ffprobe: display_aspect_ratio
    #expect(info.video?.displayHeight == 640)
  }

  @Test("edit lists that start the frames late: the offset and the frames' span")
  func lateStart() throws {
    // ffprobe: start_time 10, duration 4 (stream) and 14 (format); an empty edit of 10 s.
    let tenSeconds = try Prober().probe(
      TestPaths.corpus("video/anamorphic/h264_sar_1137x800_firstpts_10s.mp4"))
    #expect(tenSeconds.durationSeconds == 14)
    #expect(tenSeconds.startSeconds == 10 && tenSeconds.frameSpanSeconds == 4)
    #expect(tenSeconds.video?.displayAspectRatio == Rational(1137, 640))
    // Video from 1 s to 10 s after an empty edit; audio from 0.
    let oneSecond = try Prober().probe(TestPaths.corpus("video/mp4/h264_edit_list_1080p.mp4"))
    #expect(oneSecond.startSeconds == 1 && oneSecond.frameSpanSeconds == 9)
    #expect(oneSecond.audio?.startSeconds == 0)
    // B-frame delay: the first frame at 67 ms is not a late start.
    let delayed = try Prober().probe(TestPaths.corpus("video/mkv/h264_ac3.mkv"))
    #expect(delayed.video?.startSeconds == 0.067 && delayed.startSeconds == nil)
  }

  @Test("frame rate, bit depth and colour model the decoder's output hides")
  func headerFacts() throws {
    // ffprobe: avg_frame_rate 1000/1 for 30 packets from 0.067 s to 1.034 s.
    let mkv = try Prober().probe(TestPaths.corpus("video/mkv/h264_ac3.mkv"))
    #expect(mkv.video?.averageFrameRate == 30 && mkv.video?.frameRateSource == .packets)
    // ffprobe: pix_fmt yuv420p16le, bits_per_raw_sample 12.
    let twelveBit = try Prober().probe(TestPaths.corpus("images/jpeg/12bit_monkey12.jpg"))
    #expect(twelveBit.video?.bitDepth == 12 && twelveBit.video?.pixelFormat == "yuv420p16le")
    // ffprobe: yuva444p; exiftool: ColorComponents 4, ColorTransform YCCK.
    for file in ["cmyk_adobe_pil_sample.jpg", "cmyk_swop_icc_Channel_digital_image.jpg"] {
      let cmyk = try Prober().probe(TestPaths.corpus("images/jpeg/" + file))
      #expect(cmyk.video?.pixelFormat == "cmyk" && cmyk.video?.hasAlpha == false, "\(file)")
      #expect(cmyk.video?.bitDepth == 8 && cmyk.image?.hasTransparentPixels == nil, "\(file)")
    }
  }

  @Test("an AVIF's irot and imir turn and mirror the displayed size")
  func avifTransforms() throws {
    // irot 1 (90 degrees counter-clockwise) then imir axis 0: EXIF orientation 5.
    let avif = try Prober().probe(TestPaths.corpus("images/unsupported/avif_irot_rot1mir0.avif"))
    #expect(avif.video?.width == 427 && avif.video?.height == 640)
    #expect(avif.video?.displayWidth == 640 && avif.video?.displayHeight == 427)
    #expect(avif.image?.orientation == ImageDetails.Orientation(value: 5, source: .heif))
    #expect(avif.video?.rotation == 90 && avif.video?.mirrored == true)
  }

  @Test("truncated data that FFmpeg would quietly pad is refused")
  func truncatedData() {
    let concealed: [(String, ProbeError.Reason)] = [
      (
        "broken/image/truncated_jpeg.jpg",
        .truncated("the JPEG data ends before its end-of-image marker")
      ),
      (
        "images/jpeg/ultrahdr_gainmap.jpg",
        .truncated("the JPEG data ends before its end-of-image marker")
      ),
      (
        "broken/image/bmp_badrle.bmp",
        .corrupt("run-length data reaches outside the 127x64 picture")
      ),
      (
        "broken/audio/truncated_adts.aac",
        .truncated("the last AAC frame needs 181 bytes; 171 remain")
      ),
    ]
    for (relative, reason) in concealed {
      let path = TestPaths.corpus(relative)
      #expect(throws: ProbeError(path: path, reason: reason)) { try Prober().probe(path) }
    }
    #expect(
      throws: ProbeError(
        path: TestPaths.corpus("broken/video/missing_stsd.mp4"),
        reason: .unknownCodec(stream: 1))
    ) { try Prober().probe(TestPaths.corpus("broken/video/missing_stsd.mp4")) }
  }
}

/// The probe's outcome for every corpus file, compared with `fixtures/corpus/expected.tsv`, so
/// any change of verdict or fact on a real-world file is seen. Facts were compared with ffprobe
/// and exiftool by `scripts/compare-corpus.py`; the differences are explained in
/// `docs/corpus.md`. After a deliberate change, rewrite the table with
/// `WAN_PREFLIGHT_WRITE_CORPUS_TABLE=1 swift test --filter CorpusTableTests` and review its diff.
@Suite(
  "Real-world corpus: the table of outcomes",
  .enabled(if: TestPaths.corpusIsPresent, "the corpus at ../shared/corpus is absent; skipped"))
struct CorpusTableTests {
  static let tablePath = TestPaths.root.appendingPathComponent("fixtures/corpus/expected.tsv").path
  static let header = """
    # The probe's outcome for every file of the shared corpus (../shared/corpus): `error CODE`,
    # or `ok` and the facts. Written by CorpusTableTests (see its doc comment); a changed row is a
    # changed verdict on a real-world file and needs a reason in its commit.
    # path\toutcome\tfacts

    """

  /// One line of the table for a probe's result.
  static func row(_ relative: String, _ result: Result<MediaInfo, ProbeError>) -> String {
    switch result {
    case .failure(let error):
      return "\(relative)\terror \(error.code)\t"
    case .success(let info):
      return "\(relative)\tok\t" + facts(info).joined(separator: " ")
    }
  }

  /// The facts of a probe as `key=value` words: what the rules use and ffprobe can confirm.
  static func facts(_ info: MediaInfo) -> [String] {
    var words = ["kind=\(info.kind.rawValue)", "format=\(info.format)"]
    words.append(
      "streams=" + info.streams.map { "\($0.kind.rawValue):\($0.codec)" }.joined(separator: ","))
    if let seconds = info.durationSeconds {
      words.append(
        "seconds=" + String(format: "%.3f", seconds) + "(\(info.durationSource?.rawValue ?? "?"))")
    }
    if let video = info.video {
      words.append("stored=\(video.width ?? 0)x\(video.height ?? 0)")
      words.append("display=\(video.displayWidth ?? 0)x\(video.displayHeight ?? 0)")
      if let ratio = video.sampleAspectRatio { words.append("sar=\(ratio)") }
      if let rotation = video.rotation, rotation != 0 { words.append("rotation=\(rotation)") }
      if video.mirrored == true { words.append("mirrored") }
      if let format = video.pixelFormat { words.append("pix=\(format)") }
      if let depth = video.bitDepth { words.append("depth=\(depth)") }
      if video.hasAlpha == true { words.append("alpha") }
      if let rate = video.averageFrameRate { words.append("fps=" + String(format: "%.3f", rate)) }
      if let frames = video.frameCount { words.append("frames=\(frames)") }
    }
    if let audio = info.audio {
      words.append("audio=\(audio.sampleRate ?? 0)Hz/\(audio.channels ?? 0)ch")
    }
    if let image = info.image {
      if image.animated { words.append("animated=\(image.frameCount.map(String.init) ?? "?")") }
      if image.hasTransparentPixels == true { words.append("transparent") }
      if let orientation = image.orientation {
        words.append("orientation=\(orientation.value)(\(orientation.source))")
      }
    }
    return words
  }

  @Test("every corpus file has exactly the outcome and facts in fixtures/corpus/expected.tsv")
  func outcomesMatchTheTable() async throws {
    let entries = try CorpusTests.manifest()
    let results = await Prober().probe(entries.map { TestPaths.corpus($0.path) })
    let rows = zip(entries, results).map { Self.row($0.path, $1) }
    if ProcessInfo.processInfo.environment["WAN_PREFLIGHT_WRITE_CORPUS_TABLE"] == "1" {
      try (Self.header + rows.joined(separator: "\n") + "\n").write(
        toFile: Self.tablePath, atomically: true, encoding: .utf8)
      return
    }
    let table = try String(contentsOfFile: Self.tablePath, encoding: .utf8)
    let expected = table.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
    #expect(expected.count == entries.count)
    for (row, wanted) in zip(rows, expected) {
      #expect(row == wanted)
    }
  }
}
