/// A place in a request file: 1-based line and column, and the 0-based UTF-8 byte offset.
///
/// Columns count Unicode scalars, as editors do: `"猫"` is one column wide, not three. Lines end
/// at LF, CRLF or CR (YAML files also at NEL, U+2028 and U+2029, as YAML defines). A leading
/// byte order mark is not counted: line 1, column 1 is the first character after it, while
/// `offset` counts its three bytes. `offset` is `-1` when unknown (positions built in code).
public struct SourcePosition: Sendable, Hashable, Codable, CustomStringConvertible {
  /// The line, from 1.
  public let line: Int
  /// The column, from 1, in Unicode scalars.
  public let column: Int
  /// The byte offset from the start of the file, from 0; `-1` when unknown.
  public let offset: Int

  /// Creates a position; `offset` is `-1` (unknown) unless given.
  public init(line: Int, column: Int, offset: Int = -1) {
    self.line = line
    self.column = column
    self.offset = offset
  }

  /// `line:column`, as compilers and linters print it.
  public var description: String { "\(line):\(column)" }
}

/// A parsed JSON or YAML value together with where it stands in its file.
public struct SourceNode: Sendable, Equatable {
  /// The value, with children as nodes of their own.
  public indirect enum Value: Sendable, Equatable {
    /// `null` (YAML: `null`, `~` or nothing).
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number as written in JSON syntax (`5`, `5.0`, `5e0`), so integers and decimals stay
    /// distinguishable; ``SourceNode/numberValue`` reads it.
    case number(String)
    /// A string.
    case string(String)
    /// An array, in file order.
    case array([SourceNode])
    /// Members in file order, duplicates kept (the checker reports them).
    case object([SourceMember])
  }

  /// The value.
  public let value: Value
  /// Where the value starts; `nil` for values built in code (from command-line flags).
  public let position: SourcePosition?

  /// Creates a node.
  public init(_ value: Value, at position: SourcePosition? = nil) {
    self.value = value
    self.position = position
  }

  /// The member named `key` (the last one if the key is repeated), for objects.
  public subscript(key: String) -> SourceNode? {
    guard case .object(let members) = value else { return nil }
    return members.last { $0.key == key }?.value
  }

  /// The string, if this is a string.
  public var stringValue: String? {
    if case .string(let text) = value { return text }
    return nil
  }

  /// The number, if this is a number.
  public var numberValue: SourceNumber? {
    if case .number(let literal) = value { return SourceNumber(literal) }
    return nil
  }

  /// The Boolean, if this is `true` or `false`.
  public var boolValue: Bool? {
    if case .bool(let flag) = value { return flag }
    return nil
  }

  /// The elements, if this is an array.
  public var elements: [SourceNode]? {
    if case .array(let items) = value { return items }
    return nil
  }

  /// The members in file order, duplicates included, if this is an object.
  public var members: [SourceMember]? {
    if case .object(let members) = value { return members }
    return nil
  }

  /// The name of the value's JSON type: `null`, `boolean`, `number`, `string`, `array`, `object`.
  public var typeName: String {
    switch value {
    case .null: "null"
    case .bool: "boolean"
    case .number: "number"
    case .string: "string"
    case .array: "array"
    case .object: "object"
    }
  }
}

/// One member of an object: a key, where the key stands, and the value.
public struct SourceMember: Sendable, Equatable {
  /// The key.
  public let key: String
  /// Where the key starts (its opening quote, for a quoted key); `nil` for members built in code.
  public let keyPosition: SourcePosition?
  /// The value.
  public let value: SourceNode

  /// Creates a member.
  public init(key: String, keyPosition: SourcePosition? = nil, value: SourceNode) {
    self.key = key
    self.keyPosition = keyPosition
    self.value = value
  }
}

/// A number as written, so `5`, `5.0` and `5e0` stay distinguishable (the API wants integer
/// seconds, and `5.0` is not one).
public struct SourceNumber: Sendable, Hashable, CustomStringConvertible {
  /// The literal in JSON number syntax, e.g. `-12`, `5.0`, `1e3`.
  public let literal: String

  /// Wraps a literal (expected in JSON number syntax).
  public init(_ literal: String) {
    self.literal = literal
  }

  /// Whether the literal is written as an integer: digits with an optional `-`, no fraction and
  /// no exponent (`5` is, `5.0` and `5e0` are not).
  public var isInteger: Bool {
    let digits =
      literal.utf8.first == UInt8(ascii: "-") ? literal.utf8.dropFirst() : literal.utf8[...]
    return !digits.isEmpty
      && digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
  }

  /// The value, if the literal is an integer (``isInteger``) that fits in `Int64`; else `nil`.
  public var int64Value: Int64? {
    isInteger ? Int64(literal) : nil
  }

  /// The value as a `Double` (rounded; `±infinity` beyond its range, `nan` if not a number).
  public var doubleValue: Double {
    Double(literal) ?? .nan
  }

  /// The literal.
  public var description: String { literal }
}

