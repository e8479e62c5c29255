import Foundation

/// A `.wan-preflight.json` file: rule severities, file selection, region, prices and where
/// hosted media have local copies.
///
/// ```json
/// { "version": 1,
///   "rules": { "image_animated": "error", "unknown_field": "off" },
///   "include": ["jobs/**"], "exclude": ["jobs/drafts/**"],
///   "region": "singapore",
///   "prices": { "beijing": { "720P": 0.5 } },
///   "url_mappings": { "https://cdn.example.com/": "assets/" } }
/// ```
public struct Configuration: Sendable, Equatable {
  /// The newest `version` this build understands.
  public static let highestVersion = 1
  /// The file name searched for from the working directory up.
  public static let fileName = ".wan-preflight.json"

  /// A rule's severity, or `off` to drop its diagnostics.
  public enum RuleSetting: String, Sendable, Equatable, CaseIterable {
    case off, note, warning, error
  }

  /// Per-rule overrides.
  public var rules: [RuleID: RuleSetting] = [:]
  /// Globs (relative to the configuration's folder) a linted file must match, when not empty.
  public var include: [String] = []
  /// Globs of files lint passes over.
  public var exclude: [String] = []
  /// The default region.
  public var region: Region?
  /// List prices per second to use instead of the built-in ones: region → tier → amount.
  public var prices: [Region: [String: Double]] = [:]
  /// URL prefixes whose files have local copies: prefix → folder (relative to the configuration).
  public var urlMappings: [String: String] = [:]
  /// The file this configuration came from; `nil` for the defaults.
  public var file: String?

  /// The defaults (no file).
  public init() {}

