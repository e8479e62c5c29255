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
}
