import Foundation

/// A 1-based line and column in a request file. Columns count Unicode scalars, as editors do.
public struct SourcePosition: Sendable, Hashable, Codable, CustomStringConvertible {
  /// The line, from 1.
  public let line: Int
  /// The column, from 1, in Unicode scalars.
  public let column: Int

  /// Creates a position.
  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }

  /// `line:column`.
  public var description: String { "\(line):\(column)" }
}

/// A parsed JSON or YAML value together with where it stands in its file.
public struct SourceNode: Sendable, Equatable {
  /// The value, with children as nodes of their own.
  public indirect enum Value: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number as written (`5`, `5.0`, `5e0`), so integers and decimals stay distinguishable.
    case number(String)
    case string(String)
    case array([SourceNode])
    /// Members in file order, duplicates kept (the checker reports them).
    case object([SourceMember])
  }

  /// The value.
  public let value: Value
  /// Where the value starts; `nil` for values built from command-line flags.
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

  /// The string value, if this is a string.
  public var stringValue: String? {
    if case .string(let text) = value { return text }
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
  /// Where the key starts.
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

/// A request file parsed with positions: the root value and its format.
public struct SourceDocument: Sendable, Equatable {
  /// The format the document was written in.
  public enum Format: String, Sendable, Codable {
    case json
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

  /// The node at an RFC 6901 JSON Pointer (`""` is the root; `/input/media/0/url`).
  public func node(at pointer: String) -> SourceNode? {
    var node = root
    for token in JSONPointer.tokens(pointer) {
      switch node.value {
      case .object:
        guard let child = node[token] else { return nil }
        node = child
      case .array(let items):
        guard let index = Int(token), items.indices.contains(index) else { return nil }
        node = items[index]
      default:
        return nil
      }
    }
    return node
  }

  /// The best position for a pointer: the node's own, else the nearest existing ancestor's (so a
  /// missing `/parameters/duration` points at `parameters`).
  public func position(for pointer: String) -> SourcePosition? {
    var tokens = JSONPointer.tokens(pointer)
    while true {
      if let node = node(at: JSONPointer.make(tokens)), let position = node.position {
        return position
      }
      guard !tokens.isEmpty else { return nil }
      tokens.removeLast()
    }
  }
}

/// RFC 6901 JSON Pointers.
public enum JSONPointer {
  /// A pointer from reference tokens, escaping `~` and `/`: `["input", "media", "0"]` gives
  /// `/input/media/0`.
  public static func make(_ tokens: [String]) -> String {
    tokens.map {
      "/" + $0.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }.joined()
  }

  /// The reference tokens of a pointer, unescaped.
  public static func tokens(_ pointer: String) -> [String] {
    guard !pointer.isEmpty else { return [] }
    return pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
      $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
    }
  }
}