/// A request file parsed with positions: the root value and its format.
public struct SourceDocument: Sendable, Equatable {
  /// The format a document was written in.
  public enum Format: String, Sendable, Codable {
    /// JSON (RFC 8259).
    case json
    /// YAML, its JSON-compatible subset.
    case yaml
  }

  /// The top-level value.
  public let root: SourceNode
  /// The format the document was written in.
  public let format: Format

  /// Creates a document.
  public init(root: SourceNode, format: Format) {
    self.root = root
    self.format = format
  }

  /// The node at an RFC 6901 JSON Pointer (`""` is the root; `/input/media/0/url`; `~1` is `/`
  /// and `~0` is `~` in a key); `nil` if absent or if the pointer is malformed. Of repeated keys,
  /// the last one counts, as in most JSON readers.
  public func node(at pointer: String) -> SourceNode? {
    guard let tokens = JSONPointer.strictTokens(pointer) else { return nil }
    return node(at: tokens[...])
  }

  /// The best position for a pointer: the node's own, else the deepest existing ancestor's (so a
  /// missing `/parameters/duration` points at `parameters`). `nil` only for a malformed pointer or
  /// a document built in code without positions.
  public func position(for pointer: String) -> SourcePosition? {
    guard let tokens = JSONPointer.strictTokens(pointer) else { return nil }
    var count = tokens.count
    while true {
      if let node = node(at: tokens[..<count]), let position = node.position { return position }
      guard count > 0 else { return nil }
      count -= 1
    }
  }

  private func node(at tokens: ArraySlice<String>) -> SourceNode? {
    var node = root
    for token in tokens {
      switch node.value {
      case .object:
        guard let child = node[token] else { return nil }
        node = child
      case .array(let items):
        guard let index = JSONPointer.arrayIndex(token), index < items.count else { return nil }
        node = items[index]
      default:
        return nil
      }
    }
    return node
  }
}

/// RFC 6901 JSON Pointers: `/input/media/0/url`.
public enum JSONPointer {
  /// A pointer from reference tokens, escaping `~` as `~0` and `/` as `~1`:
  /// `["input", "media", "0"]` gives `/input/media/0`, `[]` gives `""` (the root).
  public static func make(_ tokens: [String]) -> String {
    var pointer = ""
    for token in tokens {
      pointer += "/"
      pointer += token.replacingTildesAndSlashes()
    }
    return pointer
  }

  /// The reference tokens of a pointer, unescaped: `/a~1b/0` gives `["a/b", "0"]`. Lenient: a
  /// malformed pointer (no leading `/`, or `~` not followed by `0` or `1`) gives its best reading.
  public static func tokens(_ pointer: String) -> [String] {
    guard !pointer.isEmpty else { return [] }
    return segments(pointer).dropFirst().map { unescape($0) ?? String($0) }
  }

  /// The tokens, or `nil` for a malformed pointer.
  static func strictTokens(_ pointer: String) -> [String]? {
    guard !pointer.isEmpty else { return [] }
    guard pointer.utf8.first == UInt8(ascii: "/") else { return nil }
    var tokens: [String] = []
    for part in segments(pointer).dropFirst() {
      guard let token = unescape(part) else { return nil }
      tokens.append(token)
    }
    return tokens
  }

  /// An array index token: `0`, or digits without a leading zero; `-` and the rest are `nil`.
  static func arrayIndex(_ token: String) -> Int? {
    let utf8 = token.utf8
    guard let first = utf8.first, first != UInt8(ascii: "0") || utf8.count == 1,
      utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
    else { return nil }
    return Int(token)
  }

  /// The text between slashes (split on the `/` scalar, whatever follows it).
  private static func segments(_ pointer: String) -> [Substring] {
    var parts: [Substring] = []
    var start = pointer.startIndex
    var index = pointer.utf8.startIndex
    while index != pointer.utf8.endIndex {
      if pointer.utf8[index] == UInt8(ascii: "/") {
        parts.append(pointer[start..<index])
        start = pointer.utf8.index(after: index)
      }
      index = pointer.utf8.index(after: index)
    }
    parts.append(pointer[start...])
    return parts
  }

  /// `~1` → `/` and `~0` → `~`, left to right; `nil` for any other `~` sequence.
  private static func unescape(_ part: Substring) -> String? {
    guard part.utf8.contains(UInt8(ascii: "~")) else { return String(part) }
    var result = String.UnicodeScalarView()
    var iterator = part.unicodeScalars.makeIterator()
    while let scalar = iterator.next() {
      guard scalar == "~" else {
        result.append(scalar)
        continue
      }
      switch iterator.next() {
      case "0": result.append("~")
      case "1": result.append("/")
      default: return nil
      }
    }
    return String(result)
  }
}

extension String {
  fileprivate func replacingTildesAndSlashes() -> String {
    guard utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else {
      return self
    }
    var result = String.UnicodeScalarView()
    for scalar in unicodeScalars {
      switch scalar {
      case "~": result.append(contentsOf: "~0".unicodeScalars)
      case "/": result.append(contentsOf: "~1".unicodeScalars)
      default: result.append(scalar)
      }
    }
    return String(result)
  }
}
