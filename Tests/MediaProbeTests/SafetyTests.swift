import Foundation
import Testing

@testable import MediaProbe

/// The probe's guards, each proven by a test that fails if the guard is removed.
@Suite("Probe safety")
struct SafetyTests {
  @Test("a picture over the pixel budget is refused before decoding, with its size")
  func pixelBudgetForImages() {
    // Guard: ProbeRun.imageHeader checks the header's size against ProbeOptions.maxPixels.
    let path = TestPaths.fixture("image/png_640x480.png")
    let prober = Prober(options: ProbeOptions(maxPixels: 640 * 480 - 1))
    #expect(
      throws: ProbeError(
        path: path, reason: .pixelBudgetExceeded(width: 640, height: 480, limit: 640 * 480 - 1))
    ) { try prober.probe(path) }
    #expect(throws: Never.self) {
      try Prober(options: ProbeOptions(maxPixels: 640 * 480)).probe(path)
    }
  }

  @Test("a clip over the pixel budget is refused before its first frame is decoded")
  func pixelBudgetForVideo() {
    // Guard: ProbeRun checks the stream's coded size before opening the decoder.
    let path = TestPaths.fixture("video/mp4_h264_aac_3s_320x240.mp4")
    let prober = Prober(options: ProbeOptions(maxPixels: 1000))
    #expect(
      throws: ProbeError(
        path: path, reason: .pixelBudgetExceeded(width: 320, height: 240, limit: 1000))
    ) { try prober.probe(path) }
  }

  @Test("a probe stops when its time budget is spent")
  func timeBudget() {
    // Guard: Deadline, installed as FFmpeg's interrupt callback and checked per packet.
    let path = TestPaths.fixture("video/mp4_h264_aac_3s_320x240.mp4")
    #expect(throws: ProbeError(path: path, reason: .timedOut(0))) {
      try Prober(options: ProbeOptions(timeLimitSeconds: 0)).probe(path)
    }
  }

  @Test(
    "playlists and file lists are refused whatever their name",
    arguments: [
      ("broken/hls_playlist.mp4", "an HLS playlist"),
      ("broken/concat_script.mov", "a concat script"),
    ])
  func indirectionIsRefused(relative: String, what: String) {
    // Guard: DemuxerPolicy, consulted before any demuxer reads a header.
    let path = TestPaths.fixture(relative)
    #expect(throws: ProbeError(path: path, reason: .refusedFormat(what))) {
      try Prober().probe(path)
    }
  }

  @Test("only allowlisted demuxers run")
  func demuxerPolicy() {
    #expect(DemuxerPolicy.verdict(for: "mov,mp4,m4a,3gp,3g2,mj2") == .allowed)
    #expect(DemuxerPolicy.verdict(for: "png_pipe") == .allowed)
    #expect(DemuxerPolicy.verdict(for: "hls") == .refused("an HLS playlist"))
    #expect(DemuxerPolicy.verdict(for: "image2") == .unknown)
    #expect(DemuxerPolicy.verdict(for: "lavfi") == .unknown)
  }

  @Test("a directory, a missing path and an empty file fail before FFmpeg runs")
  func fileGate() {
    let directory = TestPaths.fixture("broken")
    #expect(throws: ProbeError(path: directory, reason: .notAFile("a directory"))) {
      try Prober().probe(directory)
    }
    let missing = TestPaths.fixture("broken/missing.png")
    #expect(throws: ProbeError(path: missing, reason: .notFound)) { try Prober().probe(missing) }
    let empty = TestPaths.fixture("broken/empty.png")
    #expect(throws: ProbeError(path: empty, reason: .empty)) { try Prober().probe(empty) }
  }

  @Test("many files are probed concurrently, in order, each once")
  func batch() async {
    let good = TestPaths.fixture("image/png_640x480.png")
    let bad = TestPaths.fixture("broken/empty.png")
    let results = await Prober().probe([good, bad, good])
    #expect(results.count == 3)
    #expect((try? results[0].get())?.path == good)
    #expect((try? results[2].get())?.path == good)
    if case .failure(let error) = results[1] {
      #expect(error.reason == .empty)
    } else {
      Issue.record("the empty file probed")
    }
  }

  @Test("errors name the file, say what is wrong and keep FFmpeg's message")
  func errorText() {
    let error = ProbeError(
      path: "a.png", reason: .undecodable, ffmpegCode: -1_094_995_529,
      ffmpegMessage: "Invalid data found when processing input")
    #expect(
      error.description
        == "a.png: no frame could be decoded (the data is damaged, or a variant FFmpeg cannot read) "
        + "(FFmpeg: Invalid data found when processing input)")
    #expect(error.code == "undecodable")
    #expect(ProbeError(path: "b", reason: .timedOut(10)).message == "probing took longer than 10 s")
  }
}
