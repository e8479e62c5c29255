import Foundation
import MediaProbe
import Testing

@testable import WanPreflight

/// The JSON the tool prints reads back into equal values: reports, plans and lint documents.
@Suite("Reports decode back")
struct ReportCodableTests {
  typealias S = CheckSupport

  static let requests = S.root.appendingPathComponent("fixtures/requests").path

  /// Every request file under `fixtures/requests`, mistakes included.
  static func requestFiles() throws -> [String] {
    let manager = FileManager.default
    let names = try manager.subpathsOfDirectory(atPath: requests).sorted()
    return names.filter { $0.hasSuffix(".json") || $0.hasSuffix(".yaml") }
      .map { requests + "/" + $0 }
  }

  /// `report` printed, read back and printed again: the values and the text are the same.
  static func expectRoundTrip(_ report: Report) throws {
    let text = try report.jsonText()
    let decoded = try JSONDecoder().decode(Report.self, from: Data(text.utf8))
    #expect(decoded == report, "\(report.request ?? "<flags>")")
    #expect(try decoded.jsonText() == text)
  }

  @Test("every report of the request fixtures decodes back into an equal report")
  func fixtureReports() async throws {
    let files = try Self.requestFiles()
    #expect(files.count >= 12)
    var withPlan = 0
    for file in files {
      let report = await Preflight().check(JobRequest.load(file: file))
      if report.plan != nil { withPlan += 1 }
      try Self.expectRoundTrip(report)
    }
    #expect(withPlan >= 6)
  }

  @Test("reports whose media could not be probed decode back, each error with its reason")
  func failedProbes() async throws {
    let hostile = S.root.appendingPathComponent("fixtures/hostile/files").path
    let names = try FileManager.default.contentsOfDirectory(atPath: hostile).sorted()
    var codes: Set<String> = []
    for name in names + ["../missing.png", "."] {
      let report = await S.check(S.body(media: [("first_frame", hostile + "/" + name)]))
      for entry in report.media { if let error = entry.error { codes.insert(error.code) } }
      try Self.expectRoundTrip(report)
    }
    #expect(codes.isSuperset(of: ["truncated", "corrupt", "pixel_budget_exceeded", "not_found"]))
  }

  @Test("a lint run prints a document that decodes back into the run's document")
  func lintDocument() async throws {
    let run = try await Linter().lint([Self.requests])
    #expect(run.reports.count >= 12)
    let text = try LintFormat.json.render(run)
    let decoded = try JSONDecoder().decode(LintDocument.self, from: Data(text.utf8))
    #expect(decoded == LintDocument(run))
    #expect(decoded.schema == LintDocument.currentSchema)
    #expect(decoded.reports == run.reports)
    #expect(try JSONOutput.text(decoded) == text)
  }

  @Test("a report of another schema is refused")
  func otherSchema() async throws {
    let report = await S.check(S.body())
    let text = try report.jsonText().replacingOccurrences(
      of: Report.schema, with: "wan-preflight.report/2")
    #expect(throws: DecodingError.self) {
      try JSONDecoder().decode(Report.self, from: Data(text.utf8))
    }
  }

  @Test("a plan's basis prints as today's strings")
  func basisStrings() {
    #expect(Plan.Basis.allCases.map(\.rawValue) == ["predicted", "assumed", "unknown"])
  }

  @Test("every probe error reason reads back from the JSON a report prints")
  func probeErrors() throws {
    let reasons: [ProbeError.Reason] = [
      .notFound, .nameNotUTF8, .notAFile("a folder"), .permissionDenied, .empty, .readFailed,
      .unrecognized, .refusedFormat("an HLS playlist"), .noMediaStream, .invalidDimensions,
      .decompressionBomb(limit: 67_108_864),
      .pixelBudgetExceeded(width: 9000, height: 9000, limit: 1),
      .sampleBudgetExceeded(samples: 5_000_000, limit: 1_000_000), .unknownCodec(stream: 2),
      .emptyStream, .undecodable, .truncated("the moov box ends early"),
      .corrupt("a box claims 12 bytes (stsz)"), .timedOut(2.5), .timedOut(10),
      .other("something else: 3 things"), .cancelled,
    ]
    for reason in reasons {
      for ffmpeg in [nil, (Int32(-1_094_995_529), "Invalid data found when processing input")] {
        let error = ProbeError(
          path: "media/a b.png", reason: reason, ffmpegCode: ffmpeg?.0, ffmpegMessage: ffmpeg?.1)
        let data = try JSONOutput.encoder.encode(error)
        let decoded = try JSONDecoder().decode(ProbeError.self, from: data)
        #expect(decoded == error, "\(reason)")
      }
    }
  }
}
