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
    // A header, the 44 rules of the design, media_outside and clip_start.
    #expect(lines.count == 1 + 46)
    #expect(lines.contains { $0.hasPrefix("clip_start") && $0.contains("warning") })
    #expect(lines.contains { $0.hasPrefix("image_size") && $0.contains("error") })
    #expect(lines.contains { $0.hasPrefix("url_unverified") && $0.contains("note") })
  }
}

/// `lint` with a configuration file, and `dump-config`.
@Suite("wan-preflight lint configuration (end to end)")
struct LintConfigurationTests {
  @Test("a configuration changes severities and excludes files; a bad one exits 2")
  func configuration() throws {
    try withTemporaryDirectory { directory in
      let config = directory.appendingPathComponent("wan.json")
      try Data(
        #"""
        {"version": 1, "rules": {"image_alpha": "off", "last_frame_aspect": "error"},
         "exclude": ["**/illegal_combination.json"]}
        """#.utf8
      ).write(to: config)
      let folder = CLI.root.appendingPathComponent("fixtures/requests/mistakes").path
      let result = try CLI.run(["lint", "--config", config.path, folder])
      #expect(result.status == 1)
      #expect(!result.stdout.contains("[image_alpha]"))
      #expect(result.stdout.contains("error: [last_frame_aspect]"))
      #expect(!result.stdout.contains("illegal_combination.json"))
      try Data(#"{"version": 3}"#.utf8).write(to: config)
      let bad = try CLI.run(["lint", "--config", config.path, folder])
      #expect(bad.status == 2)
      #expect(
        bad.stderr == "wan-preflight: error: invalid configuration: \(config.path): version 3 "
          + "is not supported; this wan-preflight reads version 1\n")
      let dump = try CLI.run(["dump-config", "--no-config"])
      #expect(dump.status == 0 && dump.stdout.contains("\"region\": \"beijing\""))
    }
  }
}
