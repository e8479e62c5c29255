import Testing

@testable import WanPreflight

/// The output-size prediction against the guide's example and a table of awkward inputs.
@Suite("Size predictor")
struct SizePredictorTests {
  struct Case: CustomStringConvertible, Sendable {
    let input: (Int, Int)
    let tier: String
    let output: (Int, Int)
    var description: String { "\(input.0)x\(input.1) at \(tier)" }
  }

  static let cases: [Case] = [
    // The user guide's worked example; rounding to nearest would give 832x1104.
    Case(input: (750, 1000), tier: "720P", output: (816, 1104)),
    Case(input: (750, 1000), tier: "1080P", output: (1232, 1648)),
    Case(input: (1920, 1080), tier: "720P", output: (1280, 720)),
    Case(input: (1920, 1080), tier: "1080P", output: (1920, 1072)),
    Case(input: (1080, 1920), tier: "1080P", output: (1072, 1920)),
    Case(input: (1024, 1024), tier: "720P", output: (960, 960)),
    Case(input: (1024, 1024), tier: "1080P", output: (1440, 1440)),
    Case(input: (4000, 3000), tier: "720P", output: (1104, 816)),
    Case(input: (3000, 4000), tier: "720P", output: (816, 1104)),
    Case(input: (3000, 4000), tier: "1080P", output: (1232, 1648)),
    Case(input: (721, 1283), tier: "720P", output: (704, 1280)),
    Case(input: (721, 1283), tier: "1080P", output: (1072, 1920)),
    Case(input: (8000, 1000), tier: "720P", output: (2704, 336)),
    Case(input: (1000, 8000), tier: "720P", output: (336, 2704)),
    Case(input: (8000, 1000), tier: "1080P", output: (4064, 496)),
    // Upscaling a small input to the budget.
    Case(input: (240, 240), tier: "720P", output: (960, 960)),
  ]

  @Test("predicted sizes", arguments: cases)
  func prediction(_ testCase: Case) throws {
    let tier = try #require(ModelSpec.wan27i2v.tier(named: testCase.tier))
    let size = SizePredictor.outputSize(
      width: testCase.input.0, height: testCase.input.1, pixelBudget: tier.pixelBudget)
    #expect(size.width == testCase.output.0 && size.height == testCase.output.1)
    #expect(size.width % 16 == 0 && size.height % 16 == 0)
    #expect(size.width * size.height <= tier.pixelBudget)
  }

  @Test("an exact 16:9 shape predicts 1280x720; its rounded display size 1138x640 does not")
  func exactShape() {
    // 800x640 with pixels 64:45 wide is exactly 16:9; rounded, 1137.78 becomes 1138.
    let exact = SizePredictor.outputSize(width: 16, height: 9, pixelBudget: 1280 * 720)
    #expect(exact.width == 1280 && exact.height == 720)
    let rounded = SizePredictor.outputSize(width: 1138, height: 640, pixelBudget: 1280 * 720)
    #expect(rounded.width == 1280 && rounded.height == 704)
  }

  @Test("a shape too extreme to compute predicts 0 on that axis, without a trap")
  func extremeShape() {
    // A sample aspect ratio of 2147483647:1 on an 8192-pixel-wide frame.
    let wide = SizePredictor.outputSize(
      width: 8192 * Int(Int32.max), height: 1, pixelBudget: 1920 * 1080)
    #expect(wide.width == 0 && wide.height == 0)
    let tall = SizePredictor.outputSize(width: 1, height: Int.max, pixelBudget: Int.max)
    #expect(tall.width == 0 && tall.height == 0)
  }

  @Test("degenerate input predicts nothing")
  func degenerate() {
    let size = SizePredictor.outputSize(width: 0, height: 100, pixelBudget: 921_600)
    #expect(size.width == 0 && size.height == 0)
  }
}

/// The wan2.7-i2v spec holds the documented numbers.
@Suite("Model spec")
struct ModelSpecTests {
  let spec = ModelSpec.wan27i2v

  @Test("the model and its dated snapshots match; other names do not")
  func modelNames() {
    #expect(spec.matches(model: "wan2.7-i2v"))
    #expect(spec.matches(model: "wan2.7-i2v-2026-04-25"))
    for name in [
      "wan2.6-i2v", "wan2.7-i2v-latest", "wan2.7-i2v-2026-4-25", "wan2.7-i2v-", "WAN2.7-I2V",
    ] {
      #expect(!spec.matches(model: name), "\(name)")
    }
  }

  @Test("documented limits and defaults")
  func limits() {
    #expect(spec.image.side == 240...8000 && spec.image.maxAspect == 8)
    #expect(spec.image.maxBytes.certain == 20_000_000 && spec.image.maxBytes.most == 20_971_520)
    #expect(spec.audio.seconds == 2...30 && !spec.audio.base64Allowed)
    #expect(spec.clip.side == 240...4096 && spec.clip.seconds == 2...10)
    #expect(spec.duration == 2...15 && spec.defaultDuration == 5)
    #expect(spec.defaultResolution == .p1080 && spec.outputFPS == 30)
    #expect(spec.tier(named: "720P")?.budgetBasis == .documented)
    #expect(spec.tier(named: "1080P")?.budgetBasis == .assumed)
    #expect(spec.tier(named: "4K") == nil)
  }

  @Test("six legal combinations, in canonical order")
  func combinations() {
    #expect(spec.combinations.count == 6)
    for combination in spec.combinations { #expect(combination == combination.sorted()) }
  }

  @Test("list prices by region and tier")
  func prices() {
    #expect(spec.price(tier: .p720, region: .beijing)?.perSecond == 0.6)
    #expect(spec.price(tier: .p1080, region: .beijing)?.perSecond == 1.0)
    #expect(spec.price(tier: .p1080, region: .singapore)?.perSecond == 1.100886)
  }
}
