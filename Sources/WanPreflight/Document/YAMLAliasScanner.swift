/// Finds YAML anchors (`&name`) and aliases (`*name`) in a text before any YAML parser runs.
///
/// A request file has no use for them, and aliases let a few hundred bytes expand into billions
/// of values ("billion laughs"), which costs a parser seconds or gigabytes before any limit of
/// ours could apply. So they are refused up front, from the text: outside quotes, comments and
/// block scalars, an `&` or `*` that starts a node and is followed by a name.
enum YAMLAliasScanner {
  /// The position of the first anchor or alias, or `nil` when there is none.
  static func firstAnchorOrAlias(in text: String) -> SourcePosition? {
    var blockIndent: Int?  // inside a | or > block scalar deeper than this indentation
    for (lineIndex, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated()
    {
      let scalars = Array(line.unicodeScalars)
      let indent = scalars.prefix { $0 == " " }.count
      if let block = blockIndent {
        if indent > block || scalars.allSatisfy({ $0 == " " || $0 == "\r" }) { continue }
        blockIndent = nil
      }
      var quote: Unicode.Scalar?
      var atNodeStart = true  // only where a node may start can & or * be an indicator
      var flowDepth = 0
      var index = 0
      var contentEnd = scalars.count
      while index < scalars.count {
        let scalar = scalars[index]
        let next: Unicode.Scalar = index + 1 < scalars.count ? scalars[index + 1] : " "
        if let open = quote {
          if scalar == open { quote = nil }
        } else if scalar == " " || scalar == "\t" {
          if next == "#" {
            contentEnd = index  // a comment runs to the end of the line
            break
          }
        } else if scalar == "#" && index == 0 {
          contentEnd = 0
          break
        } else if atNodeStart && (scalar == "&" || scalar == "*") && isNameScalar(next) {
          return SourcePosition(line: lineIndex + 1, column: index + 1)
        } else if atNodeStart && (scalar == "\"" || scalar == "'") {
          quote = scalar
          atNodeStart = false
        } else if scalar == "[" || scalar == "{" {
          flowDepth += 1
          atNodeStart = true
        } else if flowDepth > 0 && (scalar == "]" || scalar == "}") {
          flowDepth -= 1
        } else if flowDepth > 0 && scalar == "," {
          atNodeStart = true
        } else if (scalar == ":" || scalar == "-" || scalar == "?")
          && (next == " " || index + 1 == scalars.count)
        {
          atNodeStart = scalar != "-" || atNodeStart
        } else if atNodeStart {
          atNodeStart = false  // a plain scalar: & and * inside it are text
        }
        index += 1
      }
      // A line ending in a block scalar indicator (`|`, `>-`, `|2`) starts literal text.
      let content = String(String.UnicodeScalarView(scalars[..<contentEnd]))
      if quote == nil, let token = content.split(separator: " ").last,
        token.wholeMatch(of: #/[|>][-+0-9]{0,2}/#) != nil
      {
        blockIndent = indent
      }
    }
    return nil
  }

  private static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
    !(scalar == " " || scalar == "\t" || scalar == "," || scalar == "[" || scalar == "]"
      || scalar == "{" || scalar == "}" || scalar == "\r")
  }
}
