import Foundation
import Testing

@testable import MediaProbe

/// The time budget covers the whole probe, claims a file cannot back never reach FFmpeg's
/// index, and each input is opened once (issue #10, items 3 and 4). Each test names its guard.
@Suite("Time and memory budgets, one open")
struct BudgetTests {
  static func hostile(_ name: String) -> String { HostileTests.folder + "/" + name }

  @Test("a budget of 0 s stops the probe's own header walk, from a file and from memory")
  func budgetCoversHeaderWalks() throws {
    // Guard: the Deadline starts with the probe and TimeBoundSource refuses every read after
    // it. Before, the deadline started after the header walk, which measured the zTXt chunk
    // whatever the budget and said decompression_bomb (1,000 such chunks took 13 s).
    let path = Self.hostile("png_ztxt_bomb.png")
    let prober = Prober(options: ProbeOptions(timeLimitSeconds: 0))
    #expect(throws: ProbeError(path: path, reason: .timedOut(0))) { try prober.probe(path) }
    let bytes = try #require(FileManager.default.contents(atPath: path))
    #expect(throws: ProbeError(path: path, reason: .timedOut(0))) {
      try prober.probe(bytes: bytes, name: path)
    }
  }

  @Test("FFmpeg's reads through our AVIOContext fail once the deadline has passed")
  func ffmpegReadsStopAtTheDeadline() throws {
    // Guard: cffmpeg_memory_read and cffmpeg_file_read return AVERROR_EXIT after the deadline.
    // FFmpeg consults the interrupt callback in some loops but never for a custom context's
    // reads: before, a header in memory was read in full however late the probe was.
    let path = TestPaths.fixture("video/mp4_h264_aac_3s_320x240.mp4")
    let bytes = MemoryByteSource(try #require(FileManager.default.contents(atPath: path)))
    let expired = Deadline(seconds: 0)
    let inputs = [
      try InputFile(bytes: bytes, name: path, deadline: expired),
      try InputFile(file: try FileGate.open(path), name: path, deadline: expired),
    ]
    for input in inputs {
      let demuxer = try input.chooseDemuxer(preferred: "mov,mp4,m4a,3gp,3g2,mj2")
      #expect(throws: ProbeError(path: path, reason: .timedOut(0))) {
        try input.open(with: demuxer)
      }
    }
    // With time left the same inputs open: the refusal is the deadline's.
    let open = try InputFile(bytes: bytes, name: path, deadline: Deadline(seconds: 60))
    try open.open(with: try open.chooseDemuxer(preferred: "mov,mp4,m4a,3gp,3g2,mj2"))
    #expect(open.streamCount == 2)
  }

  @Test("sample tables claiming millions of samples are refused before FFmpeg indexes them")
  func sampleTableClaims() throws {
    // Guard: SampleTableGuard. Without it FFmpeg 5.1 spends 1.2 GB on budget_stsz_millions.mp4
    // and 2.6 GB (3.5 s, in a loop no interrupt stops) on budget_fragmented_trun_millions.mp4.
    let cases: [(String, ProbeError.Reason)] = [
      (
        "budget_stsz_millions.mp4",
        .truncated(
          "the sample tables claim 50000000 samples of at least 1 byte each; the file has "
            + "35566 bytes")
      ),
      (
        "budget_fragmented_trun_millions.mp4",
        .truncated(
          "the sample tables claim 80000000 samples of 2292 bytes each; the file has 35674 bytes")
      ),
      (
        "budget_fragmented_empty_samples.mp4",
        .truncated(
          "the sample tables claim 80000000 samples of at least 1 byte each; the file has "
            + "35674 bytes")
      ),
      (
        "budget_stco_claim.mp4",
        .corrupt("the stco box claims 50000000 entries; its 12 bytes hold fewer")
      ),
      (
        "mp4_absurd_counts.mp4",
        .corrupt("the stsz box claims 50000000 entries; its 372 bytes hold fewer")
      ),
    ]
    for (name, reason) in cases {
      let path = Self.hostile(name)
      #expect(throws: ProbeError(path: path, reason: reason)) { try Prober().probe(path) }
    }
  }

  @Test("4,000,000 indexed samples pass, one more is over the budget")
  func sampleBudget() {
    // Guard: SampleTableGuard.maxIndexedSamples, for files big enough to back their samples.
    let fits = IsoFile.movie(handler: "vide", samples: 4_000_000, size: 1, mdat: 4_000_000)
    #expect(SampleTableGuard.problem(in: MemoryByteSource(fits)) == nil)
    let over = IsoFile.movie(handler: "vide", samples: 4_000_001, size: 1, mdat: 4_000_001)
    #expect(
      SampleTableGuard.problem(in: MemoryByteSource(over))
        == .sampleBudgetExceeded(samples: 4_000_001, limit: 4_000_000))
  }

  @Test("uncompressed sound is counted by chunk, as FFmpeg indexes it")
  func soundIndexedByChunk() {
    // Guard: a `soun` track whose stts is one entry of duration 1 (PCM, IMA4) states PCM frames,
    // which can outnumber its bytes; FFmpeg indexes it by chunk. Ten minutes at 8 kHz: 4.8
    // million frames in one chunk passes; the same table as a video track claims more than
    // the file holds.
    let sound = IsoFile.movie(handler: "soun", samples: 4_800_000, size: 1, mdat: 1000)
    #expect(SampleTableGuard.problem(in: MemoryByteSource(sound)) == nil)
    let video = IsoFile.movie(handler: "vide", samples: 4_800_000, size: 1, mdat: 1000)
    let size = video.count
    #expect(
      SampleTableGuard.problem(in: MemoryByteSource(video))
        == .truncated(
          "the sample tables claim 4800000 samples of at least 1 byte each; the file has "
            + "\(size) bytes"))
  }

  @Test("every fixture and corpus MP4/MOV passes the sample table guard")
  func goodFilesPass() throws {
    // A good file refused is a defect too: the guard must say nothing about real files.
    let folders = [TestPaths.media] + (TestPaths.corpusIsPresent ? [TestPaths.corpus] : [])
    let paths = folders.flatMap { MemoryProbeTests.files(under: $0) }.filter {
      ["mp4", "mov", "m4a", "3gp", "avif", "heic"].contains(
        URL(fileURLWithPath: $0).pathExtension.lowercased())
    }
    #expect(paths.count >= 7)
    for path in paths {
      #expect(SampleTableGuard.problem(in: try FileByteSource(path: path)) == nil, "\(path)")
    }
  }

  @Test("a WebM whose Cues claim 2^48 bytes probes as the good file it is, at its 2.008 s")
  func hugeCuesClaim() throws {
    // Measured, not guarded: FFmpeg bounds Matroska cues by the bytes it reads (peak 55 MB,
    // as for the original; so does a Cues element of 200,000 cue points). A good file must
    // not be refused for a claim FFmpeg does not act on.
    var bytes = try #require(
      FileManager.default.contents(atPath: TestPaths.fixture("video/webm_vp9_2s_320x240.webm")))
    let cues = try #require(bytes.lastRange(of: Data([0x1C, 0x53, 0xBB, 0x6B])))
    let size = cues.upperBound
    #expect(bytes[size] & 0x80 != 0)  // a one-byte size: replace it with 2^48 in eight
    bytes.replaceSubrange(size...size, with: [0x01, 0x01, 0, 0, 0, 0, 0, 0])
    let info = try Prober().probe(bytes: bytes, name: "cues_2e48.webm")
    #expect(info.durationSeconds == 2.008)
    #expect(info.video?.width == 320)
  }

  @Test("the path is opened once: replaced (by a FIFO, by another file) or removed after the open")
  func openedOnce() throws {
    // Guard: FileGate.open's descriptor feeds every reader, FFmpeg too (cffmpeg_file_io_alloc).
    // Before, FFmpeg opened the path a second time (avio_open2): a FIFO put in its place would
    // block that open for ever, a removed file would fail to open, and another file renamed
    // over it would be the one FFmpeg probed.
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("wan-preflight-once-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("clip.mp4").path
    try FileManager.default.copyItem(
      atPath: TestPaths.fixture("video/mp4_h264_aac_3s_320x240.mp4"), toPath: path)
    let expected = try Prober().probe(path)
    #expect(expected.streams.count == 2)
    let swaps: [@Sendable () -> Void] = [
      {
        unlink(path)
        mkfifo(path, 0o644)
      },
      { unlink(path) },
      {  // another file renamed over it: a second open would probe a PNG (and fail cleanly)
        let other = directory.appendingPathComponent("other.png").path
        try? FileManager.default.copyItem(
          atPath: TestPaths.fixture("image/png_640x480.png"), toPath: other)
        rename(other, path)
      },
    ]
    for swap in swaps {
      try? FileManager.default.removeItem(atPath: path)
      try FileManager.default.copyItem(
        atPath: TestPaths.fixture("video/mp4_h264_aac_3s_320x240.mp4"), toPath: path)
      let run = ProbeRun(input: .file(path: path), options: ProbeOptions(), afterOpen: swap)
      #expect(try run.run() == expected)
    }
  }
}

/// Minimal ISO media files built in memory: one track with the given handler and constant-size
/// samples in one chunk, and an `mdat` of zeros.
enum IsoFile {
  static func box(_ type: String, _ payload: [UInt8]) -> [UInt8] {
    words(UInt32(8 + payload.count)) + Array(type.utf8) + payload
  }

  static func words(_ values: UInt32...) -> [UInt8] {
    values.flatMap { value in
      (0..<4).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }
  }

  static func movie(handler: String, samples: UInt32, size: UInt32, mdat: Int) -> [UInt8] {
    let tables =
      box("stts", words(0, 1, samples, 1)) + box("stsc", words(0, 1, 1, samples, 1))
      + box("stsz", words(0, size, samples)) + box("stco", words(0, 1, 0))
    let hdlr = box("hdlr", words(0, 0) + Array(handler.utf8) + words(0, 0, 0) + [0])
    let moov = box("moov", box("trak", box("mdia", hdlr + box("minf", box("stbl", tables)))))
    return box("ftyp", Array("isom".utf8) + words(0)) + moov
      + box("mdat", [UInt8](repeating: 0, count: mdat))
  }
}
