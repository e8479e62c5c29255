import Foundation
import Testing

@testable import WanPreflight

/// `--to-output-size`: a picture scaled to its tier's predicted output size must predict that
/// same size again, on every size the predictor's own tests use.
@Suite("Fix to the output size")
struct OutputSizeFixTests {
  @Test(
    "every predictor case scales to its prediction, which predicts itself again",
    arguments: SizePredictorTests.cases)
  func predictsItself(_ testCase: SizePredictorTests.Case) throws {
    let tier = try #require(ModelSpec.wan27i2v.tier(named: testCase.tier))
    let input = FixGeometry.Size(width: testCase.input.0, height: testCase.input.1)
    let expected = FixGeometry.Size(width: testCase.output.0, height: testCase.output.1)
    guard case .scaled(let size) = FixGeometry.outputSize(for: input, pixelBudget: tier.pixelBudget)
    else {
      Issue.record("\(testCase): refused")
      return
    }
    // It predicts the same output as the original picture.
    let again = SizePredictor.outputSize(
      width: size.width, height: size.height, pixelBudget: tier.pixelBudget)
    #expect(again == (expected.width, expected.height), "\(size)")
    // It is the output size, or the original shape with one side at the output's.
    let shape = Double(input.width) / Double(input.height)
    #expect(
      size == expected
        || (size.width == expected.width || size.height == expected.height)
          && abs(Double(size.width) / Double(size.height) / shape - 1) < 0.01,
      "\(size)")
  }

  @Test("a shape whose own output size predicts another keeps its shape instead")
  func keepsShape() {
    // 750x1000 at 1080P predicts 1232x1648, which itself would predict 1232x1664.
    let wrong = SizePredictor.outputSize(width: 1232, height: 1648, pixelBudget: 1920 * 1080)
    #expect(wrong == (1232, 1664))
    let outcome = FixGeometry.outputSize(
      for: FixGeometry.Size(width: 750, height: 1000), pixelBudget: 1920 * 1080)
    #expect(outcome == .scaled(FixGeometry.Size(width: 1232, height: 1642)))
  }

  @Test("fix --to-output-size scales 3000x4000 to 816x1088 at 720P and the plan does not move")
  func endToEnd() async throws {
    try await CheckSupport.withTemporaryFolder { folder in
      try Tools.ffmpeg(
        ["-f", "lavfi", "-i", "testsrc2=size=3000x4000", "-frames:v", "1"], to: "big.jpg",
        in: folder)
      let body = CheckSupport.body(
        media: [("first_frame", folder.appendingPathComponent("big.jpg").path)])
      let request = JobRequest(
        document: try JSONSourceParser.parse(Array(body.utf8)), file: nil,
        baseDirectory: CheckSupport.media)
      var options = FixOptions(outputDirectory: folder.appendingPathComponent("fixed").path)
      options.toOutputSize = true
      let report = await Preflight().fix(request, options: options)
      #expect(report.ok)
      #expect(report.changes.map(\.rule) == [nil])
      // The 3:4 shape kept, one side at the output's 816x1104, which it predicts.
      #expect(report.changes.first?.after == "816x1088")
      let after = try #require(report.after)
      #expect(
        after.media[0].probe?.video?.width == 816 && after.media[0].probe?.video?.height == 1088)
      #expect(after.plan?.output == report.before.plan?.output)
    }
  }
}
