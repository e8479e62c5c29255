import Foundation
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
      "parameters": {"duration": 5.0}
    }
    """

  static func parse(_ text: String, limits: ParseLimits = .default) throws(DocumentParseError)
    -> SourceDocument
  {
    try JSONSourceParser.parse(Array(text.utf8), limits: limits)
  }

  /// The error `text` gives, or `nil` if it parses.
  static func failure(_ bytes: [UInt8], limits: ParseLimits = .default) -> DocumentParseError? {
    do {
      _ = try JSONSourceParser.parse(bytes, limits: limits)
      return nil
    } catch {
      return error
    }
  }

  static func failure(_ text: String, limits: ParseLimits = .default) -> DocumentParseError? {
    failure(Array(text.utf8), limits: limits)
  }

  @Test("values and keys know their line, column and byte offset")
  func positions() throws {
    let document = try Self.parse(Self.request)
    #expect(document.format == .json)
    #expect(document.root.position == SourcePosition(line: 1, column: 1, offset: 0))
    #expect(
      document.node(at: "/model")?.position == SourcePosition(line: 2, column: 12, offset: 13))
    #expect(
      document.node(at: "/input")?.position == SourcePosition(line: 3, column: 12, offset: 38))
    #expect(
      document.node(at: "/input/media")?.position == SourcePosition(line: 4, column: 14, offset: 53)
    )
    #expect(
      document.node(at: "/input/media/0")?.position
        == SourcePosition(line: 4, column: 16, offset: 55))
    #expect(
      document.node(at: "/input/media/0/type")?.position
        == SourcePosition(line: 4, column: 25, offset: 64))
    #expect(
      document.node(at: "/input/media/0/url")?.position
        == SourcePosition(line: 4, column: 47, offset: 86))
    #expect(
      document.node(at: "/parameters/duration")?.position
        == SourcePosition(line: 6, column: 30, offset: 133))
    let item = try #require(document.node(at: "/input/media/0")?.members)
    #expect(item.map(\.key) == ["type", "url"])
    #expect(
      item.map(\.keyPosition) == [
        SourcePosition(line: 4, column: 17, offset: 56),
        SourcePosition(line: 4, column: 40, offset: 79),
      ])
    #expect(
      document.root.members?.first?.keyPosition == SourcePosition(line: 2, column: 3, offset: 4))
    // Offsets index the bytes: the value at /input/media/0/url starts with its quote.
    #expect(Array(Self.request.utf8)[86...].starts(with: Array(#""cat.png""#.utf8)))
  }

  @Test("5.0 stays the literal 5.0, a decimal; 5 is an integer")
  func numberLiterals() throws {
    let document = try Self.parse(Self.request)
    #expect(document.node(at: "/parameters/duration")?.value == .number("5.0"))
    let duration = try #require(document.node(at: "/parameters/duration")?.numberValue)
    #expect(!duration.isInteger && duration.int64Value == nil && duration.doubleValue == 5)
    let five = try #require(try Self.parse(#"{"d": 5}"#).node(at: "/d")?.numberValue)
    #expect(five.isInteger && five.int64Value == 5)
    let values = try Self.parse("[0, -0, 1e3, -1.5E-2, 12345678901234567890]").root.elements
    #expect(
      values?.map(\.value)
        == ["0", "-0", "1e3", "-1.5E-2", "12345678901234567890"].map {
          .number($0)
        })
  }

  @Test("duplicate keys are kept in order, each with its position")
  func duplicates() throws {
    let document = try Self.parse("{\"a\": 1,\n \"a\": 2}")
    let members = try #require(document.root.members)
    #expect(members.map(\.key) == ["a", "a"])
    #expect(members.map(\.value.value) == [.number("1"), .number("2")])
    #expect(
      members.map(\.keyPosition) == [
        SourcePosition(line: 1, column: 2, offset: 1),
        SourcePosition(line: 2, column: 2, offset: 10),
      ])
  }

  @Test("columns count Unicode scalars; offsets count bytes")
  func chineseColumns() throws {
    let document = try Self.parse(#"{"prompt": "猫猫在跑", "seed": 7}"#)
    #expect(document.node(at: "/prompt")?.stringValue == "猫猫在跑")
    #expect(
      document.root.members?.last?.keyPosition == SourcePosition(line: 1, column: 20, offset: 27))
    #expect(document.node(at: "/seed")?.position == SourcePosition(line: 1, column: 28, offset: 35))
    // An emoji is one scalar (four bytes); é written as e + U+0301 is two.
    let emoji = try Self.parse("[\"😀e\u{301}\", 1]")
    #expect(emoji.node(at: "/1")?.position == SourcePosition(line: 1, column: 9, offset: 12))
  }

  @Test("CRLF and CR end lines like LF")
  func lineEndings() throws {
    let document = try Self.parse("{\r\n\"a\": 1,\r\"b\":\n 2}")
    #expect(document.node(at: "/a")?.position == SourcePosition(line: 2, column: 6, offset: 8))
    #expect(document.node(at: "/b")?.position == SourcePosition(line: 4, column: 2, offset: 17))
  }

  @Test("a leading BOM is skipped: columns start after it, offsets count it")
  func byteOrderMark() throws {
    let document = try JSONSourceParser.parse([0xEF, 0xBB, 0xBF] + Array(#"{"a": "x"}"#.utf8))
    #expect(document.root.position == SourcePosition(line: 1, column: 1, offset: 3))
    #expect(document.node(at: "/a")?.position == SourcePosition(line: 1, column: 7, offset: 9))
    // Only at the start: elsewhere U+FEFF is not whitespace.
    let inside = Self.failure([0x5B, 0xEF, 0xBB, 0xBF, 0x5D])
    #expect(inside?.message == "expected a value, found '\u{FEFF}' (U+FEFF)")
  }

  @Test("any value may stand at the top level")
  func topLevelScalars() throws {
    #expect(
      try Self.parse("5").root
        == SourceNode(.number("5"), at: SourcePosition(line: 1, column: 1, offset: 0)))
    #expect(try Self.parse(" \"s\" ").root.value == .string("s"))
    #expect(try Self.parse("null").root.value == .null)
    #expect(try Self.parse("\ntrue").root.position == SourcePosition(line: 2, column: 1, offset: 1))
    #expect(try Self.parse("[]").root.value == .array([]))
    #expect(try Self.parse("{}").root.value == .object([]))
  }

  @Test("escapes and surrogate pairs decode")
  func escapes() throws {
    let document = try Self.parse(#"["\u00e9\ud83d\ude00\n\/\"\\\b\f\r\t", "\u0000"]"#)
    #expect(document.node(at: "/0")?.stringValue == "é😀\n/\"\\\u{8}\u{C}\r\t")
    #expect(document.node(at: "/1")?.stringValue == "\u{0}")
    #expect(document.node(at: "/1")?.position == SourcePosition(line: 1, column: 40, offset: 39))
    // Escaped keys are compared decoded.
    #expect(try Self.parse(#"{"\u0061": 1}"#).node(at: "/a")?.value == .number("1"))
  }

  @Test(
    "malformed input is refused with an exact position and message",
    arguments: [
      ("", 1, 1, "the file is empty: expected a JSON value"),
      ("{\"a\": 1,}", 1, 8, "trailing comma before '}' (JSON allows none)"),
      ("[1, 2,\n]", 1, 6, "trailing comma before ']' (JSON allows none)"),
      ("{\"a\" 1}", 1, 6, "expected ':' after the member name \"a\", found '1'"),
      ("{\"a\": 01}", 1, 7, "numbers may not have leading zeros"),
      ("[-012]", 1, 2, "numbers may not have leading zeros"),
      ("{\"a\": \"x\ny\"}", 1, 9, "line break inside the string started at 1:7 (write it as \\n)"),
      ("[\"a\tb\"]", 1, 4, "control character U+0009 inside a string (escape it)"),
      (
        "{\"a\": \"\\q\"}", 1, 8,
        "invalid escape '\\q'; JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX"
      ),
      ("[\"\\u12g4\"]", 1, 7, "expected four hex digits after \\u, found 'g'"),
      (
        "[\"\\ud800\"]", 1, 3,
        "lone surrogate \\uD800: a high surrogate must be followed by a low one (\\uDC00-\\uDFFF)"
      ),
      (
        "[\"x\\udc00\"]", 1, 4,
        "lone surrogate \\uDC00: a low surrogate must follow a high one (\\uD800-\\uDBFF)"
      ),
      (
        "[\"\\ud800\\u0041\"]", 1, 3,
        "lone surrogate \\uD800: it is followed by \\u0041, not a low surrogate (\\uDC00-\\uDFFF)"
      ),
      ("{\"a\": tru}", 1, 7, "expected a value, found the word 'tru' (strings need double quotes)"),
      (
        "[True]", 1, 2,
        "expected a value, found the word 'True' (JSON literals are lowercase: true, false, null)"
      ),
      ("[NaN]", 1, 2, "expected a value, found the word 'NaN' (JSON has no NaN or Infinity)"),
      ("[-Infinity]", 1, 3, "expected a digit after '-', found 'I'"),
      ("[1.]", 1, 4, "expected a digit after '.' in a number, found ']'"),
      ("[1e+]", 1, 5, "expected a digit in the exponent, found ']'"),
      ("[.5]", 1, 2, "expected a value, found '.'; JSON numbers start with '-' or a digit"),
      ("[+1]", 1, 2, "expected a value, found '+'; JSON numbers start with '-' or a digit"),
      ("{\"a\": 1} x", 1, 10, "unexpected 'x' after the JSON value (a file holds one value)"),
      (
        "{\n  \"prompt\": \"open", 2, 18,
        "unexpected end of input inside the string started at 2:13"
      ),
      ("// comment\n{}", 1, 1, "expected a value, found '/'; JSON has no comments"),
      (
        "{\"a\": 1 /* c */}", 1, 9,
        "expected ',' or '}' after an object member, found '/'; JSON has no comments"
      ),
      ("{\n  \"a\": [1, 2\n}", 3, 1, "expected ',' or ']' after an array element, found '}'"),
      ("{\"a\": 1 \"b\": 2}", 1, 9, "expected ',' or '}' after an object member, found '\"'"),
      (
        "{\n \"a\": {\"b\": 1}", 2, 15,
        "unexpected end of input: expected ',' or '}' after an object member (the object started at 1:1)"
      ),
      (
        "[1", 1, 3,
        "unexpected end of input: expected ',' or ']' after an array element (the array started at 1:1)"
      ),
      (
        "{'a': 1}", 1, 2,
        "expected a member name in double quotes or '}', found a single quote ('); JSON strings and names use double quotes"
      ),
      ("{\"a\": 1, b: 2}", 1, 10, "expected a member name in double quotes after ',', found 'b'"),
      (
        "{\u{201C}a\u{201D}: 1}", 1, 2,
        "expected a member name in double quotes or '}', found '\u{201C}' (U+201C); JSON needs straight double quotes (\")"
      ),
      ("{\"a\":", 1, 6, "expected a value, found end of input"),
      ("[\"\\", 1, 4, "unexpected end of input in an escape sequence"),
      (
        "model: wan2.7-i2v", 1, 1,
        "expected a value, found the word 'model' (strings need double quotes)"
      ),
    ] as [(String, Int, Int, String)])
  func malformed(text: String, line: Int, column: Int, message: String) throws {
    let error = try #require(Self.failure(text))
    #expect(error.message == message)
    #expect(error.position.line == line && error.position.column == column)
  }

  @Test(
    "invalid UTF-8 is refused at the offending byte",
    arguments: [
      ([0xC3, 0x28], "invalid UTF-8: byte 0xC3 (not UTF-8) does not start a valid character"),
      ([0xFF], "invalid UTF-8: byte 0xFF (not UTF-8) does not start a valid character"),
      ([0xC0, 0x80], "invalid UTF-8: byte 0xC0 (not UTF-8) does not start a valid character"),
      (
        [0xED, 0xA0, 0x80], "invalid UTF-8: byte 0xED (not UTF-8) does not start a valid character"
      ),
      (
        [0xF4, 0x90, 0x80, 0x80],
        "invalid UTF-8: byte 0xF4 (not UTF-8) does not start a valid character"
      ),
      ([0xE7, 0x8C], "invalid UTF-8: byte 0xE7 (not UTF-8) does not start a valid character"),
      ([0x80], "invalid UTF-8: byte 0x80 (not UTF-8) does not start a valid character"),
    ] as [([UInt8], String)])
  func invalidUTF8(bad: [UInt8], message: String) throws {
    // {"猫": "a<bad>"}: the bad byte stands at line 2, column 8 (猫 is one column), byte 11.
    let bytes = Array("{\n\"猫\": \"a".utf8) + bad + Array("\"}".utf8)
    let error = try #require(Self.failure(bytes))
    #expect(error.message == message)
    #expect(error.position == SourcePosition(line: 2, column: 8, offset: 11))
  }

  @Test("invalid UTF-8 outside strings is refused where it stands")
  func invalidUTF8OutsideStrings() throws {
    let error = try #require(Self.failure([0x5B, 0x20, 0xFF, 0x5D]))
    #expect(error.message == "expected a value, found byte 0xFF (not UTF-8)")
    #expect(error.position == SourcePosition(line: 1, column: 3, offset: 2))
  }

  @Test("10,000 levels of nesting give an error at level 65, not a stack overflow")
  func deepNesting() throws {
    let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
    let error = try #require(Self.failure(text))
    #expect(error.message == "nesting deeper than 64 levels")
    #expect(error.position == SourcePosition(line: 1, column: 65, offset: 64))
    let objects = String(repeating: #"{"a":"#, count: 10_000)
    #expect(Self.failure(objects)?.message == "nesting deeper than 64 levels")
    // Exactly 64 levels are fine; the limit can be changed.
    let sixtyFour = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
    #expect(Self.failure(sixtyFour) == nil)
    #expect(Self.failure(sixtyFour, limits: ParseLimits(maxDepth: 63))?.position.column == 64)
    let deep = String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)
    #expect(Self.failure(deep, limits: ParseLimits(maxDepth: 5_000)) == nil)
  }

  @Test("files over the size limit are refused before parsing")
  func sizeLimit() throws {
    let error = try #require(
      Self.failure([UInt8](repeating: 0x20, count: 2000), limits: ParseLimits(maxBytes: 1000)))
    #expect(error.message == "the file is 2000 bytes; request files are limited to 1000")
    #expect(error.position == SourcePosition(line: 1, column: 1, offset: 0))
    #expect(ParseLimits.default.maxBytes == 8 << 20 && ParseLimits.default.maxDepth == 64)
  }

  @Test("the string and value-count limits")
  func otherLimits() throws {
    let limits = ParseLimits(maxStringBytes: 6)
    #expect(Self.failure(#"{"a": "猫猫"}"#, limits: limits) == nil)
    let long = try #require(Self.failure(#"{"a": "猫猫猫"}"#, limits: limits))
    #expect(long.message == "the string is 9 bytes long; the limit is 6")
    #expect(long.position == SourcePosition(line: 1, column: 7, offset: 6))
    #expect(Self.failure(#"{"abcdefg": 1}"#, limits: limits)?.position.column == 2)
    let many = "[" + Array(repeating: "0", count: 100).joined(separator: ",") + "]"
    #expect(Self.failure(many, limits: ParseLimits(maxNodes: 101)) == nil)
    #expect(
      Self.failure(many, limits: ParseLimits(maxNodes: 100))?.message
        == "more than 100 values in one file")
  }

  @Test("a 12 MB string value parses, and what follows it is placed exactly")
  func largeString() throws {
    // No wall-clock bound: it failed under ThreadSanitizer on a loaded machine. The parser is
    // one pass (about 0.3 s here in a debug build); a quadratic one would not finish the suite.
    let prompt = String(repeating: "镜头 pans ", count: 1_000_000)  // 12 MB, 8 million scalars
    let bytes = Array(#"{"prompt": "\#(prompt)", "seed": 1}"#.utf8)
    #expect(bytes.count > 12_000_000)
    let document = try JSONSourceParser.parse(bytes, limits: ParseLimits(maxBytes: 16 << 20))
    #expect(document.node(at: "/prompt")?.stringValue?.unicodeScalars.count == 8_000_000)
    #expect(document.node(at: "/seed")?.position?.column == 8_000_024)
  }

  @Test("Data and other byte collections parse the same")
  func collections() throws {
    let data = Data(Self.request.utf8)
    #expect(try JSONSourceParser.parse(data) == Self.parse(Self.request))
    #expect(
      try JSONSourceParser.parse(Self.request.utf8).node(at: "/model")?.stringValue == "wan2.7-i2v")
    #expect(throws: DocumentParseError.self) {
      try JSONSourceParser.parse(Data(count: 10), limits: ParseLimits(maxBytes: 9))
    }
  }
}
