import Foundation
import Testing

/// A faststart MP4 whose `mdat` states a 64-bit size near `Int64.max`, through the built binary:
/// `probe`, `check` (the file by path and as a `data:` URI) and `lint` all died with exit 132
/// and a stack trace when IsoBoxScanner added that size to its offset.
@Suite("Sizes read from a file (end to end)")
struct OverflowCommandTests {
  static let mp4 = CLI.root.appendingPathComponent("fixtures/hostile/files/overflow_mdat_64bit.mp4")
    .path
  static let message =
    "the file is truncated: the 'mdat' box at byte 4477 states 9223372036854775792 bytes; "
    + "the file has 39255"

  /// A request whose one media item is `type` at `url`.
  static func request(type: String, url: String) -> Data {
    let object: [String: Any] = [
      "model": "wan2.7-i2v",
      "input": ["prompt": "A slow pan.", "media": [["type": type, "url": url]]],
      "parameters": ["resolution": "720P", "duration": 5],
    ]
    return (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
  }

  /// Exit 1, nothing on stderr that looks like a crash report.
  static func expectCleanFailure(_ result: CLIResult) {
    #expect(result.status == 1, "\(result.stderr)")
    #expect(!result.stderr.contains("crashed") && !result.stderr.contains("Backtrac"))
  }

  /// The probe error of the report's only media item, from `check`'s or `lint`'s JSON report.
  static func mediaError(_ report: [String: Any]?) -> [String: Any]? {
    ((report?["media"] as? [[String: Any]])?.first)?["error"] as? [String: Any]
  }

  @Test("probe: exit 1 and the error code truncated, no stack trace")
  func probe() throws {
    // Guard: IsoBoxScanner's checked walk, ProbeRun's box-past-the-end check.
    let result = try CLI.run(["probe", "--format", "json", Self.mp4])
    Self.expectCleanFailure(result)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let error = (object["files"] as? [[String: Any]])?.first?["error"] as? [String: Any]
    #expect(error?["code"] as? String == "truncated")
    #expect(error?["message"] as? String == Self.message)
  }

  @Test("check of the MP4 as a first clip and as a data: URI first frame: exit 1, truncated")
  func check() throws {
    // Guard: the same, for a file read by path and for bytes decoded from a data: URI.
    let base64 = try #require(FileManager.default.contents(atPath: Self.mp4)).base64EncodedString()
    try withTemporaryDirectory { folder in
      for (type, url) in [
        ("first_clip", Self.mp4), ("first_frame", "data:image/png;base64," + base64),
      ] {
        let path = folder.appendingPathComponent("\(type).json").path
        try Self.request(type: type, url: url).write(to: URL(fileURLWithPath: path))
        let result = try CLI.run(["check", "--format", "json", path])
        Self.expectCleanFailure(result)
        let report =
          try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(Self.mediaError(report)?["code"] as? String == "truncated", "\(type)")
        let rules = (report?["diagnostics"] as? [[String: Any]])?.map { $0["rule"] as? String }
        #expect(rules == ["media_unreadable"], "\(type)")
      }
    }
  }

  @Test("lint of a folder whose request names the MP4: exit 1, truncated")
  func lint() throws {
    // Guard: the same, through the linter's concurrent probes.
    try withTemporaryDirectory { folder in
      let path = folder.appendingPathComponent("clip.json").path
      try Self.request(type: "first_clip", url: Self.mp4).write(to: URL(fileURLWithPath: path))
      let result = try CLI.run(["lint", "--format", "json", folder.path])
      Self.expectCleanFailure(result)
      let object =
        try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
      let reports = try #require(object?["reports"] as? [[String: Any]])
      #expect(reports.count == 1)
      #expect(Self.mediaError(reports.first)?["code"] as? String == "truncated")
    }
  }
}
