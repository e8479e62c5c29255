import Foundation
import Testing

/// End-to-end tests of `wan-preflight check`.
@Suite("wan-preflight check (end to end)")
struct CheckCommandTests {
  @Test(
    "the six sample tasks pass with exit 0",
    arguments: [
      "first_frame.json", "first_frame_audio.json", "first_last_frame.json",
      "first_last_frame_audio.yaml", "first_clip.json", "first_clip_last_frame.json",
    ])
  func samplesPass(file: String) throws {
    let result = try CLI.run(["check", "fixtures/requests/" + file])
    #expect(result.status == 0, "\(result.stdout)")
    #expect(result.stdout.hasPrefix("Plan: wan2.7-i2v"))
    #expect(result.stdout.hasSuffix("OK: 0 errors, 0 warnings, 0 notes\n"))
    #expect(result.stderr == "")
  }

  @Test(
    "the sample mistakes fail with exit 1 and name their rules",
    arguments: [
      ("legacy_body.json", ["legacy_fields", "media_missing"]),
      ("bad_values.json", ["resolution_value", "duration_range", "seed_range", "flag_type"]),
      ("illegal_combination.json", ["media_combination"]),
      ("image_problems.json", ["image_size", "image_alpha"]),
      ("clip_too_long.json", ["clip_duration", "clip_size", "clip_vs_duration"]),
      ("audio_base64.json", ["base64_not_allowed"]),
      ("syntax_error.json", ["request_json"]),
    ])
  func mistakesFail(file: String, rules: [String]) throws {
    let path = "fixtures/requests/mistakes/" + file
    let result = try CLI.run(["check", path])
    #expect(result.status == 1)
    for rule in rules {
      #expect(result.stdout.contains("error: [\(rule)]"), "\(rule) in \(result.stdout)")
    }
    // gcc-style locations that editors and problem matchers read.
    #expect(result.stdout.contains("\(path):"))
  }

  @Test("--format json prints the wan-preflight.report/1 document")
  func json() throws {
    let result = try CLI.run(["check", "--format", "json", "fixtures/requests/first_frame.json"])
    #expect(result.status == 0)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(object["schema"] as? String == "wan-preflight.report/1")
    #expect(object["request"] as? String == "fixtures/requests/first_frame.json")
    #expect(object["ok"] as? Bool == true)
    let output = (object["plan"] as? [String: Any])?["output"] as? [String: Any]
    #expect(output?["width"] as? Int == 816 && output?["height"] as? Int == 1104)
    #expect(output?["basis"] as? String == "predicted")
  }

  @Test("flags build a request; relative paths are the working directory's")
  func flags() throws {
    let result = try CLI.run([
      "check", "--first-frame", "fixtures/media/image/png_750x1000.png", "--duration", "5",
      "--resolution", "720P", "--format", "json",
    ])
    #expect(result.status == 0)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(object["request"] is NSNull)
    #expect((object["plan"] as? [String: Any])?["task"] as? String == "first_frame")
  }

  @Test("flags override a request file's fields")
  func flagsOverride() throws {
    let result = try CLI.run([
      "check", "fixtures/requests/mistakes/bad_values.json", "--duration", "6", "--resolution",
      "720P", "--seed", "1", "--no-watermark",
    ])
    #expect(result.status == 0, "\(result.stdout)")
  }

  @Test("--strict fails on warnings")
  func strict() throws {
    let arguments = [
      "check", "--first-frame", "fixtures/media/image/jpeg_exif_orientation6.jpg",
      "--duration", "5", "--resolution", "720P",
    ]
    let relaxed = try CLI.run(arguments)
    #expect(relaxed.status == 0)
    #expect(relaxed.stdout.contains("warning: [orientation]"))
    let strict = try CLI.run(arguments + ["--strict"])
    #expect(strict.status == 1)
  }

  @Test(
    "usage errors exit 2",
    arguments: [
      ["check"], ["check", "--format", "xml", "a.json"],
      ["check", "--region", "virginia", "a.json"],
    ])
  func usage(arguments: [String]) throws {
    let result = try CLI.run(arguments)
    #expect(result.status == 2)
    #expect(result.stdout == "")
  }

