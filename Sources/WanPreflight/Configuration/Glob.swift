/// A path pattern, matched in time proportional to the path's length times the pattern's.
///
/// `*` is any run of characters but `/`, `?` one character but `/`, `**` as a whole segment any
/// number of folders (none too), and `{a,b}` either alternative (nested braces too; at most
/// ``maxAlternatives`` in all). A leading `./` or `/` is dropped; a trailing `/` makes the pattern
/// name folders only. `**` inside a segment (`a**b`) is a plain `*`, as in `.gitignore`.
///
/// Matching never backtracks: each segment is matched by the iterative two-pointer algorithm
/// (one restart point, the last `*`) and the segments by a set of states over the pattern, so an
/// eight-star pattern on a long name costs microseconds, not minutes.
public struct Glob: Sendable, Equatable, CustomStringConvertible {
  /// The most alternatives `{…}` may expand to in one pattern.
  public static let maxAlternatives = 256

  /// The pattern as written.
  public let pattern: String
  /// Whether the pattern ended in `/` and so names folders only.
  public let foldersOnly: Bool
  private let alternatives: [[Segment]]

  /// Why a pattern was refused.
  public struct Error: Swift.Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, naming the pattern.
    public let description: String
  }

  enum Segment: Sendable, Equatable {
    /// `**`: any number of whole segments.
    case anyFolders
    case name([Token])
  }

  enum Token: Sendable, Equatable {
    case literal(Character)
    case anyCharacter
    case anyRun
  }

  /// Compiles `pattern`; `braces: false` takes `{` and `}` literally (as `.gitignore` does).
  public init(_ pattern: String, braces: Bool = true) throws(Glob.Error) {
    self.pattern = pattern
    var text = Substring(pattern)
    while text.hasPrefix("./") { text = text.dropFirst(2) }
    while text.hasPrefix("/") { text = text.dropFirst() }
    foldersOnly = text.hasSuffix("/")
    let expanded = braces ? try Self.expand(String(text), pattern: pattern) : [String(text)]
    alternatives = expanded.map(Self.compile)
  }

  /// The pattern as written.
  public var description: String { pattern }

  /// Whether `path` (segments separated by `/`) matches the whole pattern.
  public func matches(_ path: String, isFolder: Bool = false) -> Bool {
    guard isFolder || !foldersOnly else { return false }
    let segments = Self.segments(of: path)
    return alternatives.contains { Self.run($0, on: segments, stopAtFirstPrefix: false) }
  }

  /// Whether the pattern matches `path` or one of the folders above it: `jobs` and `jobs/`
  /// cover `jobs/a.json`.
  public func covers(_ path: String) -> Bool {
    let segments = Self.segments(of: path)
    return alternatives.contains { alternative in
      if foldersOnly {
        return !segments.isEmpty
          && Self.run(alternative, on: segments.dropLast(), stopAtFirstPrefix: true)
      }
      return Self.run(alternative, on: segments[...], stopAtFirstPrefix: true)
    }
  }

  private static func segments(of path: String) -> ArraySlice<[Character]> {
    var parts = path.split(separator: "/", omittingEmptySubsequences: true)
    while parts.first == "." { parts.removeFirst() }
    return parts.map(Array.init)[...]
  }

  /// Runs the pattern's states over the path's segments. With `stopAtFirstPrefix`, a match of
  /// any leading run of at least one segment counts.
  private static func run(
    _ pattern: [Segment], on path: ArraySlice<[Character]>, stopAtFirstPrefix: Bool
  ) -> Bool {
    var states = [Bool](repeating: false, count: pattern.count + 1)
    states[0] = true
    close(&states, pattern)
    for segment in path {
      var next = [Bool](repeating: false, count: pattern.count + 1)
      var any = false
      for index in pattern.indices where states[index] {
        switch pattern[index] {
        case .anyFolders:
          next[index] = true
          any = true
        case .name(let tokens):
          if matches(tokens, segment) {
            next[index + 1] = true
            any = true
          }
        }
      }
      guard any else { return false }
      close(&next, pattern)
      states = next
      if stopAtFirstPrefix && states[pattern.count] { return true }
    }
    return states[pattern.count]
  }

  /// Adds the states reachable without reading a segment (past `**`).
  private static func close(_ states: inout [Bool], _ pattern: [Segment]) {
    for index in pattern.indices where states[index] && pattern[index] == .anyFolders {
      states[index + 1] = true
    }
  }

  /// One segment against one name: the iterative wildcard match with a single restart point.
  static func matches(_ tokens: [Token], _ name: [Character]) -> Bool {
    var token = 0
    var character = 0
    var restartToken = -1
    var restartCharacter = 0
    while character < name.count {
      if token < tokens.count {
        switch tokens[token] {
        case .literal(let literal) where literal == name[character]:
          token += 1
          character += 1
          continue
        case .anyCharacter:
          token += 1
          character += 1
          continue
        case .anyRun:
          restartToken = token
          restartCharacter = character
          token += 1
          continue
        default:
          break
        }
      }
      guard restartToken >= 0 else { return false }
      token = restartToken + 1
      restartCharacter += 1
      character = restartCharacter
    }
    while token < tokens.count, tokens[token] == .anyRun { token += 1 }
    return token == tokens.count
  }

  private static func compile(_ text: String) -> [Segment] {
    text.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }.map {
      part in
      if part == "**" { return .anyFolders }
      var tokens: [Token] = []
      for character in part {
        switch character {
        case "*": if tokens.last != .anyRun { tokens.append(.anyRun) }
        case "?": tokens.append(.anyCharacter)
        default: tokens.append(.literal(character))
        }
      }
      return .name(tokens)
    }
  }

  /// `{a,b}` expanded, outermost first; a brace without a comma is one alternative.
  private static func expand(_ text: String, pattern: String) throws(Glob.Error) -> [String] {
    var results: [String] = []
    var pending = [text]
    while let next = pending.popLast() {
      let characters = Array(next)
      guard let open = characters.firstIndex(of: "{") else {
        if characters.contains("}") {
          throw Error(description: "glob \"\(pattern)\": a } has no {")
        }
        results.append(next)
        guard results.count <= maxAlternatives else {
          throw Error(
            description: "glob \"\(pattern)\": more than \(maxAlternatives) alternatives")
        }
        continue
      }
      var depth = 0
      var commas: [Int] = []
      var close: Int?
      for index in open..<characters.count {
        switch characters[index] {
        case "{": depth += 1
        case "}":
          depth -= 1
          if depth == 0 { close = index }
        case "," where depth == 1: commas.append(index)
        default: break
        }
        if close != nil { break }
      }
      guard let close else { throw Error(description: "glob \"\(pattern)\": a { is not closed") }
      let head = String(characters[..<open])
      let tail = String(characters[(close + 1)...])
      let bounds = [open] + commas + [close]
      let options = zip(bounds, bounds.dropFirst()).map { String(characters[($0 + 1)..<$1]) }
      guard results.count + pending.count + options.count <= maxAlternatives else {
        throw Error(description: "glob \"\(pattern)\": more than \(maxAlternatives) alternatives")
      }
      pending += options.reversed().map { head + $0 + tail }
    }
    return results
  }
}
