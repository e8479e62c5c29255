/// Why a request file could not be parsed, and where.
public struct DocumentParseError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What is wrong, e.g. `expected ',' or '}' after an object member, found '"'`.
  public let message: String
  /// Where the parser stopped.
  public let position: SourcePosition

  /// Creates an error.
  public init(_ message: String, at position: SourcePosition) {
    self.message = message
    self.position = position
  }

  /// `line:column: message`.
  public var description: String { "\(position): \(message)" }
}

/// Limits that keep a hostile request file cheap to reject.
public struct ParseLimits: Sendable, Equatable {
  /// The deepest nesting of arrays and objects accepted.
  public var maxDepth: Int
  /// The largest file accepted, in bytes.
  public var maxBytes: Int

  /// Creates limits. A real request is a few KB and four levels deep.
  public init(maxDepth: Int = 64, maxBytes: Int = 8 << 20) {
    self.maxDepth = maxDepth
    self.maxBytes = maxBytes
  }
}

/// A strict RFC 8259 JSON parser that records where every value and key starts.
///
/// Foundation's `JSONDecoder` gives no positions; a linter must point at `file:line:column`.
/// Linear time, depth-limited (no stack overflow on `[[[[…`), and it rejects what JSON rejects:
/// comments, trailing commas, leading zeros, control characters in strings, invalid UTF-8 and
/// lone surrogates.
public enum JSONSourceParser {
  /// Parses `bytes` (UTF-8, an optional BOM is skipped).
  public static func parse(
    _ bytes: [UInt8], limits: ParseLimits = ParseLimits()
  ) throws(DocumentParseError) -> SourceDocument {
    guard bytes.count <= limits.maxBytes else {
      throw DocumentParseError(
        "the file is \(bytes.count) bytes; request files are limited to \(limits.maxBytes)",
        at: SourcePosition(line: 1, column: 1))
    }
    var scanner = Scanner(bytes: bytes, maxDepth: limits.maxDepth)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { scanner.index = 3 }
    scanner.skipWhitespace()
    guard !scanner.atEnd else { throw scanner.error("the file is empty: expected a JSON value") }
    let root = try scanner.value(depth: 0)
    scanner.skipWhitespace()
    guard scanner.atEnd else {
      throw scanner.error("unexpected \(scanner.describeCurrent()) after the end of the JSON value")
    }
    return SourceDocument(root: root, format: .json)
  }

  private struct Scanner {
    let bytes: [UInt8]
    let maxDepth: Int
    var index = 0
    var line = 1
    var column = 1

    init(bytes: [UInt8], maxDepth: Int) {
      self.bytes = bytes
      self.maxDepth = maxDepth
    }

    var atEnd: Bool { index >= bytes.count }
    var position: SourcePosition { SourcePosition(line: line, column: column) }

    func error(_ message: String) -> DocumentParseError {
      DocumentParseError(message, at: position)
    }

    func describeCurrent() -> String {
      guard !atEnd else { return "end of input" }
      let byte = bytes[index]
      if byte >= 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
      return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }

