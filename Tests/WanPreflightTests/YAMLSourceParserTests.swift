import Testing

@testable import WanPreflight

/// The YAML reader: YAML's JSON-compatible subset, with positions.
@Suite("YAML source parser")
struct YAMLSourceParserTests {
  static let request = """
    model: wan2.7-i2v
    input:
      media:
        - type: first_frame
          url: cat.png
    parameters:
      duration: 5.0
      prompt: "一只猫在草地上奔跑"
      seed: 42

    """

  /// The error `text` gives, or `nil` if it parses.
  static func failure(_ text: String, limits: ParseLimits = .default) -> DocumentParseError? {
    do {
      _ = try YAMLSourceParser.parse(text, limits: limits)
      return nil
    } catch {
      return error
    }
  }

  /// The value of `key` in a one-line mapping `key: <scalar>`.
  static func value(of scalar: String) throws -> SourceNode.Value? {
    try YAMLSourceParser.parse("key: \(scalar)\n").node(at: "/key")?.value
  }

  @Test("values and keys know their line, column and byte offset")
  func positions() throws {
    let document = try YAMLSourceParser.parse(Self.request)
    #expect(document.format == .yaml)
    #expect(document.root.position == SourcePosition(line: 1, column: 1, offset: 0))
    #expect(document.node(at: "/model")?.position == SourcePosition(line: 1, column: 8, offset: 7))
    #expect(
      document.node(at: "/input/media")?.position == SourcePosition(line: 4, column: 5, offset: 38))
    #expect(
      document.node(at: "/input/media/0")?.position
        == SourcePosition(line: 4, column: 7, offset: 40))
    #expect(
      document.node(at: "/input/media/0/url")?.position
        == SourcePosition(line: 5, column: 12, offset: 69))
    let item = try #require(document.node(at: "/input/media/0")?.members)
    #expect(
      item.map(\.keyPosition) == [
        SourcePosition(line: 4, column: 7, offset: 40),
        SourcePosition(line: 5, column: 7, offset: 64),
      ])
    #expect(
      document.node(at: "/parameters/duration")?.position
        == SourcePosition(line: 7, column: 13, offset: 101))
    // A quoted scalar starts at its quote; the Chinese prompt is 11 columns and 29 bytes wide.
    #expect(
      document.node(at: "/parameters/prompt")?.position
        == SourcePosition(line: 8, column: 11, offset: 115))
    #expect(
      document.node(at: "/parameters/seed")?.position
        == SourcePosition(line: 9, column: 9, offset: 153))
    #expect(
      document.position(for: "/parameters/resolution")
        == SourcePosition(line: 7, column: 3, offset: 91))
  }

  @Test("the same request in YAML and JSON gives the same values")
  func sameAsJSON() throws {
    let json = """
      {"model": "wan2.7-i2v",
       "input": {"media": [{"type": "first_frame", "url": "cat.png"}]},
       "parameters": {"duration": 5.0, "prompt": "一只猫在草地上奔跑", "seed": 42}}
      """
    let fromJSON = try JSONSourceParser.parse(Array(json.utf8))
    let fromYAML = try YAMLSourceParser.parse(Self.request)
    #expect(SourceNode.stripped(fromYAML.root) == SourceNode.stripped(fromJSON.root))
    #expect(fromYAML.node(at: "/parameters/duration")?.numberValue?.isInteger == false)
    #expect(fromYAML.node(at: "/parameters/seed")?.numberValue?.int64Value == 42)
  }

  @Test(
    "scalars resolve as YAML 1.2's core schema says; numbers become JSON literals",
    arguments: [
      ("5", SourceNode.Value.number("5")),
      ("\"5\"", .string("5")),
      ("'5'", .string("5")),
      ("5.0", .number("5.0")),
      ("-5", .number("-5")),
      ("+5", .number("5")),
      ("007", .number("7")),
      ("-0", .number("-0")),
      (".5", .number("0.5")),
      ("5.", .number("5.0")),
      ("1e3", .number("1e3")),
      ("-1.5E-2", .number("-1.5E-2")),
      ("0x1F", .number("31")),
      ("0o17", .number("15")),
      ("0x+1F", .string("0x+1F")),
      ("0x-0", .string("0x-0")),
      ("0o+7", .string("0o+7")),
      ("0o8", .string("0o8")),
      (".inf", .string(".inf")),
      (".nan", .string(".nan")),
      ("1_000", .string("1_000")),
      ("true", .bool(true)),
      ("True", .bool(true)),
      ("FALSE", .bool(false)),
      ("yes", .string("yes")),
      ("on", .string("on")),
      ("~", .null),
      ("null", .null),
      ("", .null),
      ("\"null\"", .string("null")),
      ("720P", .string("720P")),
      ("first_frame", .string("first_frame")),
      ("!!str 5", .string("5")),
      ("! 5", .string("5")),
      ("!!int \"7\"", .number("7")),
      ("!!float 5", .number("5.0")),
      ("!!bool \"true\"", .bool(true)),
      ("!!null ''", .null),
      ("|\n  line one\n  line two", .string("line one\nline two\n")),
      (">-\n  folded\n  text", .string("folded text")),
      ("\"a\\tb \\u732B\"", .string("a\tb 猫")),
    ])
  func scalars(text: String, expected: SourceNode.Value) throws {
    #expect(try Self.value(of: text) == expected)
  }

  @Test("duration: 5 is an integer; duration: \"5\" is a string")
  func durationTypes() throws {
    let document = try YAMLSourceParser.parse("a:\n  duration: 5\nb:\n  duration: \"5\"\n")
    let five = try #require(document.node(at: "/a/duration")?.numberValue)
    #expect(five.isInteger && five.int64Value == 5)
    #expect(document.node(at: "/b/duration")?.stringValue == "5")
    #expect(
      document.node(at: "/b/duration")?.position == SourcePosition(line: 4, column: 13, offset: 32))
  }

  @Test(
    "anchors and aliases are refused before Yams runs, at their position",
    arguments: [
      ("a: &x [1, 2]\nb: *x\n", 1, 4),
      ("- *ref\n", 1, 3),
      ("a: 1\nb: !!str &x 1\n", 2, 10),
      ("a:\t&x 1\nb:\t*x\n", 1, 4),
      ("{\"a\":&x 1, \"b\":*x}", 1, 6),
      ("{a: 1, b: [2, *x]}", 1, 15),
      ("? *x\n: 1\n", 1, 3),
      ("--- &x\na: 1\n", 1, 5),
      ("prompt: |\n  text\nseed: *x\n", 3, 7),
      ("- key: |\n    *text*\n  other: *x\n", 3, 10),
      ("a: \"multi\n  line\" \nb: &x 1\n", 3, 4),
    ])
  func anchors(text: String, line: Int, column: Int) throws {
    let error = try #require(Self.failure(text))
    #expect(
      error.message
        == "YAML anchors and aliases are not supported in request files (write the value out)")
    #expect(error.position.line == line && error.position.column == column)
  }

  @Test("anchors are also found in Yams's result (the backstop behind the text scan)")
  func anchorsAfterYams() throws {
    do {
      _ = try YAMLSourceParser.parse(
        "a: 1\nb: &x [1, 2]\nc: *x\n", limits: .default, prescan: false)
      Issue.record("parsed")
    } catch {
      #expect(error.message.hasPrefix("YAML anchors and aliases are not supported"))
      #expect(error.position == SourcePosition(line: 2, column: 4, offset: 8))
    }
  }

  @Test("a billion-laughs file is refused at once")
  func billionLaughs() throws {
    // Tabs and JSON-style keys, and an aliased key: Yams alone spends minutes hashing it.
    var bomb = "a0:\t&a0 {" + (0..<8).map { "\"k\($0)\":\"x\"" }.joined(separator: ",") + "}\n"
    for level in 1...9 {
      let items = (0..<8).map { "\"k\($0)\":*a\(level - 1)" }.joined(separator: ",")
      bomb += "a\(level):\t&a\(level) {\(items)}\n"
    }
    bomb += "z: {*a9 : 1}\n"
    // Refused at the first anchor, by the pre-scan: Yams never sees it (no wall-clock bound,
    // which a loaded machine can break; if Yams ran, the suite would not finish).
    let error = try #require(Self.failure(bomb))
    #expect(error.position == SourcePosition(line: 1, column: 5, offset: 4))
  }

  @Test("ampersands and asterisks inside text are not anchors")
  func textIsNotAnAnchor() throws {
    let text = """
      prompt: "cats & dogs *jumping*"
      negative_prompt: a&b *c, [d] {e}
      # comment with &anchor
      notes: |
        *not an alias* &nor-an-anchor
          - *still text*
      other: 'it''s *fine*'
      tail: x # *comment*
      list: [a&b, "c*d", 'e & f']

      """
    let document = try YAMLSourceParser.parse(text)
    #expect(document.node(at: "/prompt")?.stringValue == "cats & dogs *jumping*")
    #expect(document.node(at: "/negative_prompt")?.stringValue == "a&b *c, [d] {e}")
    #expect(
      document.node(at: "/notes")?.stringValue
        == "*not an alias* &nor-an-anchor\n  - *still text*\n")
    #expect(document.node(at: "/other")?.stringValue == "it's *fine*")
    #expect(document.node(at: "/tail")?.stringValue == "x")
    #expect(document.node(at: "/list")?.elements?.map(\.stringValue) == ["a&b", "c*d", "e & f"])
  }

  @Test(
    "syntax errors carry libyaml's position and words",
    arguments: [
      (
        "a: [1, 2\nb: 3\n", 2, 2,
        "did not find expected ',' or ']' (while parsing a flow sequence at 1:4)"
      ),
      ("a: b: c\n", 1, 5, "mapping values are not allowed in this context"),
      (
        "a:\n  - 1\n - 2\n", 3, 2,
        "did not find expected key (while parsing a block mapping at 1:1)"
      ),
      (
        "a: \"x\\q\"\n", 1, 6,
        "found unknown escape character (while parsing a quoted scalar at 1:4)"
      ),
      ("a: 1\n\u{7}b: 2\n", 2, 1, "control characters are not allowed"),
    ])
  func syntaxErrors(text: String, line: Int, column: Int, message: String) throws {
    let error = try #require(Self.failure(text))
    #expect(error.message == message)
    #expect(error.position.line == line && error.position.column == column)
  }

  @Test("one document, unique keys, scalar keys, core tags only")
  func structure() throws {
    let second = try #require(Self.failure("a: 1\n---\nb: 2\n"))
    #expect(second.message == "a request file holds one YAML document; another one starts here")
    #expect(second.position == SourcePosition(line: 2, column: 1, offset: 5))
    #expect(try YAMLSourceParser.parse("---\na: 1\n...\n").node(at: "/a")?.value == .number("1"))

    let repeated = try #require(Self.failure("a: 1\nb: 2\na: 3\n"))
    #expect(
      repeated.message
        == "the key 'a' appears more than once in this mapping (YAML keys must be unique)")
    #expect(repeated.position == SourcePosition(line: 1, column: 1, offset: 0))

    let key = try #require(Self.failure("a: 1\n? [x]\n: 2\n"))
    #expect(key.message == "a mapping key must be a scalar (a name), not a sequence")
    #expect(key.position == SourcePosition(line: 2, column: 3, offset: 7))
    #expect(
      try YAMLSourceParser.parse("5: a\nnull: b\n").root.members?.map(\.key) == ["5", "null"])

    #expect(
      Self.failure("a: !foo x\n")?.message
        == "the YAML tag '!foo' is not supported in request files")
    #expect(
      Self.failure("a: !!binary aGk=\n")?.message
        == "the YAML tag '!!binary' is not supported in request files")
    #expect(
      Self.failure("a: !!set {b}\n")?.position == SourcePosition(line: 1, column: 4, offset: 3))
    #expect(Self.failure("a: !!int x\n")?.message == "'x' is not an integer (it is tagged !!int)")
    #expect(
      try YAMLSourceParser.parse("!!map {a: !!seq [1]}").node(at: "/a/0")?.value == .number("1"))

    for empty in ["", "# only a comment\n", "\n\n"] {
      #expect(Self.failure(empty)?.message == "the file is empty: expected a YAML document")
    }
    #expect(try YAMLSourceParser.parse("---\n").root.value == .null)
    #expect(try YAMLSourceParser.parse("just text").root.value == .string("just text"))
  }

  @Test("nesting beyond the limit is refused, however deep")
  func depth() throws {
    let blocks = try #require(Self.failure(String(repeating: "- ", count: 100) + "x"))
    #expect(blocks.message == "nesting deeper than 64 levels")
    #expect(blocks.position == SourcePosition(line: 1, column: 129, offset: 128))
    let flows = try #require(Self.failure(String(repeating: "[", count: 10_000)))
    #expect(flows.message == "nesting deeper than 64 levels")
    #expect(flows.position == SourcePosition(line: 1, column: 65, offset: 64))
    let deepBlocks = try #require(Self.failure(String(repeating: "- ", count: 10_000) + "x"))
    #expect(deepBlocks.message == "nesting deeper than 64 levels")
    #expect(deepBlocks.position.line == 1)
    let sixtyFour = String(repeating: "- ", count: 63) + "[x]"
    #expect(Self.failure(sixtyFour) == nil)
  }

  @Test("a BOM, CRLF, CR and U+2028 line breaks keep positions and offsets right")
  func lineBreaks() throws {
    let bom = try YAMLSourceParser.parse("\u{FEFF}a: 1\nb: x\n")
    #expect(bom.node(at: "/a")?.position == SourcePosition(line: 1, column: 4, offset: 6))
    #expect(bom.node(at: "/b")?.position == SourcePosition(line: 2, column: 4, offset: 11))
    let crlf = try YAMLSourceParser.parse("a: 1\r\nb: 猫\r\nc: 3\r\n")
    #expect(crlf.node(at: "/b")?.position == SourcePosition(line: 2, column: 4, offset: 9))
    #expect(crlf.node(at: "/c")?.position == SourcePosition(line: 3, column: 4, offset: 17))
    let cr = try YAMLSourceParser.parse("a: 1\rb: 2\r")
    #expect(cr.node(at: "/b")?.position == SourcePosition(line: 2, column: 4, offset: 8))
    let separator = try YAMLSourceParser.parse("a: 猫\u{2028}b: 2\n")
    #expect(separator.node(at: "/b")?.position == SourcePosition(line: 2, column: 4, offset: 12))
  }

  @Test("columns count Unicode scalars; offsets count bytes")
  func chineseColumns() throws {
    let document = try YAMLSourceParser.parse("提示: 一只猫\n列表: [猫, 狗, 5]\n")
    #expect(document.node(at: "/提示")?.position == SourcePosition(line: 1, column: 5, offset: 8))
    #expect(document.node(at: "/列表/2")?.position == SourcePosition(line: 2, column: 12, offset: 37))
  }

  @Test("the size, string and value-count limits")
  func limits() throws {
    let big = try #require(
      Self.failure(String(repeating: "a", count: 20), limits: ParseLimits(maxBytes: 10)))
    #expect(big.message == "the file is 20 bytes; request files are limited to 10")
    let long = try #require(Self.failure("a: 猫猫猫\n", limits: ParseLimits(maxStringBytes: 6)))
    #expect(long.message == "the string is 9 bytes long; the limit is 6")
    #expect(long.position == SourcePosition(line: 1, column: 4, offset: 3))
    let many = "[" + Array(repeating: "0", count: 100).joined(separator: ",") + "]"
    #expect(Self.failure(many, limits: ParseLimits(maxNodes: 101)) == nil)
    #expect(
      Self.failure(many, limits: ParseLimits(maxNodes: 100))?.message == "more than 100 values")
  }
}
