import Foundation

/// A `.wan-preflight.json` file: rule severities, file selection, region, prices and where
/// hosted media have local copies. `check`, `build` and `lint` follow the same one (see
/// ``Preflight/init(configuration:region:probeOptions:cache:)``), so a Swift caller gets the
/// same verdict as the command line.
///
/// ```json
/// { "version": 1,
///   "rules": { "image_animated": "error", "unknown_field": "off" },
///   "include": ["jobs/**"], "exclude": ["jobs/drafts/**"],
///   "region": "singapore",
///   "prices": { "beijing": { "720P": 0.5 } },
///   "url_mappings": { "https://cdn.example.com/": "assets/" } }
/// ```
///
/// Globs and mapped folders are relative to the configuration file's folder. The type is
/// `Codable` in that shape; decoding validates as ``load(_:)`` does.
public struct Configuration: Sendable, Equatable, Codable {
  /// The newest `version` this build understands.
  public static let highestVersion = 1
  /// The file name searched for from the request's folder up.
  public static let fileName = ".wan-preflight.json"

  /// A rule's severity, or `off` to drop its diagnostics.
  public enum RuleSetting: String, Sendable, Equatable, CaseIterable, Codable {
    case off, note, warning, error
  }

  /// Per-rule overrides.
  public var rules: [RuleID: RuleSetting] = [:]
  /// Globs a linted file must match (it or a folder above it), when not empty.
  public var include: [String] = []
  /// Globs of files lint passes over (a file matches when it or a folder above it does).
  public var exclude: [String] = []
  /// The default region.
  public var region: Region?
  /// List prices per second to use instead of the built-in ones: region → tier → amount.
  public var prices: [Region: [String: Double]] = [:]
  /// URL prefixes whose files have local copies: prefix → folder (relative to the configuration).
  public var urlMappings: [String: String] = [:]
  /// The file this configuration came from; `nil` for the defaults. Not part of the encoding.
  public var file: String?

  /// The defaults (no file).
  public init() {}

  /// Why a configuration file was refused: names the file and what is wrong.
  public struct Error: Swift.Error, Sendable, Equatable, CustomStringConvertible {
    /// `FILE: what is wrong`.
    public let description: String

    /// An error with this text.
    public init(description: String) { self.description = description }
  }

  // MARK: effect

  /// The folder the configuration's relative paths and globs are relative to.
  public var baseDirectory: String {
    file.map(LocalPath.folder(of:)) ?? "."
  }

