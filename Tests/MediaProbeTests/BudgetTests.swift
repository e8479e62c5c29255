import Foundation
import Testing

@testable import MediaProbe

/// The time budget covers the whole probe, and each input is opened once (issue #10, items 3 and 4). Each test names its guard.
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
    #expect(open.streams.count == 2)
  }

  @Test("the path is opened once: replaced by a FIFO or removed after the open, it is not read")
  func openedOnce() throws {
    // Guard: FileGate.open's descriptor feeds every reader, FFmpeg too (cffmpeg_file_io_alloc).
    // Before, FFmpeg opened the path a second time (avio_open2): a FIFO put in its place would
    // block that open for ever, and a removed file would fail to open.
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("wan-preflight-once-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("clip.mp4").path
    try FileManager.default.copyItem(
      atPath: TestPaths.fixture("video/mp4_h264_aac_3s_320x240.mp4"), toPath: path)
    let expected = try Prober().probe(path)
    #expect(expected.streams.count == 2)
    let swaps: [() -> Void] = [
      {
        unlink(path)
        mkfifo(path, 0o644)
      },
      { unlink(path) },
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
