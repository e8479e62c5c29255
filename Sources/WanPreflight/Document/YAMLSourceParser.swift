import Yams

/// Parses a YAML request file into the same positioned tree as ``JSONSourceParser``.
///
/// Only YAML's JSON-compatible subset is accepted: one document, scalar keys, no anchors or
/// aliases, and no tags but the core schema's (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`,
/// `!!map`, `!!seq`). Anchors and aliases are refused because aliases let a few hundred bytes
/// expand into billions of values; they are found in the text before Yams runs (Yams hashes
/// mapping keys, so an aliased key costs it time exponential in the file's size) and again in
/// its result.
///
/// Plain scalars resolve as YAML 1.2's core schema does: `null`, `~` and nothing are null;
/// `true`/`false` (also `True`, `TRUE`, …) are Booleans; `5`, `-5`, `0x1F`, `0o17` are
/// integers and `5.0`, `.5`, `1e3` decimals, kept as ``SourceNode/Value/number(_:)`` literals in
/// JSON syntax (`+5` → `5`, `007` → `7`, `.5` → `0.5`, `0x1F` → `31`), so `5.0` stays a decimal;
/// `.inf` and `.nan`, which JSON cannot write, and everything else are strings. Quoted and block
/// scalars are always strings. YAML forbids repeated keys, so a repeated key is an error here.
///
/// Positions are Yams's (libyaml's) line and column, counted in Unicode scalars; offsets are
/// computed from them.
public enum YAMLSourceParser {
  /// Parses `text`.
  public static func parse(
    _ text: String, limits: ParseLimits = .default
  ) throws(DocumentParseError) -> SourceDocument {
    try parse(text, limits: limits, prescan: true)
  }

  /// Parses UTF-8 `bytes` (a file's content). Bytes that are not UTF-8 are an error at the
  /// first of them, as in ``JSONSourceParser``: decoding them into a `String` would replace
  /// them with U+FFFD, and the request checked would not be the file.
  public static func parse<Bytes: Collection<UInt8>>(
    _ bytes: Bytes, limits: ParseLimits = .default
  ) throws(DocumentParseError) -> SourceDocument {
    try limits.checkSize(bytes.count)
    let content = Array(bytes)
    if let offset = firstInvalidUTF8(content) {
      throw DocumentParseError(
        "invalid UTF-8: byte 0x\(hex(UInt32(content[offset]), width: 2)) (not UTF-8) does not "
          + "start a valid character",
        at: LineLocator(content, baseOffset: 0).position(atByte: offset))
    }
    return try parse(String(decoding: content, as: UTF8.self), limits: limits)
  }

