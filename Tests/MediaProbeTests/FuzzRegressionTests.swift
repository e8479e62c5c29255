import Foundation
import Testing

@testable import MediaProbe

/// Inputs the fuzzer (`make fuzz`) found crashing, kept in `fixtures/fuzz/probe/` and probed
/// on every test run, from their files and from memory.
@Suite("Fuzz findings")
struct FuzzRegressionTests {
  static let folder = TestPaths.root.appendingPathComponent("fixtures/fuzz/probe").path
  static let files = TestPaths.names(in: "fixtures/fuzz/probe")

  @Test("every saved finding fails with a typed error, from its file and from memory")
  func everyFindingFails() throws {
    #expect(Self.files.count == 1)
    for name in Self.files {
      let path = Self.folder + "/" + name
      #expect(throws: ProbeError.self, "\(name)") { try Prober().probe(path) }
      let bytes = try #require(FileManager.default.contents(atPath: path))
      #expect(throws: ProbeError.self, "\(name)") { try Prober().probe(bytes: bytes, name: name) }
    }
  }

  @Test("a PNG claiming 4210752250x4210752250 is refused with its size, not a crash")
  func pixelCountOverflow() {
    // Guard: pixelCount in the message multiplies with overflow reported; width * height
    // trapped (found after 63,512 inputs of the first run).
    let path = Self.folder + "/png_ihdr_4210752250x4210752250.png"
    let expected = ProbeError(
      path: path,
      reason: .pixelBudgetExceeded(width: 4_210_752_250, height: 4_210_752_250, limit: 8192 * 8192))
    #expect(throws: expected) { try Prober().probe(path) }
    #expect(
      expected.message
        == "the picture is 4210752250x4210752250 (over 9223372036854775807 pixels); the probe "
        + "decodes at most 67108864 pixels")
  }

  @Test("a count of seconds too large for Int prints in exponent form")
  func hugeSeconds() {
    // Guard: formatSeconds (packet timestamps can add up to far more than Int.max seconds).
    #expect(formatSeconds(2.5) == "2.5")
    #expect(formatSeconds(10) == "10")
    #expect(formatSeconds(2e28) == "2e+28")
    #expect(formatSeconds(.infinity) == "inf")
  }

  @Test(
    "a time budget that is infinite, not a number or negative never traps; the last two are 0 s")
  func oddTimeBudgets() throws {
    // Guard: Deadline clamps the budget before converting it to FFmpeg's microseconds.
    let path = TestPaths.fixture("image/png_640x480.png")
    let infinite = Prober(options: ProbeOptions(timeLimitSeconds: .infinity))
    #expect(try infinite.probe(path).video?.width == 640)
    for seconds in [Double.nan, -1] {
      #expect(throws: ProbeError(path: path, reason: .timedOut(0))) {
        try Prober(options: ProbeOptions(timeLimitSeconds: seconds)).probe(path)
      }
    }
  }
}
