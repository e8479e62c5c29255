import Foundation

/// The rules of the `.gitignore` files that apply in one folder of a repository: the common
/// subset of git's syntax, read without running git.
///
/// Blank lines and `#` comments are passed over; `!` re-includes; a trailing `/` names folders
/// only; a pattern with a `/` elsewhere is anchored to its file's folder, one without matches a
/// name at any depth below it; `*`, `?` and `**` as in ``Glob`` (braces are literal, as in git).
/// The last rule that matches decides. A folder that is ignored is not entered, so nothing under
/// it can be re-included, as in git.
struct GitIgnore: Sendable {
  struct Rule: Sendable {
    /// The folder of the `.gitignore` the rule came from, absolute.
    let folder: String
    let glob: Glob
    let negated: Bool
    let anchored: Bool
  }

  private(set) var rules: [Rule] = []

  /// The rules of the `.gitignore` files in `repository` and the folders below it that lead to
  /// `folder` (both absolute), not `folder`'s own; none when `folder` is outside `repository`.
  static func rules(from repository: String, above folder: String) -> GitIgnore {
    var ignore = GitIgnore()
    guard folder != repository, LocalPath.isInside(folder, repository) else { return ignore }
    var current = repository
    let parts = folder.dropFirst(repository.count).split(separator: "/")
    for part in parts {
      ignore.read(current)
      current += (current.hasSuffix("/") ? "" : "/") + part
    }
    return ignore
  }

  /// Adds the rules of `folder/.gitignore`, when there is one.
  mutating func read(_ folder: String) {
    let file = folder + "/.gitignore"
    guard let handle = FileHandle(forReadingAtPath: file) else { return }
    defer { try? handle.close() }
    guard let data = try? handle.read(upToCount: 1 << 20) else { return }
    rules += Self.parse(String(decoding: data, as: UTF8.self), folder: folder)
  }

  static func parse(_ text: String, folder: String) -> [Rule] {
    var rules: [Rule] = []
    for raw in text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
      var line = Substring(raw)
      while line.hasSuffix(" ") && !line.hasSuffix("\\ ") { line = line.dropLast() }
      guard !line.isEmpty, !line.hasPrefix("#") else { continue }
      var negated = false
      if line.hasPrefix("!") {
        negated = true
        line = line.dropFirst()
      } else if line.hasPrefix("\\!") || line.hasPrefix("\\#") {
        line = line.dropFirst()
      }
      let body = line.hasSuffix("/") ? line.dropLast() : line
      let anchored = body.contains("/")
      guard !body.isEmpty, let glob = try? Glob(String(line), braces: false) else { continue }
      rules.append(Rule(folder: folder, glob: glob, negated: negated, anchored: anchored))
    }
    return rules
  }

  /// Whether `path` (absolute) is ignored.
  func ignores(_ path: String, isFolder: Bool) -> Bool {
    var ignored = false
    for rule in rules {
      let prefix = rule.folder == "/" ? "/" : rule.folder + "/"
      guard path.hasPrefix(prefix) else { continue }
      let relative = String(path.dropFirst(prefix.count))
      let subject =
        rule.anchored ? relative : String(relative.split(separator: "/").last ?? "")
      if rule.glob.matches(subject, isFolder: isFolder) { ignored = !rule.negated }
    }
    return ignored
  }
}
