/// The `wan-preflight.rules/1` JSON document: every rule as `wan-preflight rules --format json`
/// prints it, derived from ``RuleID/details`` and the fix planners.
public struct RuleCatalog: Sendable, Codable, Equatable {
  /// The schema identifier written into every rules document.
  public static let currentSchema = "wan-preflight.rules/1"

  /// One rule.
  public struct Entry: Sendable, Codable, Equatable {
    /// The rule's stable identifier.
    public var id: RuleID
    /// The severity it reports with unless a configuration says otherwise.
    public var severity: Severity
    /// The family it belongs to.
    public var family: RuleFamily
    /// One sentence: what the rule checks.
    public var summary: String
    /// The service's own error texts for the problem, when known (`{…}` stands for a value).
    public var serverErrors: [String]
    /// Whether `wan-preflight fix` has a rewrite that removes the finding (of a local file it
    /// can decode).
    public var fixable: Bool

    /// The entry of `rule`.
    public init(_ rule: RuleID) {
      let details = rule.details
      id = rule
      severity = details.severity
      family = details.family
      summary = details.summary
      serverErrors = details.serverErrors
      fixable = rule.isFixable
    }

    enum CodingKeys: String, CodingKey {
      case id, severity, family, summary, fixable
      case serverErrors = "server_errors"
    }
  }

  /// The document's schema: ``currentSchema`` for one this build wrote.
  public var schema: String
  /// Every rule, in ``RuleID``'s order.
  public var rules: [Entry]

  /// Every rule this build knows.
  public init() {
    schema = Self.currentSchema
    rules = RuleID.allCases.map(Entry.init)
  }

  /// The document as pretty JSON with sorted keys, ending in a newline.
  public func jsonText() throws -> String {
    try JSONOutput.text(self)
  }
}

extension RuleID {
  /// Whether `wan-preflight fix` has a rewrite that removes this rule's finding, for a local file
  /// it can decode: the rules the image, audio and clip fix planners handle.
  public var isFixable: Bool { FixPlanner.fixableRules.contains(self) }
}
