import Foundation
import Testing

@testable import WanPreflight

/// The shared corpus of real-world files beside the repository (not part of it).
enum SharedCorpus {
  static let path = CheckSupport.root.deletingLastPathComponent()
    .appendingPathComponent("shared/corpus").path
  static var isPresent: Bool { FileManager.default.fileExists(atPath: path + "/MANIFEST.tsv") }
}

/// `check` over the shared corpus of real-world files, each as a first frame.
@Suite(
  "Corpus check", .enabled(if: SharedCorpus.isPresent, "the corpus at ../shared/corpus is absent"))
struct CorpusCheckTests {
  static let corpus = SharedCorpus.path

  @Test("every corpus file as a first frame gets exactly one verdict, without a crash")
  func everyFileAsFirstFrame() async throws {
    let manifest = try String(contentsOfFile: Self.corpus + "/MANIFEST.tsv", encoding: .utf8)
    let files = manifest.split(separator: "\n").dropFirst().compactMap {
      $0.split(separator: "\t").first.map(String.init)
    }
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
