import Testing

@testable import WanPreflight

/// The position-keeping JSON parser: exact positions, strictness, and hostile input.
@Suite("JSON source parser")
struct JSONSourceParserTests {
  static let request = """
    {
      "model": "wan2.7-i2v",
      "input": {
        "media": [ {"type": "first_frame", "url": "cat.png"} ]
      },
      "parameters": {"duration": 5.0, "prompt": "猫猫", "seed": 7}
    }
    """

  @Test("values and keys know their line and column")
  func positions() throws {
    let document = try JSONSourceParser.parse(Array(Self.request.utf8))
    #expect(document.node(at: "/model")?.position == SourcePosition(line: 2, column: 12))
    #expect(document.node(at: "/input/media/0")?.position == SourcePosition(line: 4, column: 16))
    #expect(
      document.node(at: "/input/media/0/url")?.position == SourcePosition(line: 4, column: 47))
    #expect(document.node(at: "/input/media/0/url")?.stringValue == "cat.png")
    // Columns count characters: the Chinese prompt's two characters are two columns.
    #expect(document.node(at: "/parameters/seed")?.position == SourcePosition(line: 6, column: 59))
    #expect(document.node(at: "/parameters/duration")?.value == .number("5.0"))
  }

  @Test("a missing member points at its nearest ancestor")
  func ancestorPosition() throws {
    let document = try JSONSourceParser.parse(Array(Self.request.utf8))
    #expect(document.position(for: "/parameters/resolution") == SourcePosition(line: 6, column: 17))
    #expect(document.position(for: "/input/media/5/url") == SourcePosition(line: 4, column: 14))
    #expect(document.node(at: "/nope") == nil)
  }

  @Test("JSON Pointer escapes")
  func pointers() throws {
    let document = try JSONSourceParser.parse(Array(#"{"a/b": {"c~d": 1}}"#.utf8))
    #expect(JSONPointer.make(["a/b", "c~d"]) == "/a~1b/c~0d")
    #expect(document.node(at: "/a~1b/c~0d")?.value == .number("1"))
    #expect(JSONPointer.tokens("") == [])
  }

  @Test("duplicate keys are kept in order")
  func duplicates() throws {
    let document = try JSONSourceParser.parse(Array(#"{"a": 1, "a": 2}"#.utf8))
    guard case .object(let members) = document.root.value else {
      Issue.record("not an object")
      return
    }
    #expect(members.map(\.key) == ["a", "a"])
    #expect(document.node(at: "/a")?.value == .number("2"))
  }

  @Test(
    "malformed input is refused with an exact position",
    arguments: [
      ("", 1, 1, "the file is empty"),
      ("{\"a\": 1,}", 1, 9, "trailing comma"),
      ("[1, 2,]", 1, 7, "trailing comma"),
      ("{\"a\" 1}", 1, 6, "expected ':'"),
      ("{\"a\": 01}", 1, 8, "leading zeros"),
      ("{\"a\": \"x\ny\"}", 1, 9, "control character"),
      ("{\"a\": \"\\q\"}", 1, 9, "invalid escape"),
      ("{\"a\": \"\\ud800\"}", 1, 14, "low surrogate"),
      ("{\"a\": \"\\udc00\"}", 1, 14, "lone low surrogate"),
      ("{\"a\": tru}", 1, 7, "invalid literal"),
      ("{\"a\": 1} x", 1, 10, "after the end"),
      ("{\"a\": \"open", 1, 12, "inside the string started at 1:7"),
      ("// comment\n{}", 1, 1, "expected a value"),
      ("{\n  \"a\": [1, 2\n}", 3, 1, "expected ',' or ']'"),
    ] as [(String, Int, Int, String)])
  func malformed(text: String, line: Int, column: Int, message: String) {
    #expect {
      try JSONSourceParser.parse(Array(text.utf8))
    } throws: { error in
      guard let error = error as? DocumentParseError else { return false }
      return error.position == SourcePosition(line: line, column: column)
        && error.message.contains(message)
    }
  }

  @Test("invalid UTF-8 in a string is refused")
  func invalidUTF8() {
    let bytes: [UInt8] = Array(#"{"a": ""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
    #expect(throws: DocumentParseError.self) { try JSONSourceParser.parse(bytes) }
  }

  @Test("a BOM is skipped; escapes and surrogate pairs decode")
  func bomAndEscapes() throws {
    let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#"{"a": "\u00e9\ud83d\ude00\n\/"}"#.utf8)
    let document = try JSONSourceParser.parse(bytes)
    #expect(document.node(at: "/a")?.stringValue == "é😀\n/")
  }

  @Test("10,000 levels of nesting give an error, not a stack overflow")
  func deepNesting() {
    let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
    #expect {
      try JSONSourceParser.parse(Array(text.utf8))
    } throws: { error in
      (error as? DocumentParseError)?.message == "nesting deeper than 64 levels"
    }
  }

  @Test("files over the size limit are refused before parsing")
  func sizeLimit() {
    let bytes = [UInt8](repeating: 0x20, count: 2000)
    #expect(throws: DocumentParseError.self) {
      try JSONSourceParser.parse(bytes, limits: ParseLimits(maxBytes: 1000))
    }
  }

  @Test("a 5 MB prompt parses")
  func largeString() throws {
    let prompt = String(repeating: "镜头", count: 900_000)
    let document = try JSONSourceParser.parse(Array(#"{"prompt": "\#(prompt)"}"#.utf8))
    #expect(document.node(at: "/prompt")?.stringValue?.count == 1_800_000)
  }
}

/// The YAML reader: the JSON-compatible subset with positions.
@Suite("YAML source parser")
struct YAMLSourceParserTests {
  @Test("scalars resolve as the core schema says; quoted ones stay strings")
  func scalars() throws {
    let document = try YAMLSourceParser.parse(
      "a: 5\nb: \"5\"\nc: true\nd: ~\ne: 5.0\nf: 720P\ng: 'yes'\n")
    #expect(document.node(at: "/a")?.value == .number("5"))
    #expect(document.node(at: "/b")?.value == .string("5"))
    #expect(document.node(at: "/c")?.value == .bool(true))
    #expect(document.node(at: "/d")?.value == .null)
    #expect(document.node(at: "/e")?.value == .number("5.0"))
    #expect(document.node(at: "/f")?.value == .string("720P"))
    #expect(document.node(at: "/g")?.value == .string("yes"))
    #expect(document.node(at: "/f")?.position == SourcePosition(line: 6, column: 4))
  }

  @Test("anchors and aliases are refused before parsing, with their position")
  func anchors() {
    // Guard: YAMLAliasScanner, run before Yams (which would spend seconds expanding a bomb).
    var bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    for level in 1...9 {
      let previous = "*a\(level - 1)"
      bomb +=
        "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
    }
    for (text, line, column) in [("a: &x [1, 2]\nb: *x\n", 1, 4), (bomb, 1, 5), ("- *ref\n", 1, 3)]
    {
      #expect {
        try YAMLSourceParser.parse(text)
      } throws: { error in
        (error as? DocumentParseError)?.position == SourcePosition(line: line, column: column)
      }
    }
  }

  @Test("ampersands and asterisks inside text are not anchors")
  func textIsNotAnAnchor() throws {
    let text = """
      prompt: "cats & dogs *jumping*"
      negative_prompt: a&b *c
      # comment with &anchor
      notes: |
        *not an alias* &nor-an-anchor
      other: 'it''s *fine*'
      """
    let document = try YAMLSourceParser.parse(text)
    #expect(document.node(at: "/prompt")?.stringValue == "cats & dogs *jumping*")
    #expect(document.node(at: "/negative_prompt")?.stringValue == "a&b *c")
    #expect(document.node(at: "/notes")?.stringValue == "*not an alias* &nor-an-anchor\n")
  }

  @Test("a syntax error has its line")
  func syntaxError() {
    #expect {
      try YAMLSourceParser.parse("a: [1, 2\nb: 3\n")
    } throws: { error in
      guard let error = error as? DocumentParseError else { return false }
      return error.position.line >= 2
    }
  }
}
