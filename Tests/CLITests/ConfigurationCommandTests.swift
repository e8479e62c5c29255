import Foundation
import Testing

/// `check` and `build` follow `.wan-preflight.json` exactly as `lint` does.
@Suite("configuration in check, build and lint (end to end)")
struct ConfigurationCommandTests {
  static let images = CLI.fixture("image")

  /// A folder holding `.wan-preflight.json` (when given) and `r.json`.
  static func withRequest(
    configuration: String?, body: String, _ test: (URL) throws -> Void
  ) throws {
    try withTemporaryDirectory { directory in
      if let configuration {
        try Data(configuration.utf8).write(
          to: directory.appendingPathComponent(".wan-preflight.json"))
      }
      try Data(body.utf8).write(to: directory.appendingPathComponent("r.json"))
      try test(directory)
    }
  }

  static func body(_ media: [(String, String)]) -> String {
    let items = media.map { #"{"type": "\#($0.0)", "url": "\#($0.1)"}"# }.joined(separator: ", ")
    return #"{"model": "wan2.7-i2v", "input": {"prompt": "a cat", "media": [\#(items)]}, "#
      + #""parameters": {"resolution": "720P", "duration": 5}}"#
  }

  /// The diagnostics (rule, severity, pointer) and price of a `wan-preflight.report/1` object.
  struct Verdict: Equatable {
    let diagnostics: [String]
    let price: Double?
    let region: String?

    init(_ report: [String: Any]?) {
      diagnostics = ((report?["diagnostics"] as? [[String: Any]]) ?? []).map {
        "\($0["rule"] ?? "") \($0["severity"] ?? "") \($0["pointer"] ?? "")"
      }.sorted()
      let price = (report?["plan"] as? [String: Any])?["price"] as? [String: Any]
      self.price = price?["amount"] as? Double
      region = price?["region"] as? String
    }
  }

  static func json(_ text: String) throws -> [String: Any]? {
    try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
  }

  @Test("check and lint give the same diagnostics and price under one configuration")
  func checkAgreesWithLint() throws {
    let configuration = """
      {"version": 1, "rules": {"image_size": "warning", "url_unverified": "error"},
       "region": "singapore", "prices": {"singapore": {"720P": 2.5}},
       "url_mappings": {"https://cdn.example.com/assets/": "\(Self.images)"}}
      """
    let body = Self.body([
      ("first_frame", "https://CDN.example.com/assets/png_200x900.png?Signature=s#f"),
      ("last_frame", "https://elsewhere.example.com/end.png"),
    ])
    try Self.withRequest(configuration: configuration, body: body) { directory in
      let request = directory.appendingPathComponent("r.json").path
      let check = try CLI.run(["check", "--format", "json", request])
      let lint = try CLI.run(["lint", "--format", "json", request])
      #expect(check.status == 1 && lint.status == 1)
      let checked = Verdict(try Self.json(check.stdout))
      let linted = Verdict(
        (try Self.json(lint.stdout)?["reports"] as? [[String: Any]])?.first)
      #expect(checked == linted)
      #expect(checked.price == 12.5 && checked.region == "singapore")
      #expect(checked.diagnostics.contains("image_size warning /input/media/0"))
      #expect(checked.diagnostics.contains("url_unverified error /input/media/1/url"))
      #expect(
        !checked.diagnostics.contains { $0.hasPrefix("url_unverified") && $0.hasSuffix("0/url") })
      // Without the file, check sees what the defaults say.
      let plain = Verdict(
        try Self.json(try CLI.run(["check", "--no-config", "--format", "json", request]).stdout))
      #expect(plain.price == 3.0 && plain.region == "beijing")
      #expect(plain.diagnostics.contains("url_unverified note /input/media/0/url"))
      // --region still wins over the configuration's.
      let beijing = Verdict(
        try Self.json(
          try CLI.run(["check", "--region", "beijing", "--format", "json", request]).stdout))
      #expect(beijing.region == "beijing")
    }
  }

  @Test("build follows the configuration found from the request's folder, --config and --no-config")
  func buildFollowsConfiguration() throws {
    let body = Self.body([("first_frame", "\(Self.images)/png_200x900.png")])
    try Self.withRequest(
      configuration: #"{"version": 1, "rules": {"image_size": "warning"}}"#, body: body
    ) { directory in
      let request = directory.appendingPathComponent("r.json").path
      let built = try CLI.run(["build", request])
      #expect(built.status == 0)
      #expect(built.stdout.hasPrefix("{"))
      let refused = try CLI.run(["build", "--no-config", request])
      #expect(refused.status == 1)
      #expect(refused.stderr.contains("error: [image_size]"))
      let other = directory.appendingPathComponent("strict.json")
      try Data(#"{"version": 1, "rules": {"image_size": "error"}}"#.utf8).write(to: other)
      #expect(try CLI.run(["build", "--config", other.path, request]).status == 1)
      try Data(#"{"version": 9}"#.utf8).write(to: other)
      let bad = try CLI.run(["check", "--config", other.path, request])
      #expect(bad.status == 2)
      #expect(
        bad.stderr == "wan-preflight: error: invalid configuration: \(other.path): version 9 is "
          + "not supported; this wan-preflight reads version 1\n")
    }
  }

  @Test("dump-config prints valid JSON for any string, and the file that applies to a request")
  func dumpConfig() throws {
    let configuration = #"""
      {"version": 1, "include": ["a\"b\\c\n\u0001é"], "url_mappings": {"https://x.example/\"q\"/": "assets"}}
      """#
    try Self.withRequest(configuration: configuration, body: "{}") { directory in
      let result = try CLI.run(["dump-config", directory.appendingPathComponent("r.json").path])
      #expect(result.status == 0)
      let object = try Self.json(result.stdout)
      #expect(object?["include"] as? [String] == ["a\"b\\c\n\u{1}é"])
      #expect(
        object?["url_mappings"] as? [String: String] == ["https://x.example/\"q\"/": "assets"])
      #expect(
        result.stderr == "wan-preflight: configuration from "
          + directory.appendingPathComponent(".wan-preflight.json").path + "\n")
    }
  }

  @Test("lint refuses a url_mapping to a folder outside the repository, naming it: exit 2")
  func mappingOutsideRepository() throws {
    try Self.withRequest(
      configuration: #"{"version": 1, "url_mappings": {"https://cdn.example.com/": "/etc"}}"#,
      body: Self.body([("first_frame", "https://cdn.example.com/passwd")])
    ) { directory in
      let result = try CLI.run(["lint", directory.path])
      #expect(result.status == 2)
      #expect(result.stderr.hasPrefix("wan-preflight: error: invalid configuration: "))
      #expect(
        result.stderr.contains(
          "url_mappings.https://cdn.example.com/ maps to /etc, which is outside the repository"))
      #expect(result.stderr.split(separator: "\n").count == 1)
    }
  }
}
