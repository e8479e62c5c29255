import Testing

@testable import WanPreflight

/// The node model: JSON Pointers, fallback positions and numbers as written.
@Suite("Source document")
struct SourceDocumentTests {
  static let request = """
    {
      "model": "wan2.7-i2v",
      "input": {"media": [{"type": "first_frame", "url": "cat.png"}]},
      "parameters": {"duration": 5, "a/b": {"c~d": true}, "~1": null}
    }
    """

  static func document() throws -> SourceDocument {
    try JSONSourceParser.parse(Array(request.utf8))
  }

  @Test("JSONPointer.make escapes ~ as ~0 and / as ~1")
  func makePointers() {
    #expect(JSONPointer.make(["input", "media", "0"]) == "/input/media/0")
    #expect(JSONPointer.make([]) == "")
    #expect(JSONPointer.make([""]) == "/")
    #expect(JSONPointer.make(["a/b", "c~d"]) == "/a~1b/c~0d")
    #expect(JSONPointer.make(["~1"]) == "/~01")
  }

  @Test("JSONPointer.tokens unescapes ~1 before ~0, so ~01 is ~1")
  func tokens() {
    #expect(JSONPointer.tokens("") == [])
    #expect(JSONPointer.tokens("/") == [""])
    #expect(JSONPointer.tokens("/input/media/0") == ["input", "media", "0"])
    #expect(JSONPointer.tokens("/a~1b/c~0d") == ["a/b", "c~d"])
    #expect(JSONPointer.tokens("/~01") == ["~1"])
    #expect(JSONPointer.tokens(JSONPointer.make(["猫/~", "x"])) == ["猫/~", "x"])
  }

  @Test("node(at:) follows members and indexes; escaped keys resolve")
  func nodes() throws {
    let document = try Self.document()
    #expect(document.node(at: "") == document.root)
    #expect(document.node(at: "/input/media/0/url")?.stringValue == "cat.png")
    #expect(document.node(at: "/parameters/a~1b/c~0d")?.value == .bool(true))
    #expect(document.node(at: "/parameters/~01")?.value == .null)
    #expect(document.node(at: "/parameters/~1") == nil)
  }

  @Test(
    "node(at:) is nil for absent members, bad indexes and malformed pointers",
    arguments: [
      "/nope", "/input/media/1", "/input/media/-", "/input/media/00", "/input/media/+0",
      "/input/media/ 0", "/model/0", "/parameters/duration/x", "input", "/parameters/~2",
      "/parameters/a~",
    ])
  func absent(pointer: String) throws {
    #expect(try Self.document().node(at: pointer) == nil)
  }

  @Test("position(for:) gives the node's own position, else its deepest existing ancestor's")
  func fallbackPositions() throws {
    let document = try Self.document()
    // "parameters": { starts at 4:17; its "duration" value at 4:30.
    #expect(
      document.position(for: "/parameters/duration")
        == SourcePosition(line: 4, column: 30, offset: 123))
    #expect(
      document.position(for: "/parameters/resolution")
        == SourcePosition(line: 4, column: 17, offset: 110))
    #expect(
      document.position(for: "/input/media/3/url")
        == SourcePosition(line: 3, column: 22, offset: 48))
    #expect(
      document.position(for: "/missing/deeper") == SourcePosition(line: 1, column: 1, offset: 0))
    #expect(document.position(for: "no-slash") == nil)
  }

  @Test("a document built in code has no positions to give")
  func builtInCode() {
    let document = SourceDocument(
      root: SourceNode(.object([SourceMember(key: "model", value: SourceNode(.string("x")))])),
      format: .json)
    #expect(document.node(at: "/model")?.stringValue == "x")
    #expect(document.position(for: "/model") == nil)
  }

  @Test("a repeated key: node(at:) and the subscript take the last; members keep both")
  func duplicates() throws {
    let document = try JSONSourceParser.parse(Array(#"{"a": 1, "b": 0, "a": 2}"#.utf8))
    #expect(document.root.members?.map(\.key) == ["a", "b", "a"])
    #expect(document.node(at: "/a")?.value == .number("2"))
    #expect(document.root["a"]?.position == SourcePosition(line: 1, column: 23, offset: 22))
  }

  @Test(
    "SourceNumber keeps the literal: integers, decimals and exponents stay apart",
    arguments: [
      ("5", true, Int64(5), 5.0),
      ("-12", true, -12, -12.0),
      ("0", true, 0, 0.0),
      ("-0", true, 0, -0.0),
      ("5.0", false, nil, 5.0),
      ("5e0", false, nil, 5.0),
      ("1E+2", false, nil, 100.0),
      ("9223372036854775807", true, Int64.max, 9.223372036854775807e18),
      ("9223372036854775808", true, nil, 9.223372036854775808e18),
      ("-9223372036854775808", true, Int64.min, -9.223372036854775808e18),
    ] as [(String, Bool, Int64?, Double)])
  func numbers(literal: String, isInteger: Bool, int64: Int64?, double: Double) {
    let number = SourceNumber(literal)
    #expect(number.literal == literal)
    #expect(number.isInteger == isInteger)
    #expect(number.int64Value == int64)
    #expect(number.doubleValue == double)
    #expect(number.description == literal)
  }

  @Test("typed accessors read only their own kind")
  func accessors() throws {
    let document = try Self.document()
    let duration = try #require(document.node(at: "/parameters/duration"))
    #expect(duration.numberValue == SourceNumber("5"))
    #expect(duration.numberValue?.int64Value == 5)
    #expect(
      duration.stringValue == nil && duration.boolValue == nil && duration.typeName == "number")
    #expect(document.node(at: "/parameters/a~1b/c~0d")?.boolValue == true)
    #expect(document.node(at: "/input/media")?.elements?.count == 1)
    #expect(document.node(at: "/input/media")?.members == nil)
    #expect(document.node(at: "/input")?.members?.map(\.key) == ["media"])
    #expect(document.node(at: "/parameters/~01")?.typeName == "null")
  }

  @Test("positions print as line:column; an offset not given is -1")
  func positions() {
    #expect(SourcePosition(line: 3, column: 14).description == "3:14")
    #expect(SourcePosition(line: 3, column: 14).offset == -1)
    #expect(SourcePosition(line: 3, column: 14, offset: 40) != SourcePosition(line: 3, column: 14))
    let error = DocumentParseError("boom", at: SourcePosition(line: 2, column: 5))
    #expect(error.description == "2:5: boom")
  }
}
