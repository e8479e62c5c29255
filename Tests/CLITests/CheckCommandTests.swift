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

  @Test("a request that is not JSON, nested 10,000 deep, or missing, is a located diagnostic")
  func hostileRequests() throws {
    try withTemporaryDirectory { directory in
      let deep = directory.appendingPathComponent("deep.json")
      try Data((String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)).utf8)
        .write(to: deep)
      let binary = directory.appendingPathComponent("binary.json")
      try Data([0x00, 0xFF, 0x10, 0x89]).write(to: binary)
      let fifo = directory.appendingPathComponent("fifo.json").path
      #expect(mkfifo(fifo, 0o644) == 0)
      for (path, message) in [
        (fifo, "\(fifo):1:1: error: [request_json] \(fifo): is not a regular file"),
        (deep.path, "\(deep.path):1:65: error: [request_json]"),
        (binary.path, "\(binary.path):1:1: error: [request_json]"),
        (directory.appendingPathComponent("missing.json").path, "no such file"),
      ] {
        let result = try CLI.run(["check", path])
        #expect(result.status == 1)
        #expect(result.stdout.contains(message), "\(result.stdout)")
      }
    }
  }
}
