import Foundation
import Testing

@testable import WanPreflight

/// Inputs the request fuzzer (`make fuzz`) found crashing, kept in `fixtures/fuzz/request/` and
/// checked on every test run.
@Suite("Fuzz findings (requests)")
struct RequestFuzzRegressionTests {
  static let folder = CheckSupport.root.appendingPathComponent("fixtures/fuzz/request").path

  static func check(_ name: String) async -> Report {
    await Preflight().check(JobRequest.load(file: folder + "/" + name))
  }

  @Test("every saved finding gets a report, not a crash")
  func everyFindingIsReported() async throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder).sorted()
    #expect(
      names == [
        "merge_key_in_flow_mapping.yaml", "not_utf8_as_found.yaml",
        "prompt_shot_ending_at_2e61_seconds.yaml",
      ])
    for name in names {
      #expect(await !Self.check(name).diagnostics.isEmpty, "\(name)")
    }
  }

  @Test("a shot ending at 2.2e61 s is a prompt_shots error, not a trap in Int(_:)")
  func hugeShotEnd() async throws {
    // Guards: formatted and wholeSeconds, which keep huge and infinite values out of Int(_:).
    let report = await Self.check("prompt_shot_ending_at_2e61_seconds.yaml")
    let shots = report.diagnostics.filter { $0.rule == .promptShots }
    #expect(shots.count == 1)
    #expect(shots.first?.message.contains("which ends at 2.2222222222222222e+61 s") == true)
    #expect(shots.first?.hint == "retime the shots: the longest video is 15 s")
  }

  @Test("the YAML file as found is not UTF-8, and is refused at its first bad byte")
  func yamlThatIsNotUTF8() async throws {
    // Guard: YAMLSourceParser.parse(bytes:) validates UTF-8 before decoding, as the JSON parser
    // does; decoding replaced the byte with U+FFFD and the rules ran on a request not in the file.
    let report = await Self.check("not_utf8_as_found.yaml")
    let diagnostic = try #require(report.diagnostics.first)
    #expect(report.diagnostics.count == 1)
    #expect(diagnostic.rule == .requestJSON)
    #expect(
      diagnostic.message.hasSuffix(
        "invalid UTF-8: byte 0xAF (not UTF-8) does not start a valid character"))
    #expect(diagnostic.line == 8 && diagnostic.column == 23)
  }

  @Test("numbers too large for Int print in exponent form; hints stay within the duration range")
  func formatting() {
    #expect(Units.number(2.5) == "2.5")
    #expect(Units.number(12) == "12")
    #expect(Units.number(1e300) == "1e+300")
    #expect(Units.number(.infinity) == "inf")
    #expect(Units.wholeSeconds(5.2, .up, within: 2...15) == 6)
    #expect(Units.wholeSeconds(1e300, .up, within: 2...15) == 15)
    #expect(Units.wholeSeconds(-.infinity, .down, within: 2...15) == 2)
    #expect(Units.wholeSeconds(.nan, .down, within: 2...15) == 15)
  }
}
