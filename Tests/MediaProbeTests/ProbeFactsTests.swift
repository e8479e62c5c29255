import Foundation
import Testing

@testable import MediaProbe

/// Facts FFmpeg 5.1's own figures get wrong, read as what the files are (issue #10, items 5-8).
/// Each expectation failed before the fix it names.
@Suite("Facts FFmpeg gets wrong")
struct ProbeFactsTests {
  static func contents(_ relative: String) throws -> [UInt8] {
    Array(try Data(contentsOf: URL(fileURLWithPath: TestPaths.fixture(relative))))
  }

  /// A 16-bit mono WAV at 8000 Hz as ffmpeg writes it to a pipe: RIFF and data sizes
  /// 0xFFFFFFFF, then `samples` samples and `extraBytes` more bytes.
  static func pipeWAV(samples: Int, extraBytes: Int = 0) -> [UInt8] {
    func le32(_ value: UInt32) -> [UInt8] {
      (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
    func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    var bytes = Array("RIFF".utf8) + le32(0xFFFF_FFFF) + Array("WAVEfmt ".utf8) + le32(16)
    bytes += le16(1) + le16(1) + le32(8000) + le32(16000) + le16(2) + le16(16)
    bytes += Array("data".utf8) + le32(0xFFFF_FFFF)
    for n in 0..<samples { bytes += le16(UInt16(truncatingIfNeeded: (n % 64) * 512)) }
    return bytes + [UInt8](repeating: 0x11, count: extraBytes)
  }

  // MARK: item 5: a WAV written to a pipe

  @Test("a WAV written to a pipe lasts what its samples last, from a file or from memory")
  func pipeWAV() throws {
    // Before: "FFmpeg flagged a packet of stream 0 as corrupt" (the short last packet).
    let file = try Prober().probe(TestPaths.fixture("audio/wav_pipe_8s_1000_u8.wav"))
    #expect(file.durationSeconds == 8.0 && file.durationSource == .packets)
    let memory = try Prober().probe(bytes: Self.pipeWAV(samples: 8000 * 8), name: "pipe.wav")
    #expect(memory.durationSeconds == 8.0)
    #expect(memory.audio?.codec == "pcm_s16le" && memory.audio?.sampleRate == 8000)
  }

  @Test("a WAV written to a pipe and cut inside a sample frame is truncated")
  func pipeWAVCutInsideASample() {
    #expect(
      throws: ProbeError(
        path: "cut.wav",
        reason: .truncated(
          "the WAV data runs to the end of the file, and its last sample frame has 1 of its "
            + "2 bytes"))
    ) { try Prober().probe(bytes: Self.pipeWAV(samples: 8000 * 3, extraBytes: 1), name: "cut.wav") }
  }

  @Test("the WAV layout: where the data starts, its declared size, the sample frame")
  func wavLayout() throws {
    let source = MemoryByteSource(Self.pipeWAV(samples: 10))
    #expect(
      IntegrityCheck.wavLayout(source)
        == IntegrityCheck.WavLayout(dataOffset: 44, declaredDataSize: 0xFFFF_FFFF, blockAlign: 2))
    let ordinary = MemoryByteSource(try Self.contents("audio/wav_3s_8000_mono.wav"))
    #expect(IntegrityCheck.wavLayout(ordinary)?.dataRunsToEnd == false)
  }

  // MARK: item 6: anamorphic video

  @Test(
    "the display aspect ratio is exact and in lowest terms",
    arguments: [
      ("video/mp4_h264_sar64x45_800x640.mp4", Rational(16, 9)),  // displayed 1138x640
      ("video/mp4_h264_sar4x3_320x240.mp4", Rational(16, 9)),  // displayed 427x240
      ("video/mp4_h264_rot90_320x240.mp4", Rational(3, 4)),
      ("image/png_640x480.png", Rational(4, 3)),
      ("image/jpeg_exif_orientation6.jpg", Rational(3, 4)),
    ])
  func displayAspectRatio(file: String, ratio: Rational) throws {
    let info = try Prober().probe(TestPaths.fixture(file))
    #expect(info.video?.displayAspectRatio == ratio)
  }