  /// `spec` with the configured prices.
  public func apply(to spec: ModelSpec) -> ModelSpec {
    var spec = spec
    for (region, tiers) in prices.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
      for (tier, amount) in tiers.sorted(by: { $0.key < $1.key }) {
        spec.prices.removeAll { $0.region == region && $0.tier == tier }
        spec.prices.append(Price(region: region, tier: tier, perSecond: amount, currency: "CNY"))
      }
    }
    return spec
  }

  /// `report` with rule severities overridden and rules turned off.
  public func apply(to report: Report) -> Report {
    guard !rules.isEmpty else { return report }
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

  /// The URL mappings with each folder resolved against ``baseDirectory``.
  public var resolvedURLMappings: [String: String] {
    urlMappings.mapValues { LocalPath.resolving($0, against: baseDirectory) }
  }

  /// Whether lint should check `path` (relative to the working directory, or absolute) by the
  /// globs, which are relative to the configuration's folder; a path outside that folder is
  /// matched by its absolute form.
  public func selects(_ path: String) -> Bool {
    let relative = relativeToBase(path)
    // Patterns were validated when the configuration was read; one that is not valid matches
    // nothing.
    let includeGlobs = include.compactMap { try? Glob($0) }
    let excludeGlobs = exclude.compactMap { try? Glob($0) }
    if !includeGlobs.isEmpty && !includeGlobs.contains(where: { $0.covers(relative) }) {
      return false
    }
    return !excludeGlobs.contains { $0.covers(relative) }
  }

  private func relativeToBase(_ path: String) -> String {
    LocalPath.relative(LocalPath.absolute(path), to: LocalPath.absolute(baseDirectory))
  }

  // MARK: Codable

  enum CodingKeys: String, CodingKey, CaseIterable {
    case version, rules, include, exclude, region, prices
    case urlMappings = "url_mappings"
  }

  public init(from decoder: any Decoder) throws {
    let keys = try decoder.container(keyedBy: AnyKey.self)
    let known = Set(CodingKeys.allCases.map(\.rawValue))
    let unknown = keys.allKeys.map(\.stringValue).filter { !known.contains($0) }.sorted()
    let container = try decoder.container(keyedBy: CodingKeys.self)
    func fail(_ message: String) -> DecodingError {
      .dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: message))
    }
    guard unknown.isEmpty else { throw fail(Self.unknownKeysMessage(unknown)) }
    guard let version = try container.decodeIfPresent(Int.self, forKey: .version) else {
      throw fail(Self.versionRequired)
    }
    guard (1...Self.highestVersion).contains(version) else {
      throw fail(Self.unsupportedMessage(version))
    }
    self.init()
    for (key, setting) in try container.decodeIfPresent([String: String].self, forKey: .rules)
      ?? [:]
    {
      guard let rule = RuleID(rawValue: key) else { throw fail(Self.unknownRuleMessage(key)) }
      guard let value = RuleSetting(rawValue: setting) else {
        throw fail(Self.settingMessage(key))
      }
      rules[rule] = value
    }
    include = try container.decodeIfPresent([String].self, forKey: .include) ?? []
    exclude = try container.decodeIfPresent([String].self, forKey: .exclude) ?? []
    for glob in include + exclude {
      do { _ = try Glob(glob) } catch { throw fail(error.description) }
    }
    if let text = try container.decodeIfPresent(String.self, forKey: .region) {
      guard let region = Region(rawValue: text) else { throw fail(Self.regionMessage) }
      self.region = region
    }
    let prices =
      try container.decodeIfPresent([String: [String: Double]].self, forKey: .prices) ?? [:]
    for (name, tiers) in prices {
      guard let region = Region(rawValue: name) else { throw fail(Self.priceRegionMessage(name)) }
      for (tier, amount) in tiers where !(amount >= 0 && amount.isFinite) {
        throw fail(Self.priceMessage(name, tier))
      }
      self.prices[region] = tiers
    }
    urlMappings = try container.decodeIfPresent([String: String].self, forKey: .urlMappings) ?? [:]
    for prefix in urlMappings.keys where HostedURL(prefix) == nil {
      throw fail("url_mappings.\(prefix) is not an http(s) URL prefix")
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(Self.highestVersion, forKey: .version)
    try container.encode(
      Dictionary(uniqueKeysWithValues: rules.map { ($0.key.rawValue, $0.value.rawValue) }),
      forKey: .rules)
    try container.encode(include, forKey: .include)
    try container.encode(exclude, forKey: .exclude)
    try container.encodeIfPresent(region?.rawValue, forKey: .region)
    try container.encode(
      Dictionary(uniqueKeysWithValues: prices.map { ($0.key.rawValue, $0.value) }),
      forKey: .prices)
    try container.encode(urlMappings, forKey: .urlMappings)
  }

  /// The configuration in effect, spelled out: the region (`beijing` unless set) and every
  /// price, built-in or configured. What `dump-config` prints.
  public var effective: Configuration {
    var effective = self
    effective.region = region ?? .beijing
    var prices: [Region: [String: Double]] = [:]
    for price in apply(to: .wan27i2v).prices {
      prices[price.region, default: [:]][price.tier] = price.perSecond
    }
    effective.prices = prices
    return effective
  }

  /// The configuration as pretty JSON with sorted keys, ending in a newline (valid JSON for any
  /// string it holds).
  public func jsonText() throws -> String {
    try JSONOutput.text(self)
  }

  struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }
}

// MARK: messages shared by the file reader and the decoder

extension Configuration {
  static let versionRequired = "\"version\": 1 is required"
  static let regionMessage = "region must be beijing or singapore"

  static func unknownKeysMessage(_ unknown: [String]) -> String {
    "unknown key(s) \(unknown.joined(separator: ", ")); known: "
      + CodingKeys.allCases.map(\.rawValue).sorted().joined(separator: ", ")
  }

  static func unsupportedMessage(_ version: Int) -> String {
    "version \(version) is not supported; this wan-preflight reads version \(highestVersion)"
  }

  static func unknownRuleMessage(_ key: String) -> String {
    "unknown rule id \"\(key)\" (see wan-preflight rules)"
  }

  static func settingMessage(_ key: String) -> String {
    "rule \(key): use one of off, note, warning, error"
  }

  static func priceRegionMessage(_ key: String) -> String {
    "prices: \(key) is not a region with tier prices"
  }

  static func priceMessage(_ region: String, _ tier: String) -> String {
    "prices.\(region).\(tier) must be a number"
  }
}
