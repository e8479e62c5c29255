import Foundation
import Testing

@testable import WanPreflight

/// A request's content is exactly one of parsed, unreadable and unparsable, and a request built
/// in code checks as the same body read from a file.
@Suite("Job requests")
struct JobRequestTests {
  /// `fixtures/media`, as an absolute path, so bodies name media wherever the request lies.
  static let media = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("fixtures/media").path

  /// A body with a first frame, driving audio, a field the API does not have, a duration out of
  /// range and a seed out of range: the check finds something in every stage.
  static var text: String {
    #"""
    {
      "model": "wan2.7-i2v",
      "input": {
        "prompt": "a cat walks in the snow",
        "colour": "blue",
        "media": [
          {"type": "first_frame", "url": "\#(media)/image/png_640x480.png"},
          {"type": "driving_audio", "url": "\#(media)/audio/wav_3s_8000_mono.wav"}
        ]
      },
      "parameters": {"resolution": "720P", "duration": 20, "seed": -1}
    }
    """#
  }

  /// ``text``'s body, built in code as the command line builds one from flags: no positions.
  static var body: SourceNode {
    func object(_ members: [(String, SourceNode)]) -> SourceNode {
      SourceNode(.object(members.map { SourceMember(key: $0.0, value: $0.1) }))
    }
    func string(_ text: String) -> SourceNode { SourceNode(.string(text)) }
    func number(_ literal: String) -> SourceNode { SourceNode(.number(literal)) }
    func item(_ type: String, _ path: String) -> SourceNode {
      object([("type", string(type)), ("url", string("\(media)/\(path)"))])
    }
    return object([
      ("model", string("wan2.7-i2v")),
      (
        "input",
        object([
          ("prompt", string("a cat walks in the snow")), ("colour", string("blue")),
          (
            "media",
            SourceNode(
              .array([
                item("first_frame", "image/png_640x480.png"),
                item("driving_audio", "audio/wav_3s_8000_mono.wav"),
              ]))
          ),
        ])
      ),
      (
        "parameters",
        object([("resolution", string("720P")), ("duration", number("20")), ("seed", number("-1"))])
      ),
    ])
  }

  /// Runs `body` with the path of a new file holding `contents` (or of a name with no file, for
  /// `nil`) in an empty folder that is removed afterwards.
  static func withFile<T>(
    named name: String = "request.json", contents: String?, _ body: (String) async throws -> T
  ) async throws -> T {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("wan-preflight-job-request-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent(name).path
    if let contents { try Data(contents.utf8).write(to: URL(fileURLWithPath: path)) }
    return try await body(path)
  }

  /// A report's diagnostics without where they were found (a body built in code has no lines).
  static func unlocated(_ report: Report) -> [Diagnostic] {
    report.diagnostics.map {
      var diagnostic = $0
      diagnostic.file = nil
      diagnostic.line = nil
      diagnostic.column = nil
      return diagnostic
    }
  }

  /// The media entries as the JSON report writes them.
  static func mediaJSON(_ report: Report) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return try encoder.encode(report.media)
  }

  @Test("a body built in code checks as the same JSON text loaded from a file")
  func roundTrip() async throws {
    // Guard: the check depends on the body only, not on how the request was made; the file
    // adds positions (and its name), nothing else.
    try await Self.withFile(contents: Self.text) { path in
      let loaded = JobRequest.load(file: path)
      var built = JobRequest(body: Self.body, baseDirectory: loaded.baseDirectory)
      // A request from code names its command line when it has one: hints name the same fix.
      built.commandArguments = [path]
      let parsed = JobRequest(
        document: try JSONSourceParser.parse(Array(Self.text.utf8)), file: path,
        baseDirectory: loaded.baseDirectory)
      #expect(loaded == parsed)
      // The same body: the text's, without its positions, is the one built in code.
      #expect(try SourceNode.stripped(#require(loaded.document).root) == Self.body)

      let fromFile = await Preflight().check(loaded)
      let fromCode = await Preflight().check(built)
      let fromText = await Preflight().check(parsed)
      let rules = Set(fromFile.diagnostics.map(\.rule))
      #expect(rules.isSuperset(of: [.unknownField, .durationRange, .seedRange]))
      #expect(fromFile.diagnostics.allSatisfy { $0.file == path && $0.line != nil })
      #expect(Self.unlocated(fromCode) == Self.unlocated(fromFile))
      #expect(fromCode.plan == fromFile.plan && fromFile.plan != nil)
      #expect(try Self.mediaJSON(fromCode) == Self.mediaJSON(fromFile))
      #expect(fromCode.request == nil && fromFile.request == path)
      #expect(try fromText.jsonText() == fromFile.jsonText())
    }
  }

  @Test("a file that parses is parsed: its document, and no load diagnostic")
  func parsed() async throws {
    try await Self.withFile(contents: Self.text) { path in
      let request = JobRequest.load(file: path)
      let document = try JSONSourceParser.parse(Array(Self.text.utf8))
      #expect(request.content == .parsed(document))
      #expect(request.document == document)
      #expect(request.file == path)
      #expect(request.baseDirectory == (path as NSString).deletingLastPathComponent)
      #expect(request.loadDiagnostics.isEmpty)
      let report = await Preflight().check(request)
      #expect(!report.diagnostics.contains { $0.rule == .requestJSON })
    }
    let yaml = "model: wan2.7-i2v\ninput:\n  media: []\n"
    try await Self.withFile(named: "request.yaml", contents: yaml) { path in
      let request = JobRequest.load(file: path)
      let document = try YAMLSourceParser.parse(yaml)
      #expect(request.content == .parsed(document))
    }
    let inCode = JobRequest(body: SourceNode(.object([])))
    #expect(inCode.content == .parsed(SourceDocument(root: SourceNode(.object([])), format: .json)))
    #expect(inCode.file == nil && inCode.baseDirectory == ".")
  }

  @Test(
    "a file that cannot be opened is unreadable: request_json at line 1, column 1",
    arguments: [(nil, "no such file"), ("folder", "is a directory, not a request file")])
  func unreadable(make: String?, message: String) async throws {
    try await Self.withFile(contents: nil) { path in
      if make == "folder" {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
      }
      let request = JobRequest.load(file: path)
      #expect(request.content == .unreadable(RequestFileError(message)))
      #expect(request.document == nil)
      let report = await Preflight().check(request)
      #expect(report.diagnostics.count == 1 && report.plan == nil && report.media.isEmpty)
      let diagnostic = try #require(report.diagnostics.first)
      #expect(diagnostic.rule == .requestJSON && diagnostic.severity == .error)
      #expect(diagnostic.message == "\(path): \(message)")
      #expect(diagnostic.hint == "fix the syntax at line 1, column 1")
      #expect(diagnostic.file == path && diagnostic.line == 1 && diagnostic.column == 1)
    }
  }

  @Test("a file that is read but does not parse is unparsable: request_json where it fails")
  func unparsable() async throws {
    let text = "{\n  \"model\": \"wan2.7-i2v\",\n  \"input\": }\n"
    try await Self.withFile(contents: text) { path in
      let request = JobRequest.load(file: path)
      let parsing = Result { () throws(DocumentParseError) in
        try JSONSourceParser.parse(Array(text.utf8))
      }
      guard case .failure(let error) = parsing else {
        Issue.record("the text parsed")
        return
      }
      #expect(request.content == .unparsable(error))
      #expect(request.document == nil)
      #expect(error.position.line == 3)
      let report = await Preflight().check(request)
      #expect(report.diagnostics.count == 1 && report.plan == nil)
      let diagnostic = try #require(report.diagnostics.first)
      #expect(diagnostic.rule == .requestJSON)
      #expect(diagnostic.message == "\(path): \(error.message)")
      #expect(
        diagnostic.hint
          == "fix the syntax at line \(error.position.line), column \(error.position.column)")
      #expect(diagnostic.line == error.position.line && diagnostic.column == error.position.column)
    }
  }
}

extension SourceNode {
  /// `node` with every position removed: a body built in code has none, and trees read from
  /// different files (JSON, YAML) then compare by their values.
  static func stripped(_ node: SourceNode) -> SourceNode {
    switch node.value {
    case .array(let items): SourceNode(.array(items.map(stripped)))
    case .object(let members):
      SourceNode(.object(members.map { SourceMember(key: $0.key, value: stripped($0.value)) }))
    default: SourceNode(node.value)
    }
  }
}
