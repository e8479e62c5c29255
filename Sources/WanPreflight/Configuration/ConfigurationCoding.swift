import Foundation

/// The `.wan-preflight.json` shape, both ways: decoding validates as
/// ``Configuration/load(_:)`` does.
extension Configuration {
  enum CodingKeys: String, CodingKey, CaseIterable {
    case version, rules, include, exclude, region, prices
    case urlMappings = "url_mappings"
  }

  /// Reads and validates a configuration; anything ``load(_:)`` refuses is a `DecodingError`.
  public init(from decoder: any Decoder) throws {
    let keys = try decoder.container(keyedBy: AnyKey.self)
    let known = Set(CodingKeys.allCases.map(\.rawValue)).union([Self.schemaKey])
    let unknown = keys.allKeys.map(\.stringValue).filter { !known.contains($0) }.sorted()
    let container = try decoder.container(keyedBy: CodingKeys.self)
    func fail(_ message: String) -> DecodingError {
      .dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: message))
    }
    guard unknown.isEmpty else { throw fail(Self.unknownKeysMessage(unknown)) }
    if keys.contains(AnyKey(stringValue: Self.schemaKey)) {
      guard (try? keys.decode(String.self, forKey: AnyKey(stringValue: Self.schemaKey))) != nil
      else { throw fail(Self.schemaKeyMessage) }
    }
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
      for (tier, amount) in tiers where !Self.allowedPrices.contains(amount) {
        throw fail(Self.priceMessage(name, tier, found: Units.number(amount)))
      }
      self.prices[region] = tiers
    }
    urlMappings = try container.decodeIfPresent([String: String].self, forKey: .urlMappings) ?? [:]
    for prefix in urlMappings.keys where HostedURL(prefix) == nil {
      throw fail("url_mappings.\(prefix) is not an http(s) URL prefix")
    }
  }

  /// Writes the configuration in the file's shape, with `version`.
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

  /// The key editors read the file's JSON Schema from (`schemas/configuration.schema.json`):
  /// accepted, and ignored, when it holds a string.
  static let schemaKey = "$schema"
  static let schemaKeyMessage = "\"$schema\" must be a string: the URL or path of the file's schema"
  static let regionMessage = "region must be beijing or singapore"

  static func unknownKeysMessage(_ unknown: [String]) -> String {
    "unknown key(s) \(unknown.joined(separator: ", ")); known: "
      + (CodingKeys.allCases.map(\.rawValue) + [schemaKey]).sorted().joined(separator: ", ")
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

  /// A price a second, in the price list's currency: the list prices are about 1, so a
  /// million is a mistake, and larger numbers would not survive the cost's arithmetic.
  static let allowedPrices: ClosedRange<Double> = 0...1_000_000

  static func priceMessage(_ region: String, _ tier: String, found: String) -> String {
    "prices.\(region).\(tier) is \(found); it must be a number from 0 to 1000000 "
      + "(the price of a second)"
  }
}
