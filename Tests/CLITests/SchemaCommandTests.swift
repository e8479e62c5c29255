import Foundation
import Testing

/// The JSON the commands print matches the schemas under `schemas/`, checked by Python's
/// `jsonschema` (through `scripts/validate-json.py`) as any consumer would check it.
@Suite("JSON outputs against schemas/")
struct SchemaCommandTests {
  static let validator = CLI.root.appendingPathComponent("scripts/validate-json.py").path
  static let corpus = CLI.root.appendingPathComponent("../shared/corpus").standardized

  /// Whether python3 with the jsonschema package is here; `make test-tools` installs it.
  static let validatorAvailable: Bool = {
    (try? CLI.runCommand("/usr/bin/env", ["python3", "-c", "import jsonschema"]))?.status == 0
  }()

  /// Validates `document` against schema `name`; the validator's status and its error lines.
  static func validate(_ document: String, against name: String) throws -> CLIResult {
    try withTemporaryDirectory { directory in
      let file = directory.appendingPathComponent("document.json")
      try Data(document.utf8).write(to: file)
      return try CLI.runCommand("/usr/bin/env", ["python3", validator, name, file.path])
    }
  }

  /// Expects `document` to match schema `name`, naming the first mismatches when it does not.
  static func expectValid(_ document: String, _ name: String, _ what: String) throws {
    let result = try validate(document, against: name)
    #expect(result.status == 0, "\(what): \(result.stdout)\(result.stderr)")
  }

  static func requestFiles() throws -> [String] {
    let folder = CLI.root.appendingPathComponent("fixtures/requests")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    let mistakes = try FileManager.default.contentsOfDirectory(
      atPath: folder.appendingPathComponent("mistakes").path
    ).sorted()
    return names.filter { $0.hasSuffix(".json") || $0.hasSuffix(".yaml") }.map {
      "fixtures/requests/" + $0
    } + mistakes.map { "fixtures/requests/mistakes/" + $0 }
  }

  @Test(
    "every request fixture's check --format json is a wan-preflight.report/1",
    .enabled(if: validatorAvailable, "python3 -c 'import jsonschema' fails: make test-tools"))
  func checkReports() throws {
    let files = try Self.requestFiles()
    #expect(files.count == 13)
    for file in files {
      let result = try CLI.run(["check", "--format", "json", file])
      #expect([0, 1].contains(result.status), "\(file): \(result.stderr)")
      try Self.expectValid(result.stdout, "report", file)
    }
  }

  @Test(
    "lint --format json over the fixtures is a wan-preflight.lint/1",
    .enabled(if: validatorAvailable, "python3 -c 'import jsonschema' fails: make test-tools"))
  func lintDocument() throws {
    let result = try CLI.run(["lint", "--format", "json", "fixtures/requests"])
    #expect(result.status == 1)
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    #expect(object?["requests"] as? Int == 13)
    try Self.expectValid(result.stdout, "lint", "lint fixtures/requests")
  }

  @Test(
    "probe --format json of every fixture and corpus file is a wan-preflight.probe/1",
    .enabled(if: validatorAvailable, "python3 -c 'import jsonschema' fails: make test-tools"))
  func probeDocuments() throws {
    var files: [String] = []
    for root in [CLI.root.appendingPathComponent("fixtures/media"), Self.corpus] {
      let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
      while let url = walker?.nextObject() as? URL {
        guard !["tsv", "md"].contains(url.pathExtension) else { continue }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder),
          !isFolder.boolValue
        {
          files.append(url.path)
        }
      }
    }
    #expect(files.count > 187)
    let result = try CLI.run(["probe", "--format", "json"] + files.sorted())
    #expect(result.status == 1)  // the broken fixtures fail, each with its error object
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    #expect((object?["failed"] as? Int ?? 0) > 0 && (object?["probed"] as? Int ?? 0) > 100)
    try Self.expectValid(result.stdout, "probe", "probe of \(files.count) files")
  }

  @Test(
    "rules --format json is a wan-preflight.rules/1",
    .enabled(if: validatorAvailable, "python3 -c 'import jsonschema' fails: make test-tools"))
  func rulesDocument() throws {
    let result = try CLI.run(["rules", "--format", "json"])
    #expect(result.status == 0)
    try Self.expectValid(result.stdout, "rules", "rules --format json")
  }

  @Test(
    "every golden build body matches the request schema",
    .enabled(if: validatorAvailable, "python3 -c 'import jsonschema' fails: make test-tools"))
  func goldenBodies() throws {
    let folder = CLI.root.appendingPathComponent("Tests/WanPreflightTests/Golden")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    #expect(names.count == 7)
    for name in names {
      let text = try String(
        contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
      try Self.expectValid(text, "request", name)
    }
  }

  @Test(
    "a configuration with $schema validates, is read by check, and its schema refuses a typo",
    .enabled(if: validatorAvailable, "python3 -c 'import jsonschema' fails: make test-tools"))
  func configuration() throws {
    let configuration = """
      {"$schema": "../schemas/configuration.schema.json", "version": 1,
       "rules": {"image_animated": "error", "unknown_field": "off"},
       "include": ["jobs/**"], "region": "singapore",
       "prices": {"singapore": {"720P": 0.5}},
       "url_mappings": {"https://cdn.example.com/media/": "fixtures/media"}}
      """
    try Self.expectValid(configuration, "configuration", "configuration")
    try withTemporaryDirectory { directory in
      try Data(configuration.utf8).write(
        to: directory.appendingPathComponent(".wan-preflight.json"))
      let result = try CLI.run(
        ["dump-config", "--config", directory.appendingPathComponent(".wan-preflight.json").path])
      #expect(result.status == 0, "\(result.stderr)")
      #expect(result.stdout.contains("\"singapore\""))
    }
    let typo = try Self.validate(
      #"{"version": 1, "rules": {"image_animatd": "error"}}"#, against: "configuration")
    #expect(typo.status == 1)
    #expect(typo.stdout.contains("/rules"))
  }

  @Test(
    "a document that does not match fails the validator, naming the place",
    .enabled(if: validatorAvailable, "python3 -c 'import jsonschema' fails: make test-tools"))
  func negative() throws {
    let result = try CLI.run(["check", "--format", "json", "fixtures/requests/first_frame.json"])
    var object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    var plan = try #require(object["plan"] as? [String: Any])
    plan["billed_seconds"] = "five"
    object["plan"] = plan
    object["surprise"] = true
    let broken = String(
      decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    let checked = try Self.validate(broken, against: "report")
    #expect(checked.status == 1)
    #expect(checked.stdout.contains("/plan/billed_seconds: 'five' is not of type 'integer'"))
    #expect(checked.stdout.contains("'surprise' was unexpected"))
    let probe = try Self.validate(#"{"schema": "wan-preflight.probe/2"}"#, against: "probe")
    #expect(probe.status == 1)
  }
}
