import Yams

/// Parses a YAML request file into the same positioned tree as ``JSONSourceParser``.
///
/// Only the JSON-compatible subset is accepted: one document, scalar keys, and no anchors or
/// aliases (refused from the text before Yams runs: they let a small file expand without bound).
/// Plain scalars resolve as YAML 1.2's core schema does (`true`, `5`, `5.0`,
/// `null`, `~`); quoted scalars are always strings.
public enum YAMLSourceParser {
  /// The most nodes a request file may hold.
  static let maxNodes = 100_000

  /// Parses `text`.
  public static func parse(
    _ text: String, limits: ParseLimits = ParseLimits()
  ) throws(DocumentParseError) -> SourceDocument {
    guard text.utf8.count <= limits.maxBytes else {
      throw DocumentParseError(
        "the file is \(text.utf8.count) bytes; request files are limited to \(limits.maxBytes)",
        at: SourcePosition(line: 1, column: 1))
    }
    if let position = YAMLAliasScanner.firstAnchorOrAlias(in: text) {
      throw DocumentParseError(
        "YAML anchors and aliases (&name, *name) are not accepted in request files", at: position)
    }
    let root: Node?
    do {
      root = try Yams.compose(yaml: text)
    } catch let error as YamlError {
      throw Self.describe(error)
    } catch {
      throw DocumentParseError("\(error)", at: SourcePosition(line: 1, column: 1))
    }
    guard let root else {
      throw DocumentParseError(
        "the file is empty: expected a YAML mapping", at: SourcePosition(line: 1, column: 1))
    }
    var converter = Converter(maxDepth: limits.maxDepth)
    return SourceDocument(root: try converter.convert(root, depth: 0), format: .yaml)
  }

  private struct Converter {
    let maxDepth: Int
    var nodes = 0

    mutating func convert(_ node: Node, depth: Int) throws(DocumentParseError) -> SourceNode {
      let position = node.mark.map { SourcePosition(line: $0.line, column: $0.column) }
      func fail(_ message: String) -> DocumentParseError {
        DocumentParseError(message, at: position ?? SourcePosition(line: 1, column: 1))
      }
      nodes += 1
      guard nodes <= YAMLSourceParser.maxNodes else {
        throw fail("more than \(YAMLSourceParser.maxNodes) values")
      }
      guard depth <= maxDepth else { throw fail("nesting deeper than \(maxDepth) levels") }
      switch node {
      case .alias:
        throw fail("YAML aliases are not accepted in request files")
      case .scalar(let scalar):
        return SourceNode(Self.resolve(scalar), at: position)
      case .sequence(let sequence):
        var items: [SourceNode] = []
        for item in sequence { items.append(try convert(item, depth: depth + 1)) }
        return SourceNode(.array(items), at: position)
      case .mapping(let mapping):
        var members: [SourceMember] = []
        for (key, value) in mapping {
          guard case .scalar(let keyScalar) = key else {
            throw fail("mapping keys must be scalars")
          }
          let keyPosition = key.mark.map { SourcePosition(line: $0.line, column: $0.column) }
          members.append(
            SourceMember(
              key: keyScalar.string, keyPosition: keyPosition,
              value: try convert(value, depth: depth + 1)))
        }
        return SourceNode(.object(members), at: position)
      }
    }

    /// YAML 1.2 core-schema resolution of a scalar, kept JSON-compatible.
    static func resolve(_ scalar: Node.Scalar) -> SourceNode.Value {
      let text = scalar.string
      guard scalar.style == .plain || scalar.style == .any else { return .string(text) }
      switch text {
      case "", "~", "null", "Null", "NULL": return .null
      case "true", "True", "TRUE": return .bool(true)
      case "false", "False", "FALSE": return .bool(false)
      default: break
      }
      if text.wholeMatch(of: #/[-+]?[0-9]+/#) != nil {
        return .number(text.hasPrefix("+") ? String(text.dropFirst()) : text)
      }
      if text.wholeMatch(of: #/[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?/#) != nil {
        return .number(text.hasPrefix("+") ? String(text.dropFirst()) : text)
      }
      return .string(text)
    }
  }

  private static func describe(_ error: YamlError) -> DocumentParseError {
    switch error {
    case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
      .composer(_, let problem, let mark, _):
      return DocumentParseError(problem, at: SourcePosition(line: mark.line, column: mark.column))
    default:
      return DocumentParseError("\(error)", at: SourcePosition(line: 1, column: 1))
    }
  }
}
