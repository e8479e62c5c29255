import Foundation
import Testing

/// End-to-end tests of `wan-preflight lint` and `wan-preflight rules`.
@Suite("wan-preflight lint (end to end)")
struct LintCommandTests {
  static let valid = [
    "fixtures/requests/first_frame.json", "fixtures/requests/first_clip.json",
    "fixtures/requests/first_last_frame_audio.yaml",
  ]

  @Test("valid requests: exit 0, nothing reported; the report alone goes to stdout")
  func valid() throws {
    let result = try CLI.run(["lint"] + Self.valid)
    #expect(result.status == 0)
    #expect(result.stdout == "")
    #expect(result.stderr == "")  // status lines only on a terminal
  }

  @Test("a folder with mistakes: exit 1, gcc-style lines for each")
  func mistakes() throws {
    let result = try CLI.run(["lint", "fixtures/requests"])
    #expect(result.status == 1)
    let lines = result.stdout.split(separator: "\n")
    #expect(lines.allSatisfy { $0.hasPrefix("fixtures/requests/mistakes/") })
    #expect(lines.contains { $0.contains("bad_values.json:6:32: error: [resolution_value]") })
  }

  @Test("--strict fails on warnings; --output writes the report to a file")
  func strictAndOutput() throws {
    let warning = "fixtures/requests/mistakes/audio_base64.json"
    #expect(try CLI.run(["lint", "--strict"] + Self.valid).status == 0)
    try withTemporaryDirectory { directory in
      let output = directory.appendingPathComponent("lint.sarif").path
      let result = try CLI.run(["lint", "--format", "sarif", "--output", output, warning])
      #expect(result.status == 1)
      #expect(result.stdout == "")
      let sarif = try String(contentsOfFile: output, encoding: .utf8)
      #expect(sarif.contains(#""ruleId" : "base64_not_allowed""#))
    }
  }

  @Test("usage errors exit 2", arguments: [["lint"], ["lint", "--format", "checkstyle", "."]])
  func usage(arguments: [String]) throws {
    #expect(try CLI.run(arguments).status == 2)
  }

  @Test("rules lists every rule with its severity")
  func rules() throws {
    let result = try CLI.run(["rules"])
    #expect(result.status == 0)
    let lines = result.stdout.split(separator: "\n")
    #expect(lines.count == 1 + 44)  // a header and the 44 rules of the design
    #expect(lines.contains { $0.hasPrefix("image_size") && $0.contains("error") })
    #expect(lines.contains { $0.hasPrefix("url_unverified") && $0.contains("note") })
  }
}