  /// The offset of the first byte that does not begin a well-formed UTF-8 sequence.
  static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = bytes.makeIterator()
    var offset = 0
    while true {
      switch parser.parseScalar(from: &iterator) {
      case .valid(let scalar): offset += scalar.count
      case .emptyInput: return nil
      case .error: return offset
      }
    }
  }

  /// Parses `text`; without `prescan`, anchors are found only in Yams's result (for tests).
  static func parse(
    _ text: String, limits: ParseLimits, prescan: Bool
  ) throws(DocumentParseError) -> SourceDocument {
    try limits.checkSize(text.utf8.count)
    // libyaml is told the encoding, so it would read a byte order mark as text: drop it here.
    var body = text
    var bomBytes = 0
    if body.unicodeScalars.first == "\u{FEFF}" {
      body.unicodeScalars.removeFirst()
      bomBytes = 3
    }
    let locator = LineLocator(Array(body.utf8), baseOffset: bomBytes)
    switch prescan ? AnchorScanner.firstProblem(in: locator.bytes, maxDepth: limits.maxDepth) : nil
    {
    case .anchor(let offset)?:
      throw DocumentParseError(anchorMessage, at: locator.position(atByte: offset))
    case .tooDeep(let offset)?:
      throw DocumentParseError(
        "nesting deeper than \(limits.maxDepth) levels", at: locator.position(atByte: offset))
    case nil:
      break
    }
    let parser: Parser
    let root: Node?
    do {
      parser = try Parser(yaml: body)
      root = try parser.singleRoot()
    } catch let error as YamlError {
      throw describe(error, in: body, locator: locator, limits: limits)
    } catch {
      throw DocumentParseError("\(error)", at: SourcePosition(line: 1, column: 1, offset: 0))
    }
    guard let root else {
      throw DocumentParseError(
        "the file is empty: expected a YAML document",
        at: SourcePosition(line: 1, column: 1, offset: bomBytes))
    }
    var converter = Converter(limits: limits, locator: locator)
    let node = try converter.convert(root, depth: 0)
    // Yams's nodes hold their anchors weakly; the parser keeps them alive until here.
    withExtendedLifetime(parser) {}
    return SourceDocument(root: node, format: .yaml)
  }

  // MARK: Converting Yams nodes

  private struct Converter {
    let limits: ParseLimits
    var locator: LineLocator
    var nodes = 0

    init(limits: ParseLimits, locator: LineLocator) {
      self.limits = limits
      self.locator = locator
    }

    mutating func position(_ node: Node) -> SourcePosition {
      guard let mark = node.mark else { return SourcePosition(line: 1, column: 1) }
      return locator.position(line: mark.line, column: mark.column)
    }

    mutating func convert(_ node: Node, depth: Int) throws(DocumentParseError) -> SourceNode {
      let position = position(node)
      func fail(_ message: String) -> DocumentParseError {
        DocumentParseError(message, at: position)
      }
      nodes += 1
      guard nodes <= limits.maxNodes else { throw fail("more than \(limits.maxNodes) values") }
      guard node.anchor == nil else { throw fail(YAMLSourceParser.anchorMessage) }
      switch node {
      case .alias:
        throw fail(YAMLSourceParser.anchorMessage)
      case .scalar(let scalar):
        let value = try YAMLSourceParser.resolve(scalar, position: position)
        if case .string(let text) = value { try checkLength(text, at: position) }
        return SourceNode(value, at: position)
      case .sequence(let sequence):
        try checkCollectionTag(sequence.tag, allowed: "tag:yaml.org,2002:seq", at: position)
        guard depth < limits.maxDepth else {
          throw fail("nesting deeper than \(limits.maxDepth) levels")
        }
        var items: [SourceNode] = []
        items.reserveCapacity(sequence.count)
        for item in sequence { items.append(try convert(item, depth: depth + 1)) }
        return SourceNode(.array(items), at: position)
      case .mapping(let mapping):
        try checkCollectionTag(mapping.tag, allowed: "tag:yaml.org,2002:map", at: position)
        guard depth < limits.maxDepth else {
          throw fail("nesting deeper than \(limits.maxDepth) levels")
        }
        var members: [SourceMember] = []
        members.reserveCapacity(mapping.count)
        for (key, value) in mapping {
          let keyPosition = self.position(key)
          guard key.anchor == nil else {
            throw DocumentParseError(YAMLSourceParser.anchorMessage, at: keyPosition)
          }
          guard case .scalar(let keyScalar) = key else {
            let kind = if case .mapping = key { "a mapping" } else { "a sequence" }
            throw DocumentParseError(
              "a mapping key must be a scalar (a name), not \(kind)", at: keyPosition)
          }
          try checkLength(keyScalar.string, at: keyPosition)
          members.append(
            SourceMember(
              key: keyScalar.string, keyPosition: keyPosition,
              value: try convert(value, depth: depth + 1)))
        }
        return SourceNode(.object(members), at: position)
      }
    }

    func checkLength(_ text: String, at position: SourcePosition) throws(DocumentParseError) {
      if let limit = limits.maxStringBytes, text.utf8.count > limit {
        throw DocumentParseError(
          "the string is \(text.utf8.count) bytes long; the limit is \(limit)", at: position)
      }
    }

    func checkCollectionTag(_ tag: Tag, allowed: String, at position: SourcePosition)
      throws(DocumentParseError)
    {
      let name = tag.description
      guard name.isEmpty || name == "!" || name == allowed else {
        throw DocumentParseError(YAMLSourceParser.tagMessage(name), at: position)
      }
    }
  }

  static let anchorMessage =
    "YAML anchors and aliases are not supported in request files (write the value out)"

  static func tagMessage(_ name: String) -> String {
    "the YAML tag '\(tagMessageName(name))' is not supported in request files"
  }

  // MARK: Resolving scalars

  /// YAML 1.2 core-schema resolution of a scalar, kept JSON-compatible.
  static func resolve(_ scalar: Node.Scalar, position: SourcePosition) throws(DocumentParseError)
    -> SourceNode.Value
  {
    let text = scalar.string
    let tag = scalar.tag.description
    func mismatch(_ kind: String) -> DocumentParseError {
      DocumentParseError(
        "'\(text.prefix(40))' is not \(kind) (it is tagged \(tagMessageName(tag)))", at: position)
    }
    switch tag {
    case "":
      guard scalar.style == .plain || scalar.style == .any else { return .string(text) }
      return plainValue(text)
    case "!", "tag:yaml.org,2002:str":
      return .string(text)
    case "tag:yaml.org,2002:null":
      guard case .null = plainValue(text) else { throw mismatch("null") }
      return .null
    case "tag:yaml.org,2002:bool":
      guard case .bool(let flag) = plainValue(text) else { throw mismatch("true or false") }
      return .bool(flag)
    case "tag:yaml.org,2002:int":
      guard let literal = integerLiteral(text) else { throw mismatch("an integer") }
      return .number(literal)
    case "tag:yaml.org,2002:float":
      // An integer written with !!float is a decimal: 5 → 5.0.
      guard let literal = integerLiteral(text).map({ $0 + ".0" }) ?? decimalLiteral(text) else {
        throw mismatch("a number JSON can write")
      }
      return .number(literal)
    default:
      throw DocumentParseError(tagMessage(tag), at: position)
    }
  }

  /// `!!int` for `tag:yaml.org,2002:int`; other tags as written.
  private static func tagMessageName(_ tag: String) -> String {
    tag.hasPrefix("tag:yaml.org,2002:") ? "!!" + tag.dropFirst(18) : tag
  }

  /// A plain, untagged scalar's value.
  static func plainValue(_ text: String) -> SourceNode.Value {
    switch text {
    case "", "~", "null", "Null", "NULL": return .null
    case "true", "True", "TRUE": return .bool(true)
    case "false", "False", "FALSE": return .bool(false)
    default: break
    }
    if let literal = integerLiteral(text) ?? decimalLiteral(text) { return .number(literal) }
    return .string(text)
  }

  /// `[-+]?[0-9]+`, `0o[0-7]+` or `0x[0-9a-fA-F]+` as a JSON integer literal, else `nil`.
  static func integerLiteral(_ text: String) -> String? {
    let bytes = Array(text.utf8)
    if bytes.count > 2, bytes[0] == UInt8(ascii: "0"),
      bytes[1] == UInt8(ascii: "x") || bytes[1] == UInt8(ascii: "o")
    {
      let radix = bytes[1] == UInt8(ascii: "x") ? 16 : 8
      // Digits only: `UInt64(_:radix:)` would take a sign (`0x+1F`, `0x-0`), which YAML's core
      // schema does not, so such text stays a string. Larger values than UInt64 holds do too.
      let digits = text.dropFirst(2)
      guard digits.allSatisfy({ $0.isHexDigit && (radix == 16 || ("0"..."7").contains($0)) })
      else { return nil }
      return UInt64(digits, radix: radix).map { String($0) }
    }
    var index = 0
    var negative = false
    if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
      negative = first == UInt8(ascii: "-")
      index = 1
    }
    let digits = bytes[index...]
    guard !digits.isEmpty, digits.allSatisfy(isASCIIDigit) else { return nil }
    return (negative ? "-" : "") + trimmingLeadingZeros(digits)
  }

  /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` as a JSON number literal, else `nil`.
  static func decimalLiteral(_ text: String) -> String? {
    let bytes = Array(text.utf8)
    var index = 0
    var negative = false
    if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
      negative = first == UInt8(ascii: "-")
      index = 1
    }
    let integerStart = index
    while index < bytes.count, isASCIIDigit(bytes[index]) { index += 1 }
    let integer = bytes[integerStart..<index]
    var fraction: ArraySlice<UInt8>?
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      let fractionStart = index
      while index < bytes.count, isASCIIDigit(bytes[index]) { index += 1 }
      fraction = bytes[fractionStart..<index]
    }
    guard !integer.isEmpty || !(fraction?.isEmpty ?? true) else { return nil }
    var exponent = ""
    if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      let exponentStart = index
      index += 1
      if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")
      {
        index += 1
      }
      let digitsStart = index
      while index < bytes.count, isASCIIDigit(bytes[index]) { index += 1 }
      guard index > digitsStart else { return nil }
      exponent = String(decoding: bytes[exponentStart..<index], as: UTF8.self)
    }
    guard index == bytes.count else { return nil }
    var literal = negative ? "-" : ""
    literal += integer.isEmpty ? "0" : trimmingLeadingZeros(integer)
    if let fraction {
      literal += "." + (fraction.isEmpty ? "0" : String(decoding: fraction, as: UTF8.self))
    }
    return literal + exponent
  }

  private static func isASCIIDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  private static func trimmingLeadingZeros(_ digits: ArraySlice<UInt8>) -> String {
    let trimmed = digits.drop { $0 == UInt8(ascii: "0") }
    return trimmed.isEmpty ? "0" : String(decoding: trimmed, as: UTF8.self)
  }

  // MARK: Errors

  private static func describe(
    _ error: YamlError, in text: String, locator: LineLocator, limits: ParseLimits
  ) -> DocumentParseError {
    var locator = locator
    switch error {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      let position = locator.position(line: mark.line, column: mark.column)
      if problem.contains("Maximum nesting level") {
        return DocumentParseError("nesting deeper than \(limits.maxDepth) levels", at: position)
      }
      if context?.text.contains("expected a single document") ?? false {
        return DocumentParseError(
          "a request file holds one YAML document; another one starts here", at: position)
      }
      var message = problem
      if let context, !context.text.isEmpty {
        let contextPosition = locator.position(line: context.mark.line, column: context.mark.column)
        message += " (\(context.text) at \(contextPosition))"
      }
      return DocumentParseError(message, at: position)
    case .reader(let problem, let characterOffset, _, _):
      var offset = 0
      if let characterOffset,
        let index = text.index(text.startIndex, offsetBy: characterOffset, limitedBy: text.endIndex)
      {
        offset = text.utf8.distance(from: text.startIndex, to: index)
      }
      return DocumentParseError(problem, at: locator.position(atByte: offset))
    case .duplicatedKeysInMapping(let duplicates, let context):
      let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
      return DocumentParseError(
        "the key \(names) appears more than once in this mapping (YAML keys must be unique)",
        at: locator.position(line: context.mark.line, column: context.mark.column))
    default:
      return DocumentParseError("\(error)", at: SourcePosition(line: 1, column: 1, offset: 0))
    }
  }
}

// MARK: - Positions

/// Turns libyaml's line and column (in Unicode scalars) into positions with byte offsets.
///
/// Lines end at LF, CRLF, CR, NEL, U+2028 and U+2029, as in libyaml. Positions are asked for
/// in file order, so a cursor makes the whole conversion linear.
private struct LineLocator {
  let bytes: [UInt8]
  let baseOffset: Int
  /// The offset at which each line starts (within `bytes`).
  let lineStarts: [Int]
  private var cursor = (line: 1, column: 1, offset: 0)

  init(_ bytes: [UInt8], baseOffset: Int) {
    self.bytes = bytes
    self.baseOffset = baseOffset
    var starts = [0]
    var index = 0
    while index < bytes.count {
      let length = breakLength(bytes, at: index)
      if length > 0 {
        index += length
        starts.append(index)
      } else {
        index += 1
      }
    }
    lineStarts = starts
  }

  /// The position of 1-based `line` and `column`.
  mutating func position(line: Int, column: Int) -> SourcePosition {
    guard line >= 1, line <= lineStarts.count, column >= 1 else {
      return SourcePosition(line: line, column: column)
    }
    if !(cursor.line == line && cursor.column <= column) {
      cursor = (line, 1, lineStarts[line - 1])
    }
    let lineEnd = line < lineStarts.count ? lineStarts[line] : bytes.count
    while cursor.column < column, cursor.offset < lineEnd {
      cursor.offset += scalarLength(bytes[cursor.offset])
      cursor.column += 1
    }
    return SourcePosition(
      line: line, column: column, offset: baseOffset + min(cursor.offset, lineEnd))
  }

  /// The position of a byte offset within `bytes`.
  func position(atByte offset: Int) -> SourcePosition {
    let offset = max(0, min(offset, bytes.count))
    // The last line starting at or before `offset`.
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let middle = (low + high + 1) / 2
      if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
    }
    var column = 1
    var index = lineStarts[low]
    while index < offset {
      index += scalarLength(bytes[index])
      column += 1
    }
    return SourcePosition(line: low + 1, column: column, offset: baseOffset + offset)
  }
}

/// The length of the line break at `index` (LF, CR, CRLF, NEL, LS, PS), or 0.
private func breakLength(_ bytes: [UInt8], at index: Int) -> Int {
  switch bytes[index] {
  case 0x0A: return 1
  case 0x0D: return index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
  case 0xC2: return index + 1 < bytes.count && bytes[index + 1] == 0x85 ? 2 : 0
  case 0xE2:
    return index + 2 < bytes.count && bytes[index + 1] == 0x80
      && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9) ? 3 : 0
  default: return 0
  }
}

/// The length of the UTF-8 sequence a lead byte starts (1 for a stray byte).
private func scalarLength(_ lead: UInt8) -> Int {
  switch lead {
  case 0xF0...0xF7: 4
  case 0xE0...0xEF: 3
  case 0xC0...0xDF: 2
  default: 1
  }
}

// MARK: - Finding anchors and aliases before Yams runs

/// Finds YAML anchors (`&name`) and aliases (`*name`) in a text, before any YAML parser runs;
/// also flow collections (`[`, `{`) nested deeper than the limit.
///
/// It follows YAML's lexical structure far enough to know where a node may start: outside
/// quoted scalars, comments and block scalars, after line starts, `- `, `? `, `: `, `[`, `{`,
/// `,`, tags and document markers. There an `&` or `*` followed by a name is an anchor or alias;
/// inside a plain scalar (`cats & dogs *jumping*`) it is text. Where unsure it assumes a node may
/// start, so it can refuse an odd but harmless text; Yams's result is checked again after.
private enum AnchorScanner {
  enum Finding {
    case anchor(Int)
    case tooDeep(Int)
  }

  static func firstProblem(in bytes: [UInt8], maxDepth: Int) -> Finding? {
    var state = State(maxDepth: maxDepth)
    var lineBegin = 0
    while lineBegin < bytes.count {
      var lineEnd = lineBegin
      while lineEnd < bytes.count, breakLength(bytes, at: lineEnd) == 0 { lineEnd += 1 }
      let next = lineEnd < bytes.count ? lineEnd + breakLength(bytes, at: lineEnd) : lineEnd
      if let found = state.scanLine(bytes, lineBegin, lineEnd) { return found }
      lineBegin = next
    }
    return nil
  }

  private struct State {
    let maxDepth: Int
    var quote: UInt8 = 0
    var flowDepth = 0
    var atNodeStart = true
    /// Inside a block scalar: lines indented more than `threshold` (and blank lines) are text.
    var blockThreshold: Int?
    /// The block scalar's content indentation, from its first non-blank line.
    var blockIndent: Int?

    mutating func scanLine(_ bytes: [UInt8], _ begin: Int, _ end: Int) -> Finding? {
      var indent = 0
      while begin + indent < end, bytes[begin + indent] == UInt8(ascii: " ") { indent += 1 }
      if quote == 0, let threshold = blockThreshold {
        let blank = bytes[(begin + indent)..<end].allSatisfy {
          $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t")
        }
        if blank { return nil }
        if let content = blockIndent, indent >= content { return nil }
        if blockIndent == nil, indent > threshold {
          blockIndent = indent
          return nil
        }
        blockThreshold = nil
        blockIndent = nil
      }
      if quote == 0 { atNodeStart = true }
      var entryColumn: Int?  // where this line's innermost block key or entry starts
      var nodeColumn = 0  // where the current plain or quoted scalar started
      var index = begin + indent
      func byte(_ offset: Int) -> UInt8 { offset < end ? bytes[offset] : UInt8(ascii: " ") }
      func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
      }
      func isFlowIndicator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]")
          || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}")
      }
      while index < end {
        let current = bytes[index]
        let following = byte(index + 1)
        if quote == UInt8(ascii: "\"") {
          if current == UInt8(ascii: "\\") {
            index += 2
            continue
          }
          if current == quote { quote = 0 }
          index += 1
          continue
        }
        if quote == UInt8(ascii: "'") {
          if current == quote {
            if following == quote {
              index += 2
              continue
            }
            quote = 0
          }
          index += 1
          continue
        }
        if current == UInt8(ascii: "#") && (index == begin || isBlank(bytes[index - 1])) {
          return nil  // a comment runs to the end of the line
        }
        if isBlank(current) {
          index += 1
          continue
        }
        let column = index - begin
        let isBlankAfter = isBlank(following)
        if atNodeStart {
          if current == UInt8(ascii: "&") || current == UInt8(ascii: "*") {
            if !isBlankAfter && !isFlowIndicator(following) { return .anchor(index) }
            atNodeStart = false
          } else if current == UInt8(ascii: "!") {
            // A tag: the node's content (or an anchor) follows it.
            while index < end, !isBlank(bytes[index]),
              !(flowDepth > 0 && isFlowIndicator(bytes[index]))
            {
              index += 1
            }
            continue
          } else if current == UInt8(ascii: "\"") || current == UInt8(ascii: "'") {
            quote = current
            nodeColumn = column
          } else if flowDepth == 0 && (current == UInt8(ascii: "|") || current == UInt8(ascii: ">"))
          {
            blockThreshold = entryColumn ?? indent - 1
            blockIndent = nil
            return nil
          } else if (current == UInt8(ascii: "-") || current == UInt8(ascii: "?")
            || current == UInt8(ascii: ":"))
            && (isBlankAfter || (current == UInt8(ascii: ":") && flowDepth > 0))
          {
            if flowDepth == 0 { entryColumn = column }
          } else if current == UInt8(ascii: "[") || current == UInt8(ascii: "{") {
            flowDepth += 1
            if flowDepth > maxDepth { return .tooDeep(index) }
          } else if current == UInt8(ascii: "]") || current == UInt8(ascii: "}") {
            flowDepth = max(0, flowDepth - 1)
            atNodeStart = false
          } else if current == UInt8(ascii: ",") && flowDepth > 0 {
            // The next entry.
          } else if current == UInt8(ascii: "%") && index == begin {
            return nil  // a directive
          } else if (current == UInt8(ascii: "-") || current == UInt8(ascii: ".")) && index == begin
            && byte(index + 1) == current && byte(index + 2) == current && isBlank(byte(index + 3))
          {
            index += 3  // a document marker
            continue
          } else {
            atNodeStart = false  // a plain scalar starts
            nodeColumn = column
          }
          index += 1
          continue
        }
        // Inside a plain scalar, or after a quoted scalar or a closed collection.
        let previous = index > begin ? bytes[index - 1] : UInt8(ascii: " ")
        if current == UInt8(ascii: ":") {
          let afterNode =
            previous == UInt8(ascii: "\"") || previous == UInt8(ascii: "'")
            || previous == UInt8(ascii: "]") || previous == UInt8(ascii: "}")
          if isBlankAfter || flowDepth > 0 || afterNode {
            atNodeStart = true
            if flowDepth == 0 { entryColumn = nodeColumn }
          }
        } else if flowDepth > 0 {
          if current == UInt8(ascii: ",") {
            atNodeStart = true
          } else if current == UInt8(ascii: "[") || current == UInt8(ascii: "{") {
            flowDepth += 1
            atNodeStart = true
            if flowDepth > maxDepth { return .tooDeep(index) }
          } else if current == UInt8(ascii: "]") || current == UInt8(ascii: "}") {
            flowDepth -= 1
          }
        }
        index += 1
      }
      return nil
    }
  }
}
