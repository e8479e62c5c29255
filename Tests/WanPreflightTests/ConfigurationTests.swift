import Foundation
import Testing

@testable import WanPreflight

/// `.wan-preflight.json`: parsing, rejection, discovery and effect.
@Suite("Configuration")
struct ConfigurationTests {
  static func parse(_ text: String) throws -> Configuration {
    try Configuration.parse(JSONSourceParser.parse(Array(text.utf8)).root, file: "cfg.json")
  }

  @Test("a full configuration parses")
  func full() throws {
    let config = try Self.parse(
      #"""
      {"version": 1, "rules": {"image_animated": "error", "unknown_field": "off"},
       "include": ["jobs/**"], "exclude": ["jobs/drafts/**"], "region": "singapore",
       "prices": {"beijing": {"720P": 0.5}}, "url_mappings": {"https://cdn.example.com/": "assets/"}}
      """#)
    #expect(config.rules == [.imageAnimated: .error, .unknownField: .off])
    #expect(config.include == ["jobs/**"] && config.exclude == ["jobs/drafts/**"])
    #expect(config.region == .singapore)
    #expect(config.apply(to: .wan27i2v).price(tier: "720P", region: .beijing)?.perSecond == 0.5)
    #expect(config.urlMappings == ["https://cdn.example.com/": "assets/"])
  }

  @Test(
    "invalid configurations are refused, naming what is wrong",
    arguments: [
      (#"{"version": 2}"#, "version 2 is not supported; this wan-preflight reads version 1"),
      (#"{"rules": {}}"#, "\"version\": 1 is required"),
      (#"{"version": 1, "colour": true}"#, "unknown key(s) colour"),
      (#"{"version": 1, "rules": {"image_sise": "off"}}"#, "unknown rule id \"image_sise\""),
      (
        #"{"version": 1, "rules": {"image_size": "fatal"}}"#, "use one of off, note, warning, error"
      ),
      (#"{"version": 1, "region": "virginia"}"#, "region must be beijing or singapore"),
    ])
  func refused(text: String, message: String) {
    #expect {
      try Self.parse(text)
    } throws: { error in
      (error as? Configuration.Error)?.description.contains(message) == true
    }
  }

  @Test("rules can be turned off or given another severity")
  func overrides() throws {
    let config = try Self.parse(
      #"{"version": 1, "rules": {"orientation": "error", "url_unverified": "off"}}"#)
    let report = Report(
      request: "r.json",
      diagnostics: [
        Diagnostic(.orientation, at: "/input/media/0", "turned"),
        Diagnostic(.urlUnverified, at: "/input/media/1/url", "remote"),
        Diagnostic(.imageSize, at: "/input/media/2", "small"),
      ], plan: nil, media: [])
    let applied = config.apply(to: report)
    #expect(applied.diagnostics.map(\.rule) == [.orientation, .imageSize])
    #expect(applied.diagnostics.map(\.severity) == [.error, .error])
  }

  @Test("the nearest .wan-preflight.json from a folder up is found")
  func discovery() throws {
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("wan-preflight-config-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let deep = root.appendingPathComponent("a/b/c")
    try FileManager.default.createDirectory(at: deep, withIntermediateDirectories: true)
    try Data(#"{"version": 1}"#.utf8).write(
      to: root.appendingPathComponent("a/.wan-preflight.json"))
    #expect(
      Configuration.discover(from: deep.path)
        == root.appendingPathComponent("a/.wan-preflight.json").path)
  }

  @Test(
    "globs",
    arguments: [
      ("jobs/**", "jobs/a.json", true), ("jobs/**", "jobs/x/y/a.json", true),
      ("jobs/*.json", "jobs/x/a.json", false), ("**/drafts/**", "a/drafts/b.yaml", true),
      ("*.yaml", "a.yml", false), ("job?.json", "job1.json", true),
    ])
  func globs(pattern: String, path: String, matches: Bool) {
    #expect(Glob.matches(pattern, path) == matches)
  }

  @Test("a hosted file is checked against its local copy through url_mappings")
  func urlMappings() async throws {
    var preflight = Preflight()
    preflight.urlMappings = ["https://cdn.example.com/assets/": CheckSupport.media + "/image"]
    let body = CheckSupport.body(media: [
      ("first_frame", "https://cdn.example.com/assets/png_640x480.png"),
      ("last_frame", "https://cdn.example.com/assets/png_200x900.png"),
    ])
    let report = await preflight.check(
      JobRequest(
        document: try JSONSourceParser.parse(Array(body.utf8)), file: "r.json", baseDirectory: "."))
    #expect(report.diagnostics.map(\.rule).contains(.imageSize))
    #expect(!report.diagnostics.contains { $0.rule == .urlUnverified })
    #expect(report.media.first?.probe?.format == "png")
    #expect(report.plan?.output.width == 1104)
  }
}