  /// Why a configuration file was refused: names the file and what is wrong.
  public struct Error: Swift.Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
  }

  /// Reads and validates a configuration file.
  public static func load(_ path: String) throws(Configuration.Error) -> Configuration {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw Error(description: "\(path): cannot be read")
    }
    let document: SourceDocument
    do {
      document = try JSONSourceParser.parse([UInt8](data))
    } catch {
      throw Error(description: "\(path):\(error.position): \(error.message)")
    }
    return try parse(document.root, file: path)
  }

  static func parse(_ root: SourceNode, file: String) throws(Configuration.Error) -> Configuration {
    func fail(_ message: String) -> Error { Error(description: "\(file): \(message)") }
    guard case .object(let members) = root.value else {
      throw fail("the configuration must be an object")
    }
    let known: Set = ["version", "rules", "include", "exclude", "region", "prices", "url_mappings"]
    let unknown = members.map(\.key).filter { !known.contains($0) }
    guard unknown.isEmpty else {
      throw fail(
        "unknown key(s) \(unknown.joined(separator: ", ")); known: \(known.sorted().joined(separator: ", "))"
      )
    }
    guard case .number(let literal)? = root["version"]?.value, let version = Int(literal) else {
      throw fail("\"version\": 1 is required")
    }
    guard version <= highestVersion, version >= 1 else {
      throw fail(
        "version \(version) is not supported; this wan-preflight reads version \(highestVersion)")
    }
    var configuration = Configuration()
    configuration.file = file
    if case .object(let rules)? = root["rules"]?.value {
      for member in rules {
        guard let rule = RuleID(rawValue: member.key) else {
          throw fail("unknown rule id \"\(member.key)\" (see wan-preflight rules)")
        }
        guard let text = member.value.stringValue, let setting = RuleSetting(rawValue: text) else {
          throw fail("rule \(member.key): use one of off, note, warning, error")
        }
        configuration.rules[rule] = setting
      }
    } else if root["rules"] != nil {
      throw fail("\"rules\" must be an object of rule id to off|note|warning|error")
    }
    configuration.include = try strings(root["include"], "include", fail)
    configuration.exclude = try strings(root["exclude"], "exclude", fail)
    if let node = root["region"] {
      guard let text = node.stringValue, let region = Region(rawValue: text) else {
        throw fail("region must be beijing or singapore")
      }
      configuration.region = region
    }
    if case .object(let regions)? = root["prices"]?.value {
      for member in regions {
        guard let region = Region(rawValue: member.key),
          case .object(let tiers) = member.value.value
        else { throw fail("prices: \(member.key) is not a region with tier prices") }
        for tier in tiers {
          guard case .number(let amount) = tier.value.value, let value = Double(amount), value >= 0
          else { throw fail("prices.\(member.key).\(tier.key) must be a number") }
          configuration.prices[region, default: [:]][tier.key] = value
        }
      }
    }
    if case .object(let mappings)? = root["url_mappings"]?.value {
      for member in mappings {
        guard let folder = member.value.stringValue else {
          throw fail("url_mappings.\(member.key) must be a folder path")
        }
        configuration.urlMappings[member.key] = folder
      }
    }
    return configuration
  }

  private static func strings(
    _ node: SourceNode?, _ name: String, _ fail: (String) -> Error
  ) throws(Configuration.Error) -> [String] {
    guard let node else { return [] }
    guard case .array(let items) = node.value else {
      throw fail("\(name) must be an array of globs")
    }
    var result: [String] = []
    for item in items {
      guard let text = item.stringValue else { throw fail("\(name) must be an array of globs") }
      result.append(text)
    }
    return result
  }

  /// The configuration file that applies in `directory`: the nearest `.wan-preflight.json` in it
  /// or a parent folder.
  public static func discover(from directory: String) -> String? {
    var folder = URL(fileURLWithPath: directory).standardizedFileURL
    while true {
      let candidate = folder.appendingPathComponent(fileName).path
      if FileManager.default.fileExists(atPath: candidate) { return candidate }
      let parent = folder.deletingLastPathComponent()
      if parent.path == folder.path { return nil }
      folder = parent
    }
  }

  /// The folder the configuration's relative paths and globs are relative to.
  public var baseDirectory: String {
    file.map { ($0 as NSString).deletingLastPathComponent } ?? "."
  }

  /// `spec` with the configured prices.
  public func apply(to spec: ModelSpec) -> ModelSpec {
    var spec = spec
    for (region, tiers) in prices {
      for (tier, amount) in tiers {
        spec.prices.removeAll { $0.region == region && $0.tier == tier }
        spec.prices.append(Price(region: region, tier: tier, perSecond: amount, currency: "CNY"))
      }
    }
    return spec
  }

  /// `report` with rule severities overridden and rules turned off.
  public func apply(to report: Report) -> Report {
    var report = report
    report.diagnostics = report.diagnostics.compactMap { diagnostic in
      guard let setting = rules[diagnostic.rule] else { return diagnostic }
      var changed = diagnostic
      switch setting {
      case .off: return nil
      case .note: changed.severity = .note
      case .warning: changed.severity = .warning
      case .error: changed.severity = .error
      }
      return changed
    }
    return report
  }

  /// Whether lint should check `path` (relative to the working directory) by the globs.
  public func selects(_ path: String) -> Bool {
    let relative = relativeToBase(path)
    if !include.isEmpty && !include.contains(where: { Glob.matches($0, relative) }) { return false }
    return !exclude.contains { Glob.matches($0, relative) }
  }

  private func relativeToBase(_ path: String) -> String {
    let current = FileManager.default.currentDirectoryPath
    func absolute(_ text: String) -> String {
      MediaReference.normalized(text.hasPrefix("/") ? text : current + "/" + text)
    }
    let base = absolute(baseDirectory) + "/"
    let target = absolute(path)
    return target.hasPrefix(base) ? String(target.dropFirst(base.count)) : target
  }

  /// The configuration as JSON, for `dump-config`.
  public func jsonText() -> String {
    var lines = ["{", "  \"version\": \(Self.highestVersion),"]
    let rules = self.rules.sorted { $0.key.rawValue < $1.key.rawValue }
      .map { "    \"\($0.key.rawValue)\": \"\($0.value.rawValue)\"" }
    lines.append(
      "  \"rules\": {" + (rules.isEmpty ? "}," : "\n" + rules.joined(separator: ",\n") + "\n  },"))
    func list(_ items: [String]) -> String {
      "[" + items.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
    }
    lines.append("  \"include\": \(list(include)),")
    lines.append("  \"exclude\": \(list(exclude)),")
    lines.append("  \"region\": \"\((region ?? .beijing).rawValue)\",")
    let spec = apply(to: .wan27i2v)
    let prices = Region.allCases.map { region in
      let tiers = spec.prices.filter { $0.region == region }.sorted { $0.tier < $1.tier }
        .map { "\"\($0.tier)\": \($0.perSecond)" }.joined(separator: ", ")
      return "    \"\(region.rawValue)\": {\(tiers)}"
    }
    lines.append("  \"prices\": {\n" + prices.joined(separator: ",\n") + "\n  },")
    let mappings = urlMappings.sorted { $0.key < $1.key }.map {
      "    \"\($0.key)\": \"\($0.value)\""
    }
    lines.append(
      "  \"url_mappings\": {"
        + (mappings.isEmpty ? "}" : "\n" + mappings.joined(separator: ",\n") + "\n  }"))
    lines.append("}")
    return lines.joined(separator: "\n") + "\n"
  }
}

/// Shell-style globs for paths: `*` within a segment, `**` across segments, `?` one character.
enum Glob {
  static func matches(_ pattern: String, _ path: String) -> Bool {
    match(
      Array(pattern.split(separator: "/", omittingEmptySubsequences: true)),
      Array(path.split(separator: "/", omittingEmptySubsequences: true)))
  }

  private static func match(_ pattern: [Substring], _ path: [Substring]) -> Bool {
    guard let first = pattern.first else { return path.isEmpty }
    if first == "**" {
      let rest = Array(pattern.dropFirst())
      return (0...path.count).contains { match(rest, Array(path.dropFirst($0))) }
    }
    guard let segment = path.first, matchSegment(Array(first), Array(segment)) else { return false }
    return match(Array(pattern.dropFirst()), Array(path.dropFirst()))
  }

  private static func matchSegment(_ pattern: [Character], _ text: [Character]) -> Bool {
    guard let first = pattern.first else { return text.isEmpty }
    if first == "*" {
      return (0...text.count).contains {
        matchSegment(Array(pattern.dropFirst()), Array(text.dropFirst($0)))
      }
    }
    guard let character = text.first, first == "?" || first == character else { return false }
    return matchSegment(Array(pattern.dropFirst()), Array(text.dropFirst()))
  }
}
