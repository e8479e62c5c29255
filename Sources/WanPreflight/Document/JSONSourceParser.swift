/// Why a request file could not be parsed, and where.
public struct DocumentParseError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What is wrong, naming what was expected and what was found, e.g.
  /// `expected ',' or '}' after an object member, found '"'`.
  public let message: String
  /// Where the problem is.
  public let position: SourcePosition

  /// Creates an error.
  public init(_ message: String, at position: SourcePosition) {
    self.message = message
    self.position = position
  }

  /// `line:column: message`.
  public var description: String { "\(position): \(message)" }
}

/// Limits that keep a hostile request file cheap to reject. A real request is a few KB, a few
/// dozen values and four levels deep.
public struct ParseLimits: Sendable, Equatable {
  /// The deepest nesting of arrays and objects accepted (the root container is level 1).
  public var maxDepth: Int
  /// The largest file accepted, in bytes; a larger one is refused before parsing.
  public var maxBytes: Int
  /// The longest string (value or key) accepted, in UTF-8 bytes; `nil` for no limit but
  /// ``maxBytes``.
  public var maxStringBytes: Int?
  /// The most values (of any kind, containers included) a file may hold.
  public var maxNodes: Int

  /// Creates limits: 64 levels, 8 MiB, strings as long as the file, 100,000 values unless given.
  public init(
    maxDepth: Int = 64, maxBytes: Int = 8 << 20, maxStringBytes: Int? = nil,
    maxNodes: Int = 100_000
  ) {
    self.maxDepth = maxDepth
    self.maxBytes = maxBytes
    self.maxStringBytes = maxStringBytes
    self.maxNodes = maxNodes
  }

  /// 64 levels, 8 MiB, no separate string limit, 100,000 values.
  public static let `default` = ParseLimits()

  /// Refuses a file of `count` bytes over ``maxBytes`` before any parser reads it.
  func checkSize(_ count: Int) throws(DocumentParseError) {
    guard count <= maxBytes else {
      throw DocumentParseError(
        "the file is \(count) bytes; request files are limited to \(maxBytes)",
        at: SourcePosition(line: 1, column: 1, offset: 0))
    }
  }
}

/// A strict RFC 8259 JSON parser that records where every value and key starts.
///
/// Foundation's `JSONDecoder` gives no positions, and a linter must point at `file:line:column`.
/// The parser is iterative (10,000 nested `[` give an error, not a stack overflow) and linear
/// in time, and it rejects what JSON rejects: comments, trailing commas, `NaN`, leading zeros,
/// single quotes, control characters in strings, invalid UTF-8 and lone surrogates. A leading
/// UTF-8 byte order mark is skipped. Any value may stand at the top level.
public enum JSONSourceParser {
  /// Parses UTF-8 `bytes`.
  public static func parse(
    _ bytes: [UInt8], limits: ParseLimits = .default
  ) throws(DocumentParseError) -> SourceDocument {
    try limits.checkSize(bytes.count)
    let result = bytes.withUnsafeBufferPointer { buffer in
      var scanner = Scanner(buffer, limits: limits)
      return Result { () throws(DocumentParseError) in try scanner.document() }
    }
    return try result.get()
  }

  /// Parses UTF-8 bytes from any collection (`Data`, `ArraySlice<UInt8>`, `String.UTF8View`).
  public static func parse<Bytes: Collection<UInt8>>(
    _ bytes: Bytes, limits: ParseLimits = .default
  ) throws(DocumentParseError) -> SourceDocument {
    try limits.checkSize(bytes.count)
    return try parse(Array(bytes), limits: limits)
  }

  /// An array or object being filled.
  private struct Frame {
    let isObject: Bool
    let start: SourcePosition
    var items: [SourceNode] = []
    var members: [SourceMember] = []
    var key = ""
    var keyPosition = SourcePosition(line: 0, column: 0)
  }

