import Foundation
import Testing

/// End-to-end tests of `wan-preflight fix`: what it prints, writes and exits with.
@Suite("wan-preflight fix (end to end)")
struct FixCommandTests {
  @Test("a sample mistake is fixed: the table, the files, exit 0, and check passes")
  func fixesSample() throws {
    try withTemporaryDirectory { folder in
      let out = folder.appendingPathComponent("fixed").path
      let result = try CLI.run([
        "fix", "fixtures/requests/mistakes/image_problems.json", "--out", out,
      ])
      #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
      let lines = result.stdout.split(separator: "\n").map(String.init)
      #expect(
        lines.first == "Fixed fixtures/requests/mistakes/image_problems.json → \(out)/request.json")
      #expect(
        lines.contains {
          $0.hasPrefix("first_frame  image_size ") && $0.hasSuffix("200x900 → 240x1080")
        })
      #expect(
        lines.contains { $0.hasPrefix("last_frame   image_alpha ") && $0.hasSuffix("rgba → rgb24") }
      )
      #expect(lines.last == "OK: the fixed request passes check (0 errors, 0 warnings, 0 notes)")
      let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
      #expect(names == ["first_frame.png", "last_frame.png", "request.json"])
      let check = try CLI.run(["check", out + "/request.json"])
      #expect(check.status == 0, "\(check.stdout)")
    }
  }

  @Test("--dry-run --format json prints the plan as wan-preflight.fix/1 and writes nothing")
  func dryRunJSON() throws {
    try withTemporaryDirectory { folder in
      let out = folder.appendingPathComponent("fixed").path
      let result = try CLI.run([
        "fix", "fixtures/requests/mistakes/image_problems.json", "--out", out, "--dry-run",
        "--format", "json",
      ])
      #expect(result.status == 0, "\(result.stderr)")
      let object = try #require(
        try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
      #expect(object["schema"] as? String == "wan-preflight.fix/1")
      #expect(object["dry_run"] as? Bool == true && object["ok"] as? Bool == true)
      let changes = try #require(object["changes"] as? [[String: Any]])
      #expect(
        changes.compactMap { $0["rule"] as? String } == [
          "image_size", "image_alpha", "last_frame_aspect",
        ])
      #expect(!FileManager.default.fileExists(atPath: out))
    }
  }

  @Test("--errors-only leaves the last frame's shape alone")
  func errorsOnly() throws {
    try withTemporaryDirectory { folder in
      let out = folder.appendingPathComponent("fixed").path
      let result = try CLI.run([
        "fix", "fixtures/requests/mistakes/image_problems.json", "--out", out, "--errors-only",
        "--format", "json",
      ])
      #expect(result.status == 0, "\(result.stderr)")
      let object = try #require(
        try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
      let changes = try #require(object["changes"] as? [[String: Any]])
      #expect(changes.compactMap { $0["rule"] as? String } == ["image_size", "image_alpha"])
      let after = try #require(object["after"] as? [String: Any])
      let rules = (after["diagnostics"] as? [[String: Any]])?.compactMap { $0["rule"] as? String }
      #expect(rules == ["last_frame_aspect"])
    }
  }

  @Test("errors no fix removes are listed with why, and the exit is 1")
  func unfixable() throws {
    try withTemporaryDirectory { folder in
      let out = folder.appendingPathComponent("fixed").path
      let result = try CLI.run(["fix", "fixtures/requests/mistakes/bad_values.json", "--out", out])
      #expect(result.status == 1)
      #expect(result.stdout.contains("Not fixable:"))
      #expect(result.stdout.contains("error: [duration_range]"))
      #expect(result.stdout.contains("why: fix rewrites media, not the request's fields"))
      #expect(
        result.stdout.hasSuffix("errors, 0 warnings, 0 notes\n") || result.stdout.contains("NOT OK")
      )
    }
  }

  @Test("an unreadable request is refused; a hostile file writes nothing and names its code")
  func refusals() throws {
    try withTemporaryDirectory { folder in
      let out = folder.appendingPathComponent("fixed").path
      let syntax = try CLI.run([
        "fix", "fixtures/requests/mistakes/syntax_error.json", "--out", out,
      ])
      #expect(syntax.status == 1 && syntax.stdout.contains("[request_json]"))
      let hostile = try CLI.run([
        "fix", "--clip", "fixtures/hostile/files/overflow_co64_offset_int64max.mp4", "--out", out,
      ])
      #expect(hostile.status == 1)
      #expect(
        hostile.stdout.contains("[media_unreadable]") && hostile.stdout.contains("(truncated)"))
      #expect(hostile.stdout.contains("Did not fix"))
      #expect(!FileManager.default.fileExists(atPath: out))
    }
  }

  @Test("a clip is re-encoded with no progress bar when standard error is not a terminal")
  func clipWithoutBar() throws {
    try withTemporaryDirectory { folder in
      let out = folder.appendingPathComponent("fixed").path
      let result = try CLI.run([
        "fix", "--clip", CLI.fixture("video/webm_vp9_2s_320x240.webm"), "--duration", "5",
        "--resolution", "720P", "--out", out, "--preset", "ultrafast",
      ])
      #expect(result.status == 0, "\(result.stdout)")
      #expect(result.stderr == "")
      #expect(result.stdout.contains("first_clip  clip_format  re-encoded as MP4 H.264"))
      let bad = try CLI.run(["fix", "--clip", "x.webm", "--out", out, "--preset", "quick"])
      #expect(bad.status == 2 && bad.stderr.contains("ultrafast"))
    }
  }

  @Test("usage errors exit 2 and say what is allowed")
  func usage() throws {
    let noOut = try CLI.run(["fix", "fixtures/requests/mistakes/image_problems.json"])
    #expect(noOut.status == 2 && noOut.stderr.contains("--out DIR"))
    let colour = try CLI.run([
      "fix", "fixtures/requests/mistakes/image_problems.json", "--out", "x", "--background", "pink",
    ])
    #expect(colour.status == 2 && colour.stderr.contains("--background"))
    let fit = try CLI.run([
      "fix", "fixtures/requests/mistakes/image_problems.json", "--out", "x", "--audio-fit", "cut",
    ])
    #expect(fit.status == 2 && fit.stderr.contains("'fit', 'trim', 'pad' or 'duration'"))
  }

  @Test("--out naming a file is refused with the path, and nothing is written")
  func outIsFile() throws {
    try withTemporaryDirectory { folder in
      let file = folder.appendingPathComponent("taken")
      try Data("x".utf8).write(to: file)
      let result = try CLI.run([
        "fix", "fixtures/requests/mistakes/image_problems.json", "--out", file.path,
      ])
      #expect(result.status == 1)
      #expect(result.stdout.contains("\(file.path) is a file, not a folder"))
      #expect(try Data(contentsOf: file) == Data("x".utf8))
    }
  }

  @Test("--help names every option with examples")
  func help() throws {
    let result = try CLI.run(["fix", "--help"])
    #expect(result.status == 0)
    for word in [
      "--out", "--dry-run", "--errors-only", "--audio-fit", "--aspect", "--background",
      "--to-output-size", "--format", "Examples:",
      "wan-preflight fix requests/cat.json --out fixed",
    ] {
      #expect(result.stdout.contains(word), "\(word)")
    }
  }
}
