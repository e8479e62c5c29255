import Foundation
import Testing

@testable import WanPreflight

/// The shared corpus of real-world files beside the repository (not part of it).
enum SharedCorpus {
  static let path = CheckSupport.root.deletingLastPathComponent()
    .appendingPathComponent("shared/corpus").path
  static var isPresent: Bool { FileManager.default.fileExists(atPath: path + "/MANIFEST.tsv") }

  /// The corpus's files, as `MANIFEST.tsv` lists them.
  static func files() throws -> [String] {
    let manifest = try String(contentsOfFile: path + "/MANIFEST.tsv", encoding: .utf8)
    return manifest.split(separator: "\n").dropFirst().compactMap {
      $0.split(separator: "\t").first.map(String.init)
    }
  }

  /// Compares `rows` with the table at `tablePath` (its `#` lines left out), row by row; with
  /// `WAN_PREFLIGHT_WRITE_CORPUS_TABLE=1`, writes them there under `header` instead.
  static func compare(_ rows: [String], withTable tablePath: String, header: String) throws {
    if ProcessInfo.processInfo.environment["WAN_PREFLIGHT_WRITE_CORPUS_TABLE"] == "1" {
      try (header + rows.joined(separator: "\n") + "\n").write(
        toFile: tablePath, atomically: true, encoding: .utf8)
      return
    }
    let table = try String(contentsOfFile: tablePath, encoding: .utf8)
    let expected = table.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
    #expect(expected.count == rows.count)
    for (row, wanted) in zip(rows, expected) {
      #expect(row == wanted)
    }
  }
}

/// `check` over the shared corpus of real-world files, each as a first frame.
@Suite(
  "Corpus check", .enabled(if: SharedCorpus.isPresent, "the corpus at ../shared/corpus is absent"))
struct CorpusCheckTests {
  static let corpus = SharedCorpus.path

  @Test("every corpus file as a first frame gets exactly one verdict, without a crash")
  func everyFileAsFirstFrame() async throws {
    let files = try SharedCorpus.files()
    #expect(files.count == 187)
    var accepted = 0
    for file in files {
      let body = CheckSupport.body(media: [("first_frame", file)])
      let document = try JSONSourceParser.parse(Array(body.utf8))
      let report = await Preflight().check(
        JobRequest(document: document, file: "request.json", baseDirectory: Self.corpus))
      #expect(report.media.count == 1, "\(file)")
      let entry = try #require(report.media.first)
      #expect((entry.probe == nil) != (entry.error == nil), "\(file): probed or failed, not both")
      if entry.error != nil {
        #expect(report.errors > 0, "\(file) failed to probe but the request passed")
      }
      if file.hasPrefix("broken/") { #expect(!report.ok, "\(file) is broken but passed") }
      if file.hasPrefix("images/unsupported/") || file.hasPrefix("audio/") {
        #expect(!report.ok, "\(file) is not an accepted image but passed")
      }
      if report.ok { accepted += 1 }
    }
    // The JPEG, PNG, BMP and WebP files of accepted sizes pass.
    #expect(accepted >= 20, "only \(accepted) corpus files were accepted as first frames")
  }

  @Test("real clips: an anamorphic one predicts from its exact shape, a late one from its frames")
  func realClips() async throws {
    func check(_ clip: String, duration: Int) async throws -> Report {
      let body = CheckSupport.body(
        media: [("first_clip", clip)],
        parameters: #""resolution": "720P", "duration": \#(duration)"#)
      let document = try JSONSourceParser.parse(Array(body.utf8))
      return await Preflight().check(
        JobRequest(document: document, file: "request.json", baseDirectory: Self.corpus))
    }
    // 800x640, SAR 64:45: exactly 16:9 (ffprobe: display_aspect_ratio 16:9).
    let anamorphic = try await check("video/anamorphic/h264_sar_64x45.mp4", duration: 8)
    #expect(anamorphic.plan?.output.width == 1280 && anamorphic.plan?.output.height == 720)
    #expect(anamorphic.plan?.alternateIgnores == .pixelAspectRatio)
    #expect(anamorphic.diagnostics.isEmpty)
    // 4 s of frames from 10 s in a 14 s timeline: before, clip_duration (14 s) and
    // clip_vs_duration errors; now a 4 s clip and a warning.
    let late = try await check("video/anamorphic/h264_sar_1137x800_firstpts_10s.mp4", duration: 8)
    #expect(late.diagnostics.map(\.rule) == [.clipStart])
    #expect(late.plan?.continuationSeconds == 4)
    #expect(late.plan?.output.width == 1264 && late.plan?.output.height == 720)
  }
}

/// `check`'s verdict on every corpus file in the role its kind fits (pictures as the first
/// frame, audio as driving audio beside a fixture picture, video as the clip to continue),
/// compared with `fixtures/corpus/check.tsv`: a changed row is a changed verdict on a real
/// file. After a deliberate change, rewrite the table with
/// `WAN_PREFLIGHT_WRITE_CORPUS_TABLE=1 swift test --filter CorpusCheckTableTests` and review
/// its diff.
@Suite(
  "Corpus check: the table of verdicts",
  .enabled(if: SharedCorpus.isPresent, "the corpus at ../shared/corpus is absent"))
struct CorpusCheckTableTests {
  static let tablePath = CheckSupport.root.appendingPathComponent("fixtures/corpus/check.tsv").path
  static let header = """
    # check's verdict on every file of the shared corpus (../shared/corpus) in the role its kind
    # fits, at 720P: the predicted output and every diagnostic as severity:rule. Written by
    # CorpusCheckTableTests (see its doc comment); a changed row needs a reason in its commit.
    # path\trole\toutput\tdiagnostics

    """

  /// The role a corpus file is checked in, from its folder, and the media of its request.
  static func media(for file: String) -> (role: String, media: [(String, String)], duration: Int) {
    let picture = CheckSupport.media + "/image/jpeg_640x480.jpg"
    if file.hasPrefix("audio/") || file.hasPrefix("broken/audio/") {
      return ("driving_audio", [("first_frame", picture), ("driving_audio", file)], 5)
    }
    if file.hasPrefix("video/") || file.hasPrefix("broken/video/") {
      return ("first_clip", [("first_clip", file)], 15)
    }
    return ("first_frame", [("first_frame", file)], 5)
  }

  @Test("every corpus file gets exactly the verdict in fixtures/corpus/check.tsv")
  func verdictsMatchTheTable() async throws {
    let files = try SharedCorpus.files()
    var rows: [String] = []
    for file in files {
      let (role, media, duration) = Self.media(for: file)
      let body = CheckSupport.body(
        media: media, parameters: #""resolution": "720P", "duration": \#(duration)"#)
      let document = try JSONSourceParser.parse(Array(body.utf8))
      let report = await Preflight().check(
        JobRequest(document: document, file: "request.json", baseDirectory: SharedCorpus.path))
      let output = report.plan.map { plan in
        "\(plan.output.width.map(String.init) ?? "?")x\(plan.output.height.map(String.init) ?? "?")"
          + (plan.alternateOutput.map { " or \($0.width)x\($0.height)" } ?? "")
      }
      let diagnostics = report.diagnostics.map { "\($0.severity.rawValue):\($0.rule.rawValue)" }
      rows.append(
        [file, role, output ?? "-", diagnostics.joined(separator: " ")].joined(separator: "\t"))
    }
    try SharedCorpus.compare(rows, withTable: Self.tablePath, header: Self.header)
  }
}