  // MARK: item 7: frames that start late

  @Test("a clip whose frames start at 2 s carries the offset and the span of its frames")
  func lateStart() throws {
    let info = try Prober().probe(TestPaths.fixture("video/mp4_h264_start2s_320x240.mp4"))
    #expect(info.durationSeconds == 5 && info.durationSource == .container)
    #expect(info.startSeconds == 2 && info.frameSpanSeconds == 3)
    #expect(info.presentedSeconds == 3)
    #expect(info.video?.startSeconds == 2 && info.video?.durationSeconds == 3)
    let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(info)) as? [String: Any]
    #expect(json?["start_seconds"] as? Double == 2 && json?["frame_span_seconds"] as? Double == 3)
  }

  @Test("a clip whose frames start at 0 has no offset")
  func onTimeStart() throws {
    let info = try Prober().probe(TestPaths.fixture("video/mp4_h264_aac_3s_320x240.mp4"))
    #expect(info.startSeconds == nil && info.frameSpanSeconds == nil)
    #expect(info.presentedSeconds == 3)
    #expect(info.video?.startSeconds == 0)
  }

  // MARK: item 8: frame rate, MP3 header, AVIF transforms

  @Test("an implausible container frame rate is replaced by the packets'")
  func frameRateFromPackets() throws {
    let mkv = try Prober().probe(TestPaths.fixture("video/mkv_h264_1ms_frames_320x240.mkv"))
    #expect(mkv.video?.averageFrameRate == 30 && mkv.video?.frameRateSource == .packets)
    let mp4 = try Prober().probe(TestPaths.fixture("video/mp4_h264_aac_3s_320x240.mp4"))
    #expect(mp4.video?.averageFrameRate == 30 && mp4.video?.frameRateSource == .container)
    let webm = try Prober().probe(TestPaths.fixture("video/webm_vp9_2s_320x240.webm"))
    #expect(webm.video?.averageFrameRate == 30 && webm.video?.frameRateSource == .container)
  }

  @Test("a stated frame count gives way to the packets read; none stated stays none")
  func frameCountFromPackets() {
    var stream = StreamInfo(index: 0, kind: .video, codec: "h264")
    stream.frameCount = 4
    StreamDescriber.applyPacketCount(30, to: &stream)
    #expect(stream.frameCount == 30)
    var unstated = StreamInfo(index: 0, kind: .video, codec: "vp9")
    StreamDescriber.applyPacketCount(80, to: &unstated)
    #expect(unstated.frameCount == nil)
  }

  @Test(
    "real files whose header miscounts their frames",
    .enabled(if: TestPaths.corpusIsPresent, "the corpus at ../shared/corpus is absent"))
  func miscountedFrames() throws {
    // The moov names 4 samples, the fragments 26 more: ffmpeg decodes 30.
    let fragmented = try Prober().probe(
      TestPaths.corpus("video/fragmented/partially_fragmented.mp4"))
    #expect(fragmented.video?.frameCount == 30)
    // The AVI header says 59; ffprobe reads 58 packets and ffmpeg decodes 58 frames.
    let avi = try Prober().probe(TestPaths.corpus("video/other/avi_h264_mp3.avi"))
    #expect(avi.video?.frameCount == 58)
  }

  @Test("a plausible stated frame rate is kept when packets are not frames")
  func packetsAreNotAlwaysFrames() throws {
    // 80 packets in 3 s would say 26.7 fps; 8 of them are VP9's hidden alt-ref frames, and
    // the 72 frames a decoder shows are the header's 23.976 fps.
    var stream = StreamInfo(index: 0, kind: .video, codec: "vp9")
    stream.averageFrameRate = 24000.0 / 1001
    StreamDescriber.applyPacketFrameRate(80.0 / 3.0, to: &stream)
    #expect(stream.averageFrameRate == 24000.0 / 1001)
    stream.averageFrameRate = 1000
    StreamDescriber.applyPacketFrameRate(30, to: &stream)
    #expect(stream.averageFrameRate == 30 && stream.frameRateSource == .packets)
  }

  static let measuredRates: [(measured: Double, named: Double)] = [
    (29.989, 30), (29.97, 30000.0 / 1001), (23.98, 24000.0 / 1001), (25.02, 25),
    (59.9, 60000.0 / 1001), (12.34, 12.34), (0.5, 0.5), (1000, 1000),
  ]

  @Test("measured frame rates are named as encoders write them")
  func frameRateRounding() {
    for (measured, named) in Self.measuredRates {
      #expect(FrameRateRounding.nearestCommonRate(to: measured) == named, "\(measured)")
    }
  }

  @Test("an MP3's Info header is read behind padding FFmpeg does not skip")
  func mp3InfoHeader() throws {
    let padded = MemoryByteSource(try Self.contents("audio/mp3_padded_tag_info_3s.mp3"))
    // 116 frames of 1152 samples at 44,100 Hz, as FFmpeg computes it when it finds the header.
    #expect(MpegAudioInfoTag.statedSeconds(padded) == 116.0 * 1152 / 44100)
    let plain = MemoryByteSource(try Self.contents("audio/mp3_3s_44100_stereo.mp3"))
    #expect(MpegAudioInfoTag.statedSeconds(plain) == 116.0 * 1152 / 44100)
    let noHeader = MemoryByteSource(try Self.contents("audio/mp3_noxing_3s_22050_mono.mp3"))
    #expect(MpegAudioInfoTag.statedSeconds(noHeader) == nil)
  }

  @Test("irot and imir compose into the EXIF orientation libavif gives them")
  func heifTransforms() {
    // libavif's avifImageIrotImirToExifOrientation: irot angle, then imir axis (nil: none).
    let table: [(Int, Int?, Int)] = [
      (0, nil, 1), (1, nil, 8), (2, nil, 3), (3, nil, 6), (0, 0, 4), (0, 1, 2),
      (1, 0, 5), (1, 1, 7), (2, 0, 2), (2, 1, 4), (3, 0, 7), (3, 1, 5),
    ]
    for (angle, axis, orientation) in table {
      var transform = HeifProperties.Transform()
      transform.rotateCounterClockwise(quarterTurns: angle)
      if let axis { transform.mirror(exchangingTopAndBottom: axis == 0) }
      #expect(transform.exifOrientation == orientation, "irot \(angle), imir \(axis ?? -1)")
    }
    // In the other order a mirror then a turn is the opposite turn then the mirror.
    var mirrorFirst = HeifProperties.Transform()
    mirrorFirst.mirror(exchangingTopAndBottom: false)
    mirrorFirst.rotateCounterClockwise(quarterTurns: 1)
    #expect(mirrorFirst.exifOrientation == 5)
  }

  @Test("an AVIF's primary item: its ispe size and its transforms in ipma order")
  func heifHeader() throws {
    let bytes = try Self.contents("image/avif_irot1_imir1_320x240.avif")
    let header = try #require(HeifProperties.header(MemoryByteSource(bytes)))
    #expect(header.width == 320 && header.height == 240)
    #expect(header.orientation == 7 && header.orientationSource == "heif")
    // Every prefix of the file parses to a header or to nothing, without a trap, and so does
    // a `meta` box too short to hold its version and flags.
    for length in 0...bytes.count {
      _ = HeifProperties.header(MemoryByteSource(bytes[0..<length]))
    }
    // Every byte of the header boxes set to 0x00 or 0xFF, one at a time: no trap either.
    for index in 0..<min(bytes.count, 300) {
      for value: UInt8 in [0x00, 0xFF] {
        var damaged = bytes
        damaged[index] = value
        _ = HeifProperties.header(MemoryByteSource(damaged))
      }
    }
    let emptyMeta: [UInt8] = [0, 0, 0, 10] + Array("meta".utf8) + [0, 0]
    #expect(HeifProperties.header(MemoryByteSource(emptyMeta)) == nil)
  }
}