  private struct Scanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let limits: ParseLimits
    var index = 0
    var line = 1
    /// The offset where the current line starts.
    var lineStart = 0
    /// UTF-8 continuation bytes between `lineStart` and `index` (only strings hold any).
    var lineContinuations = 0
    var nodes = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>, limits: ParseLimits) {
      self.bytes = bytes
      self.limits = limits
    }

    var atEnd: Bool { index >= bytes.count }
    var current: UInt8? { index < bytes.count ? bytes[index] : nil }
    var position: SourcePosition {
      SourcePosition(line: line, column: index - lineStart - lineContinuations + 1, offset: index)
    }

    func error(_ message: String) -> DocumentParseError {
      DocumentParseError(message, at: position)
    }

    // MARK: Document and containers

    mutating func document() throws(DocumentParseError) -> SourceDocument {
      if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
        index = 3
        lineStart = 3
      }
      skipWhitespace()
      guard !atEnd else { throw error("the file is empty: expected a JSON value") }
      let root = try valueTree()
      skipWhitespace()
      guard atEnd else {
        throw error("unexpected \(describeCurrent()) after the JSON value (a file holds one value)")
      }
      return SourceDocument(root: root, format: .json)
    }

    /// One value with everything inside it, without recursion: open containers live on `stack`.
    mutating func valueTree() throws(DocumentParseError) -> SourceNode {
      var stack: [Frame] = []
      while true {
        // Whitespace is skipped; a value starts here.
        var node: SourceNode
        let start = position
        switch current {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
          let isObject = current == UInt8(ascii: "{")
          guard stack.count < limits.maxDepth else {
            throw error("nesting deeper than \(limits.maxDepth) levels")
          }
          index += 1
          skipWhitespace()
          if current == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
            index += 1
            node = SourceNode(isObject ? .object([]) : .array([]), at: start)
          } else {
            var frame = Frame(isObject: isObject, start: start)
            if isObject {
              (frame.key, frame.keyPosition) = try memberName(
                "expected a member name in double quotes or '}'")
            }
            stack.append(frame)
            continue
          }
        case UInt8(ascii: "\""):
          node = SourceNode(.string(try string()), at: start)
        case let byte? where byte == UInt8(ascii: "-") || isDigit(byte):
          node = SourceNode(.number(try number()), at: start)
        case let byte? where isLetter(byte):
          node = SourceNode(try word(), at: start)
        default:
          throw error("expected a value, found \(describeCurrent())\(hintForCurrent())")
        }
        try count()
        // Put the value in its container; close every container that ends after it.
        while true {
          let top = stack.count - 1
          guard top >= 0 else { return node }
          let isObject = stack[top].isObject
          if isObject {
            stack[top].members.append(
              SourceMember(key: stack[top].key, keyPosition: stack[top].keyPosition, value: node))
          } else {
            stack[top].items.append(node)
          }
          skipWhitespace()
          let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
          let what = isObject ? "an object member" : "an array element"
          if current == UInt8(ascii: ",") {
            let comma = position
            index += 1
            skipWhitespace()
            if current == close {
              throw DocumentParseError(
                "trailing comma before '\(Character(Unicode.Scalar(close)))' (JSON allows none)",
                at: comma)
            }
            if isObject {
              (stack[top].key, stack[top].keyPosition) = try memberName(
                "expected a member name in double quotes after ','")
            }
            break
          }
          guard current == close else {
            let expected = "expected ',' or '\(Character(Unicode.Scalar(close)))' after \(what)"
            if atEnd {
              let kind = isObject ? "object" : "array"
              throw error(
                "unexpected end of input: \(expected) (the \(kind) started at \(stack[top].start))")
            }
            throw error("\(expected), found \(describeCurrent())\(hintForCurrent())")
          }
          index += 1
          let frame = stack.removeLast()
          node = SourceNode(
            frame.isObject ? .object(frame.members) : .array(frame.items), at: frame.start)
          try count()
        }
        skipWhitespace()
      }
    }

    /// A member name and the `:` after it; leaves whitespace after the colon skipped.
    mutating func memberName(_ expectation: String) throws(DocumentParseError) -> (
      String, SourcePosition
    ) {
      guard current == UInt8(ascii: "\"") else {
        throw error("\(expectation), found \(describeCurrent())\(hintForCurrent())")
      }
      let keyPosition = position
      let key = try string()
      skipWhitespace()
      guard current == UInt8(ascii: ":") else {
        throw error(
          "expected ':' after the member name \"\(key.prefix(40))\", found \(describeCurrent())")
      }
      index += 1
      skipWhitespace()
      return (key, keyPosition)
    }

    mutating func count() throws(DocumentParseError) {
      nodes += 1
      guard nodes <= limits.maxNodes else {
        throw error("more than \(limits.maxNodes) values in one file")
      }
    }

    // MARK: Whitespace and positions

    mutating func skipWhitespace() {
      while index < bytes.count {
        switch bytes[index] {
        case 0x20, 0x09:
          index += 1
        case 0x0A:
          index += 1
          newLine()
        case 0x0D:
          index += 1
          if index < bytes.count, bytes[index] == 0x0A { index += 1 }
          newLine()
        default:
          return
        }
      }
    }

    mutating func newLine() {
      line += 1
      lineStart = index
      lineContinuations = 0
    }

    // MARK: Scalars

    /// `true`, `false`, `null`, or an error naming the word found.
    mutating func word() throws(DocumentParseError) -> SourceNode.Value {
      let start = index
      while index < bytes.count, isLetter(bytes[index]) || isDigit(bytes[index]) { index += 1 }
      let text = String(decoding: bytes[start..<index], as: UTF8.self)
      switch text {
      case "true": return .bool(true)
      case "false": return .bool(false)
      case "null": return .null
      default:
        let shown = text.count > 24 ? text.prefix(24) + "…" : text[...]
        let hint: String
        switch text.lowercased() {
        case "true", "false", "null": hint = "JSON literals are lowercase: true, false, null"
        case "nan", "infinity": hint = "JSON has no NaN or Infinity"
        case "undefined", "none", "nil": hint = "JSON writes a missing value as null"
        default: hint = "strings need double quotes"
        }
        index = start
        throw error("expected a value, found the word '\(shown)' (\(hint))")
      }
    }

    /// A number's literal, checked against RFC 8259's grammar.
    mutating func number() throws(DocumentParseError) -> String {
      let start = index
      if current == UInt8(ascii: "-") {
        index += 1
        guard let byte = current, isDigit(byte) else {
          throw error("expected a digit after '-', found \(describeCurrent())")
        }
      }
      if current == UInt8(ascii: "0") {
        index += 1
        if let byte = current, isDigit(byte) {
          index = start
          throw error("numbers may not have leading zeros")
        }
      } else {
        while let byte = current, isDigit(byte) { index += 1 }
      }
      if current == UInt8(ascii: ".") {
        index += 1
        guard let byte = current, isDigit(byte) else {
          throw error("expected a digit after '.' in a number, found \(describeCurrent())")
        }
        while let byte = current, isDigit(byte) { index += 1 }
      }
      if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
        index += 1
        if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
        guard let byte = current, isDigit(byte) else {
          throw error("expected a digit in the exponent, found \(describeCurrent())")
        }
        while let byte = current, isDigit(byte) { index += 1 }
      }
      return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// A string starting at its opening quote; leaves the index after the closing quote.
    ///
    /// Runs without escapes are copied as whole slices; UTF-8 is checked as it goes.
    mutating func string() throws(DocumentParseError) -> String {
      let start = position
      index += 1
      var decoded: [UInt8] = []
      var hasEscapes = false
      var runStart = index
      while true {
        guard index < bytes.count else {
          throw error("unexpected end of input inside the string started at \(start)")
        }
        let byte = bytes[index]
        if byte == UInt8(ascii: "\"") {
          let text: String
          if hasEscapes {
            decoded.append(contentsOf: bytes[runStart..<index])
            try checkStringLength(decoded.count, start)
            text = String(decoding: decoded, as: UTF8.self)
          } else {
            try checkStringLength(index - runStart, start)
            text = String(decoding: bytes[runStart..<index], as: UTF8.self)
          }
          index += 1
          return text
        } else if byte == UInt8(ascii: "\\") {
          decoded.append(contentsOf: bytes[runStart..<index])
          hasEscapes = true
          try escape(into: &decoded)
          runStart = index
        } else if byte < 0x20 {
          if byte == 0x0A || byte == 0x0D {
            throw error("line break inside the string started at \(start) (write it as \\n)")
          }
          throw error("control character \(codePoint(UInt32(byte))) inside a string (escape it)")
        } else if byte < 0x80 {
          index += 1
        } else {
          let length = try utf8Sequence()
          index += length
          lineContinuations += length - 1
        }
      }
    }

    func checkStringLength(_ count: Int, _ start: SourcePosition) throws(DocumentParseError) {
      if let limit = limits.maxStringBytes, count > limit {
        throw DocumentParseError(
          "the string is \(count) bytes long; the limit is \(limit)", at: start)
      }
    }

    /// The length of the valid UTF-8 sequence at `index`, or an error there.
    func utf8Sequence() throws(DocumentParseError) -> Int {
      if let length = validSequenceLength(at: index) { return length }
      throw error("invalid UTF-8: \(describeCurrent()) does not start a valid character")
    }

    /// The length of the well-formed UTF-8 sequence at `offset` (Unicode table 3-7), or `nil`.
    func validSequenceLength(at offset: Int) -> Int? {
      let lead = bytes[offset]
      let length: Int
      var low: UInt8 = 0x80
      var high: UInt8 = 0xBF
      switch lead {
      case 0x00...0x7F: return 1
      case 0xC2...0xDF: length = 2
      case 0xE0:
        length = 3
        low = 0xA0
      case 0xE1...0xEC, 0xEE...0xEF: length = 3
      case 0xED:
        length = 3
        high = 0x9F
      case 0xF0:
        length = 4
        low = 0x90
      case 0xF1...0xF3: length = 4
      case 0xF4:
        length = 4
        high = 0x8F
      default: return nil
      }
      guard offset + length <= bytes.count else { return nil }
      guard bytes[offset + 1] >= low, bytes[offset + 1] <= high else { return nil }
      for next in (offset + 2)..<(offset + length) where bytes[next] & 0xC0 != 0x80 {
        return nil
      }
      return length
    }

    /// An escape starting at the backslash; appends its UTF-8.
    mutating func escape(into result: inout [UInt8]) throws(DocumentParseError) {
      let backslash = position
      index += 1
      guard let byte = current else {
        throw error("unexpected end of input in an escape sequence")
      }
      let simple: UInt8?
      switch byte {
      case UInt8(ascii: "\""): simple = 0x22
      case UInt8(ascii: "\\"): simple = 0x5C
      case UInt8(ascii: "/"): simple = 0x2F
      case UInt8(ascii: "b"): simple = 0x08
      case UInt8(ascii: "f"): simple = 0x0C
      case UInt8(ascii: "n"): simple = 0x0A
      case UInt8(ascii: "r"): simple = 0x0D
      case UInt8(ascii: "t"): simple = 0x09
      case UInt8(ascii: "u"): simple = nil
      default:
        let shown = byte >= 0x20 && byte < 0x7F ? "'\\\(Character(Unicode.Scalar(byte)))'" : "'\\'"
        throw DocumentParseError(
          "invalid escape \(shown); JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX",
          at: backslash)
      }
      index += 1
      if let simple {
        result.append(simple)
        return
      }
      var code = try hexQuad()
      if (0xDC00...0xDFFF).contains(code) {
        throw DocumentParseError(
          "lone surrogate \\u\(hex(code)): a low surrogate must follow a high one (\\uD800-\\uDBFF)",
          at: backslash)
      }
      if (0xD800...0xDBFF).contains(code) {
        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
          bytes[index + 1] == UInt8(ascii: "u")
        else {
          throw DocumentParseError(
            "lone surrogate \\u\(hex(code)): a high surrogate must be followed by a low one"
              + " (\\uDC00-\\uDFFF)", at: backslash)
        }
        index += 2
        let low = try hexQuad()
        guard (0xDC00...0xDFFF).contains(low) else {
          throw DocumentParseError(
            "lone surrogate \\u\(hex(code)): it is followed by \\u\(hex(low)), not a low surrogate"
              + " (\\uDC00-\\uDFFF)", at: backslash)
        }
        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
      }
      // Surrogates are excluded above, so every remaining code is a scalar.
      let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
      result.append(contentsOf: scalar.utf8)
    }

    mutating func hexQuad() throws(DocumentParseError) -> UInt32 {
      var value: UInt32 = 0
      for _ in 0..<4 {
        guard let byte = current, let digit = hexValue(byte) else {
          throw error("expected four hex digits after \\u, found \(describeCurrent())")
        }
        value = value << 4 | digit
        index += 1
      }
      return value
    }

    // MARK: Describing what was found

    /// `'x'`, `end of input`, `a line break`, `'“' (U+201C)` or `byte 0xFF (not UTF-8)`.
    func describeCurrent() -> String {
      guard let byte = current else { return "end of input" }
      switch byte {
      case 0x0A, 0x0D: return "a line break"
      case 0x09: return "a tab"
      case 0x27: return "a single quote (')"
      case 0x20..<0x7F: return "'\(Character(Unicode.Scalar(byte)))'"
      case 0x00..<0x20, 0x7F: return "control character \(codePoint(UInt32(byte)))"
      default:
        guard let length = validSequenceLength(at: index),
          let scalar = String(decoding: bytes[index..<(index + length)], as: UTF8.self)
            .unicodeScalars.first
        else {
          return "byte 0x\(hex(UInt32(byte), width: 2)) (not UTF-8)"
        }
        return "'\(scalar)' (\(codePoint(scalar.value)))"
      }
    }

    /// A hint for common non-JSON habits, or "".
    func hintForCurrent() -> String {
      guard let byte = current else { return "" }
      switch byte {
      case 0x27: return "; JSON strings and names use double quotes"
      case UInt8(ascii: "/"), UInt8(ascii: "#"): return "; JSON has no comments"
      case UInt8(ascii: "+"), UInt8(ascii: "."): return "; JSON numbers start with '-' or a digit"
      case 0xE2:
        // “ ” ‘ ’ are E2 80 9C/9D/98/99.
        if index + 2 < bytes.count, bytes[index + 1] == 0x80,
          [0x98, 0x99, 0x9C, 0x9D].contains(bytes[index + 2])
        {
          return "; JSON needs straight double quotes (\")"
        }
        return ""
      default: return ""
      }
    }
  }
}

private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

private func isLetter(_ byte: UInt8) -> Bool {
  (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "_")
}

private func hexValue(_ byte: UInt8) -> UInt32? {
  switch byte {
  case 0x30...0x39: UInt32(byte - 0x30)
  case 0x41...0x46: UInt32(byte - 0x41 + 10)
  case 0x61...0x66: UInt32(byte - 0x61 + 10)
  default: nil
  }
}

func hex(_ value: UInt32, width: Int = 4) -> String {
  let digits = String(value, radix: 16, uppercase: true)
  return String(repeating: "0", count: max(0, width - digits.count)) + digits
}

/// `U+000A`.
func codePoint(_ value: UInt32) -> String { "U+" + hex(value) }