    /// Moves past one byte, keeping line and column (continuation bytes add no column).
    mutating func advance() {
      let byte = bytes[index]
      index += 1
      if byte == 0x0A {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 {
        column += 1
      }
    }

    mutating func skipWhitespace() {
      while !atEnd, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { advance() }
    }

    mutating func expect(_ literal: String, _ value: SourceNode.Value) throws(DocumentParseError)
      -> SourceNode
    {
      let start = position
      for expected in literal.utf8 {
        guard !atEnd, bytes[index] == expected else {
          throw DocumentParseError("invalid literal: expected '\(literal)'", at: start)
        }
        advance()
      }
      return SourceNode(value, at: start)
    }

    mutating func value(depth: Int) throws(DocumentParseError) -> SourceNode {
      guard !atEnd else { throw error("unexpected end of input: expected a value") }
      switch bytes[index] {
      case UInt8(ascii: "{"): return try object(depth: depth + 1)
      case UInt8(ascii: "["): return try array(depth: depth + 1)
      case UInt8(ascii: "\""):
        let start = position
        return SourceNode(.string(try string()), at: start)
      case UInt8(ascii: "t"): return try expect("true", .bool(true))
      case UInt8(ascii: "f"): return try expect("false", .bool(false))
      case UInt8(ascii: "n"): return try expect("null", .null)
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
      default: throw error("unexpected \(describeCurrent()): expected a value")
      }
    }

    mutating func object(depth: Int) throws(DocumentParseError) -> SourceNode {
      guard depth <= maxDepth else { throw error("nesting deeper than \(maxDepth) levels") }
      let start = position
      advance()  // {
      var members: [SourceMember] = []
      skipWhitespace()
      if !atEnd, bytes[index] == UInt8(ascii: "}") {
        advance()
        return SourceNode(.object(members), at: start)
      }
      while true {
        skipWhitespace()
        guard !atEnd, bytes[index] == UInt8(ascii: "\"") else {
          throw error("expected a member name in double quotes, found \(describeCurrent())")
        }
        let keyPosition = position
        let key = try string()
        skipWhitespace()
        guard !atEnd, bytes[index] == UInt8(ascii: ":") else {
          throw error("expected ':' after the member name \"\(key)\", found \(describeCurrent())")
        }
        advance()
        skipWhitespace()
        let value = try value(depth: depth)
        members.append(SourceMember(key: key, keyPosition: keyPosition, value: value))
        skipWhitespace()
        guard !atEnd else { throw error("unexpected end of input: the object at \(start) is open") }
        if bytes[index] == UInt8(ascii: ",") {
          advance()
          skipWhitespace()
          if !atEnd, bytes[index] == UInt8(ascii: "}") {
            throw error("trailing comma before '}' (JSON allows none)")
          }
          continue
        }
        guard bytes[index] == UInt8(ascii: "}") else {
          throw error("expected ',' or '}' after an object member, found \(describeCurrent())")
        }
        advance()
        return SourceNode(.object(members), at: start)
      }
    }

    mutating func array(depth: Int) throws(DocumentParseError) -> SourceNode {
      guard depth <= maxDepth else { throw error("nesting deeper than \(maxDepth) levels") }
      let start = position
      advance()  // [
      var items: [SourceNode] = []
      skipWhitespace()
      if !atEnd, bytes[index] == UInt8(ascii: "]") {
        advance()
        return SourceNode(.array(items), at: start)
      }
      while true {
        skipWhitespace()
        items.append(try value(depth: depth))
        skipWhitespace()
        guard !atEnd else { throw error("unexpected end of input: the array at \(start) is open") }
        if bytes[index] == UInt8(ascii: ",") {
          advance()
          skipWhitespace()
          if !atEnd, bytes[index] == UInt8(ascii: "]") {
            throw error("trailing comma before ']' (JSON allows none)")
          }
          continue
        }
        guard bytes[index] == UInt8(ascii: "]") else {
          throw error("expected ',' or ']' after an array element, found \(describeCurrent())")
        }
        advance()
        return SourceNode(.array(items), at: start)
      }
    }

    mutating func number() throws(DocumentParseError) -> SourceNode {
      let start = position
      let first = index
      func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
      if bytes[index] == UInt8(ascii: "-") { advance() }
      guard !atEnd, isDigit(bytes[index]) else { throw error("a number needs digits after '-'") }
      if bytes[index] == UInt8(ascii: "0") {
        advance()
        if !atEnd, isDigit(bytes[index]) { throw error("numbers may not have leading zeros") }
      } else {
        while !atEnd, isDigit(bytes[index]) { advance() }
      }
      if !atEnd, bytes[index] == UInt8(ascii: ".") {
        advance()
        guard !atEnd, isDigit(bytes[index]) else { throw error("expected digits after '.'") }
        while !atEnd, isDigit(bytes[index]) { advance() }
      }
      if !atEnd, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
        advance()
        if !atEnd, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
          advance()
        }
        guard !atEnd, isDigit(bytes[index]) else { throw error("expected digits in the exponent") }
        while !atEnd, isDigit(bytes[index]) { advance() }
      }
      return SourceNode(.number(String(decoding: bytes[first..<index], as: UTF8.self)), at: start)
    }

    /// A string starting at the opening quote; leaves the index after the closing quote.
    mutating func string() throws(DocumentParseError) -> String {
      let start = position
      advance()  // opening quote
      var result: [UInt8] = []
      var runStart = index
      while true {
        guard !atEnd else {
          throw error("unexpected end of input inside the string started at \(start)")
        }
        let byte = bytes[index]
        if byte == UInt8(ascii: "\"") {
          result.append(contentsOf: bytes[runStart..<index])
          advance()
          guard let text = String(validating: result, as: UTF8.self) else {
            throw DocumentParseError("the string is not valid UTF-8", at: start)
          }
          return text
        }
        if byte < 0x20 {
          throw error("control character 0x\(String(byte, radix: 16)) in a string: escape it")
        }
        if byte == UInt8(ascii: "\\") {
          result.append(contentsOf: bytes[runStart..<index])
          advance()
          try escape(into: &result)
          runStart = index
          continue
        }
        advance()
      }
    }

    mutating func escape(into result: inout [UInt8]) throws(DocumentParseError) {
      guard !atEnd else { throw error("unexpected end of input in an escape") }
      let byte = bytes[index]
      let simple: [UInt8: UInt8] = [
        UInt8(ascii: "\""): 0x22, UInt8(ascii: "\\"): 0x5C, UInt8(ascii: "/"): 0x2F,
        UInt8(ascii: "b"): 0x08, UInt8(ascii: "f"): 0x0C, UInt8(ascii: "n"): 0x0A,
        UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09,
      ]
      if let replacement = simple[byte] {
        result.append(replacement)
        advance()
        return
      }
      guard byte == UInt8(ascii: "u") else {
        throw error("invalid escape '\\\(Character(Unicode.Scalar(byte)))'")
      }
      advance()
      var code = try hexQuad()
      if (0xD800...0xDBFF).contains(code) {
        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
          bytes[index + 1] == UInt8(ascii: "u")
        else { throw error("a high surrogate must be followed by a low surrogate") }
        advance()
        advance()
        let low = try hexQuad()
        guard (0xDC00...0xDFFF).contains(low) else {
          throw error("a high surrogate must be followed by a low surrogate")
        }
        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
      } else if (0xDC00...0xDFFF).contains(code) {
        throw error("a lone low surrogate is not a character")
      }
      guard let scalar = Unicode.Scalar(code) else { throw error("invalid code point") }
      result.append(contentsOf: Array(String(Character(scalar)).utf8))
    }

    mutating func hexQuad() throws(DocumentParseError) -> UInt32 {
      var value: UInt32 = 0
      for _ in 0..<4 {
        guard !atEnd, let digit = Character(Unicode.Scalar(bytes[index])).hexDigitValue else {
          throw error("expected four hex digits after \\u")
        }
        value = value << 4 | UInt32(digit)
        advance()
      }
      return value
    }
  }
}
