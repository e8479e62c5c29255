import Foundation
import Testing

/// End-to-end tests of `wan-preflight lint` and `wan-preflight rules`.
@Suite("wan-preflight lint (end to end)")
struct LintCommandTests {
  static let valid = [
    "fixtures/requests/first_frame.json", "fixtures/requests/first_clip.json",
    "fixtures/requests/first_last_frame_audio.yaml",
  ]

  @Test("valid requests: exit 0, only the budget reported; the report alone goes to stdout")
  func valid() throws {
    let result = try CLI.run(["lint"] + Self.valid)
    #expect(result.status == 0)
    // 5 + 8 + 3 s at 720P, 0.6 CNY a second in Beijing.
    #expect(
      result.stdout == """
        budget: 3 request(s), 16 s billed
        budget: beijing 720P: 3 request(s), 16 s, 9.60 CNY
        budget: total: 9.60 CNY (list price; may have changed)
        budget: a new beijing account has 50 free seconds for 90 days (secondary source), not subtracted

        """)
    #expect(result.stderr == "")  // status lines only on a terminal
  }

  @Test("a folder with mistakes: exit 1, gcc-style lines for each")
  func mistakes() throws {
    let result = try CLI.run(["lint", "fixtures/requests"])
    #expect(result.status == 1)
    let lines = result.stdout.split(separator: "\n").filter { !$0.hasPrefix("budget: ") }
    #expect(lines.allSatisfy { $0.hasPrefix("fixtures/requests/mistakes/") })
    #expect(lines.contains { $0.contains("bad_values.json:6:32: error: [resolution_value]") })
  }

  @Test("--format codeclimate: an issue per diagnostic with GitLab's keys, the same each run")
  func codeclimate() throws {
    let result = try CLI.run(["lint", "--format", "codeclimate", "fixtures/requests"])
    #expect(result.status == 1)
    let issues = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    let json = try CLI.run(["lint", "--format", "json", "fixtures/requests"])
    let document = try #require(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let counted = ["errors", "warnings", "notes"].compactMap { document[$0] as? Int }
    #expect(issues.count == counted.reduce(0, +))
    let severities = Set(issues.compactMap { $0["severity"] as? String })
    #expect(severities == ["critical", "minor", "info"])
    let bad = issues.first { ($0["check_name"] as? String) == "resolution_value" }
    let location = bad?["location"] as? [String: Any]
    #expect(location?["path"] as? String == "fixtures/requests/mistakes/bad_values.json")
    #expect((location?["lines"] as? [String: Any])?["begin"] as? Int == 6)
    let fingerprints = issues.compactMap { $0["fingerprint"] as? String }
    #expect(Set(fingerprints).count == issues.count)
    let again = try CLI.run(["lint", "--format", "codeclimate", "fixtures/requests"])
    #expect(again.stdout == result.stdout)
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

  @Test("files named that are not wan2.7-i2v requests are skipped: lint package.json exits 0")
  func namedNonRequests() throws {
    try withTemporaryDirectory { directory in
      let package = directory.appendingPathComponent("package.json").path
      let t2v = directory.appendingPathComponent("t2v.json").path
      try Data(#"{"name": "site", "version": "1.0.0"}"#.utf8).write(
        to: URL(fileURLWithPath: package))
      try Data(#"{"model": "wan2.7-t2v", "input": {"prompt": "a cat"}}"#.utf8).write(
        to: URL(fileURLWithPath: t2v))
      let result = try CLI.run(["lint", package])
      #expect(result.status == 0 && result.stdout == "" && result.stderr == "")
      let json = try CLI.run(["lint", "--format", "json", package, t2v])
      #expect(json.status == 0)
      let object =
        try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
      #expect(object?["requests"] as? Int == 0)
      #expect(object?["skipped"] as? Int == 1)
      #expect(object?["other_models"] as? Int == 1)
    }
  }

  @Test(
    "on a terminal, the status line counts requests, other files and other Wan models",
    .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
  func statusLine() throws {
    try withTemporaryDirectory { directory in
      let t2v = directory.appendingPathComponent("t2v.json").path
      try Data(#"{"model": "wan2.7-t2v", "input": {"prompt": "a cat"}}"#.utf8).write(
        to: URL(fileURLWithPath: t2v))
      let other = directory.appendingPathComponent("notes.json").path
      try Data(#"{"notes": []}"#.utf8).write(to: URL(fileURLWithPath: other))
      // script(1) gives the command a terminal for standard error (and output).
      let command = [CLI.binary.path, "lint", "--color", "never", Self.valid[0], t2v, other]
        .map { "'\($0)'" }.joined(separator: " ")
      let result = try CLI.runCommand("/usr/bin/script", ["-qec", command, "/dev/null"])
      #expect(result.status == 0)
      #expect(
        result.stdout.contains(
          "wan-preflight: 1 request(s), 1 other file(s) skipped, 1 other Wan model(s) skipped: "
            + "0 error(s), 0 warning(s), 0 note(s)"))
    }
  }

  @Test("a path that does not exist or cannot be read: one line naming it, exit 2")
  func unusablePaths() throws {
    let missing = try CLI.run(["lint", "fixtures/requests/first_frame.json", "no-such-path"])
    #expect(missing.status == 2)
    #expect(missing.stdout == "")
    #expect(missing.stderr == "wan-preflight: error: no-such-path: no such file or folder\n")
    try withTemporaryDirectory { directory in
      let fifo = directory.appendingPathComponent("queue.json").path
      #expect(mkfifo(fifo, 0o600) == 0)
      let result = try CLI.run(["lint", fifo])
      #expect(result.status == 2)
      #expect(result.stderr == "wan-preflight: error: \(fifo): is not a regular file\n")
    }
  }

  @Test("--output into a missing folder or onto a folder: one line naming it, exit 2")
  func unusableOutput() throws {
    try withTemporaryDirectory { directory in
      let missing = directory.appendingPathComponent("no/such/lint.sarif").path
      let result = try CLI.run(["lint", "--output", missing] + Self.valid)
      #expect(result.status == 2)
      #expect(
        result.stderr == "wan-preflight: error: \(missing): the folder "
          + "\(directory.path)/no/such does not exist\n")
      let file = directory.appendingPathComponent("file").path
      try Data().write(to: URL(fileURLWithPath: file))
      let under = try CLI.run(["lint", "--output", file + "/lint.sarif"] + Self.valid)
      #expect(under.status == 2)
      #expect(under.stderr == "wan-preflight: error: \(file)/lint.sarif: \(file) is not a folder\n")
      let onto = try CLI.run(["lint", "--output", directory.path] + Self.valid)
      #expect(onto.status == 2)
      #expect(
        onto.stderr
          == "wan-preflight: error: \(directory.path): is a folder; --output takes a file\n")
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
      #expect(dump.status == 0)
      let object =
        try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any]
      #expect(object?["region"] as? String == "beijing")
    }
  }
}
