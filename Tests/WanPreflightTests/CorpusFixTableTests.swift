import Foundation
import Testing

@testable import WanPreflight

/// `fix` on every file of the shared corpus, in the role `check.tsv` gives it: every file fix
/// claims to fix passes `check` afterwards, no input changes by a byte, and the outcome of each
/// (what was changed, what is left) is exactly `fixtures/corpus/fix.tsv`. After a deliberate
/// change, rewrite the table with
/// `WAN_PREFLIGHT_WRITE_CORPUS_TABLE=1 swift test --filter CorpusFixTableTests` and review its
/// diff.
@Suite(
  "Corpus fix: the table of outcomes",
  .enabled(if: SharedCorpus.isPresent, "the corpus at ../shared/corpus is absent"))
struct CorpusFixTableTests {
  static let tablePath = CheckSupport.root.appendingPathComponent("fixtures/corpus/fix.tsv").path
  static let header = """
    # fix's outcome on every file of the shared corpus (../shared/corpus) in the role check.tsv
    # gives it, at 720P, clips re-encoded with x264's ultrafast preset: fixed (the fixed request
    # passes check), left (written, but errors no fix removes remain), refused (nothing
    # written), or failed:code; the rules of the changes; the fixed request's diagnostics.
    # Written by CorpusFixTableTests (see its doc comment).
    # path\trole\toutcome\tchanges\tafter

    """

  @Test("every corpus file fix fixes passes check afterwards, as fixtures/corpus/fix.tsv says")
  func outcomesMatchTheTable() async throws {
    let files = try SharedCorpus.files()
    var rows: [String] = []
    for file in files {
      let row = try await CheckSupport.withTemporaryFolder { folder in
        try await Self.row(for: file, in: folder)
      }
      rows.append(row)
    }
    try SharedCorpus.compare(rows, withTable: Self.tablePath, header: Self.header)
  }

  /// Fixes `file` into `folder` and checks the invariants; the table row of the outcome.
  static func row(for file: String, in folder: URL) async throws -> String {
    let (role, media, duration) = CorpusCheckTableTests.media(for: file)
    let inputs = media.map {
      $0.1.hasPrefix("/") ? $0.1 : SharedCorpus.path + "/" + $0.1
    }
    let originals = inputs.map { FileManager.default.contents(atPath: $0) }
    let body = CheckSupport.body(
      media: media, parameters: #""resolution": "720P", "duration": \#(duration)"#)
    let request = JobRequest(
      document: try JSONSourceParser.parse(Array(body.utf8)), file: nil,
      baseDirectory: SharedCorpus.path)
    var options = FixOptions(outputDirectory: folder.appendingPathComponent("fixed").path)
    options.clipPreset = "ultrafast"
    let report = await Preflight().fix(request, options: options)
    for (input, original) in zip(inputs, originals) {
      #expect(FileManager.default.contents(atPath: input) == original, "\(file) changed")
    }
    let outcome: String
    if let failure = report.failures.first {
      outcome = "failed:\(failure.code)"
    } else if let after = report.after {
      outcome = after.ok ? "fixed" : "left"
      // What fix claims to fix is fixed: no fixable error is left.
      let leftFixable = after.diagnostics.filter { diagnostic in
        diagnostic.severity == .error
          && report.changes.contains { $0.rule == diagnostic.rule }
      }
      #expect(leftFixable.isEmpty, "\(file): \(leftFixable.map(\.message))")
      if !report.unfixable.contains(where: { $0.diagnostic.severity == .error }) {
        #expect(after.ok, "\(file): \(after.diagnostics.map(\.message))")
      }
    } else {
      outcome = "refused"
      #expect(!FileManager.default.fileExists(atPath: options.outputDirectory), "\(file)")
    }
    let changes = report.changes.map { $0.rule?.rawValue ?? "option" }
    let after = report.after?.diagnostics.map { "\($0.severity.rawValue):\($0.rule.rawValue)" }
    return [
      file, role, outcome, changes.joined(separator: " "), (after ?? []).joined(separator: " "),
    ]
    .joined(separator: "\t")
  }
}