  @Test("colour only when asked for, never with NO_COLOR; never when not a terminal")
  func color() throws {
    let file = "fixtures/requests/mistakes/bad_values.json"
    #expect(!(try CLI.run(["check", file]).stdout.contains("\u{1B}[")))
    #expect(try CLI.run(["check", "--color", "always", file]).stdout.contains("\u{1B}[31m"))
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    #expect(
      !(try CLI.run(["check", "--color", "auto", file], environment: environment).stdout
        .contains("\u{1B}[")))
  }

  @Test("a request that is not JSON or nested 10,000 deep is a located diagnostic")
  func hostileRequests() throws {
    try withTemporaryDirectory { directory in
      let deep = directory.appendingPathComponent("deep.json")
      try Data((String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)).utf8)
        .write(to: deep)
      let binary = directory.appendingPathComponent("binary.json")
      try Data([0x00, 0xFF, 0x10, 0x89]).write(to: binary)
      for (path, message) in [
        (deep.path, "\(deep.path):1:65: error: [request_json]"),
        (binary.path, "\(binary.path):1:1: error: [request_json]"),
      ] {
        let result = try CLI.run(["check", path])
        #expect(result.status == 1)
        #expect(result.stdout.contains(message), "\(result.stdout)")
      }
    }
  }

  @Test("a request path that cannot be opened is one line naming it, exit 2, for check and build")
  func unopenableRequests() throws {
    // Found in review of issue #10: a folder or FIFO was a request_json "diagnostic" (exit 1).
    try withTemporaryDirectory { directory in
      let fifo = directory.appendingPathComponent("fifo.json").path
      #expect(mkfifo(fifo, 0o644) == 0)
      let missing = directory.appendingPathComponent("missing.json").path
      for (path, reason) in [
        (fifo, "is not a regular file"), (missing, "no such file"),
        (directory.path, "is a directory, not a request file"),
      ] {
        for command in ["check", "build"] {
          let result = try CLI.run([command, path])
          #expect(result.status == 2, "\(command) \(path)")
          #expect(result.stdout == "")
          #expect(result.stderr == "wan-preflight: error: \(path): \(reason)\n")
        }
      }
    }
  }

  @Test(
    "an unreadable request file is one line naming it, exit 2 (skipped as root, who reads it anyway)",
    .disabled(if: getuid() == 0, "root reads a file of mode 000"))
  func unreadableRequest() throws {
    try withTemporaryDirectory { directory in
      let file = directory.appendingPathComponent("locked.json")
      try Data("{}".utf8).write(to: file)
      #expect(chmod(file.path, 0) == 0)
      let result = try CLI.run(["check", file.path])
      #expect(result.status == 2)
      #expect(result.stderr == "wan-preflight: error: \(file.path): permission denied\n")
    }
  }

  @Test("a local media path given as a flag that cannot be opened is one line naming it, exit 2")
  func unopenableMediaFlags() throws {
    for (arguments, line) in [
      (
        ["--first-frame", "no/such.png"],
        "wan-preflight: error: no/such.png: no such file (given as --first-frame)"
      ),
      (
        ["--first-frame", "fixtures/media/image/png_640x480.png", "--audio", "fixtures/media"],
        "wan-preflight: error: fixtures/media: is a folder, not a media file (given as --audio)"
      ),
    ] {
      let result = try CLI.run(["check"] + arguments)
      #expect(result.status == 2)
      #expect(result.stdout == "")
      #expect(result.stderr == line + "\n")
    }
  }

  @Test("diagnostics about flag-given values are located at the flag, in text and JSON")
  func flagLocations() throws {
    let file = "fixtures/requests/first_frame.json"
    let text = try CLI.run(["check", file, "--duration", "20"])
    #expect(text.status == 1)
    #expect(
      text.stdout.contains(
        "\n--duration 20: error: [duration_range] duration is 20 s; allowed: 2…15 s\n"))
    #expect(!text.stdout.contains("\(file):"))
    let image = "fixtures/media/image/png_200x900.png"
    let media = try CLI.run(["check", file, "--first-frame", image])
    #expect(
      media.stdout.contains("\n--first-frame \(image): error: [image_size]"), "\(media.stdout)")
    let json = try CLI.run(["check", file, "--duration", "20", "--format", "json"])
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    #expect(object["request"] as? String == file)
    let diagnostic = try #require((object["diagnostics"] as? [[String: Any]])?.first)
    #expect(diagnostic["flag"] as? String == "--duration")
    #expect(diagnostic["flag_value"] as? String == "20")
    #expect(diagnostic["file"] == nil && diagnostic["line"] == nil && diagnostic["column"] == nil)
  }

  @Test("a flag overrides every repeat of its key in the file: no repeat is reported at the flag")
  func flagOverridesRepeats() throws {
    try withTemporaryDirectory { directory in
      let request = directory.appendingPathComponent("r.json")
      let image = CLI.fixture("image/png_750x1000.png")
      try Data(
        (#"{"model": "wan2.7-i2v", "input": {"media": [{"type": "first_frame", "url": ""# + image
          + #""}]}, "parameters": {"resolution": "720P", "duration": 5, "duration": 20}}"#).utf8
      ).write(to: request)
      let repeated = try CLI.run(["check", request.path])
      #expect(repeated.status == 1)
      #expect(repeated.stdout.contains("error: [request_schema] \"duration\" appears twice"))
      let result = try CLI.run(["check", request.path, "--duration", "6"])
      #expect(result.status == 0, "\(result.stdout)")
      #expect(result.stdout.contains("· 6 s, 180 frames at 30 fps"))
      #expect(result.stdout.hasSuffix("OK: 0 errors, 0 warnings, 0 notes\n"))
    }
  }

  @Test("--resolution is case-insensitive: 720p is 720P")
  func resolutionCase() throws {
    let result = try CLI.run([
      "check", "--first-frame", "fixtures/media/image/png_750x1000.png", "--duration", "5",
      "--resolution", "720p", "--format", "json",
    ])
    #expect(result.status == 0, "\(result.stdout)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect((object["plan"] as? [String: Any])?["resolution"] as? String == "720P")
    #expect((object["diagnostics"] as? [Any])?.isEmpty == true)
  }

  @Test("--duration that is not a whole number is a usage error with ArgumentParser's message")
  func durationNotANumber() throws {
    for value in ["abc", "5.5"] {
      let result = try CLI.run(["check", "fixtures/requests/first_frame.json", "--duration", value])
      #expect(result.status == 2)
      #expect(result.stdout == "")
      #expect(
        result.stderr.hasPrefix(
          "Error: The value '\(value)' is invalid for '--duration <duration>'"))
    }
  }
}
