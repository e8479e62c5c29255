/// `lint --format json`: the ``LintDocument`` of the run.
struct LintJSONReporter: Reporter {
  func render(_ run: LintRun) throws -> String {
    try JSONOutput.text(LintDocument(run))
  }
}

/// The `wan-preflight.lint/1` JSON document: the per-request reports with totals. `Codable`
/// both ways: decoding reads back exactly what `lint --format json` prints.
public struct LintDocument: Sendable, Codable, Equatable {
  /// The schema identifier written into every lint document.
  public static let schema = "wan-preflight.lint/1"

  /// How many requests were checked.
  public var requests: Int
  /// How many files were skipped because they are not requests (or not selected).
  public var skipped: Int
  /// How many requests for other Wan models were skipped.
  public var otherModels: Int
  /// Errors over all reports.
  public var errors: Int
  /// Warnings over all reports.
  public var warnings: Int
  /// Notes over all reports.
  public var notes: Int
  /// One report per request, in path order.
  public var reports: [Report]

  /// The document of `run`.
  public init(_ run: LintRun) {
    requests = run.reports.count
    skipped = run.skipped.count
    otherModels = run.otherModels.count
    errors = run.errors
    warnings = run.warnings
    notes = run.notes
    reports = run.reports
  }

  enum CodingKeys: String, CodingKey {
    case schema, requests, skipped, errors, warnings, notes, reports
    case otherModels = "other_models"
  }

  /// Reads a document as `lint --format json` prints it; a `schema` other than ``schema`` is
  /// refused.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    try container.expectSchema(Self.schema, forKey: .schema)
    requests = try container.decode(Int.self, forKey: .requests)
    skipped = try container.decode(Int.self, forKey: .skipped)
    otherModels = try container.decode(Int.self, forKey: .otherModels)
    errors = try container.decode(Int.self, forKey: .errors)
    warnings = try container.decode(Int.self, forKey: .warnings)
    notes = try container.decode(Int.self, forKey: .notes)
    reports = try container.decode([Report].self, forKey: .reports)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(Self.schema, forKey: .schema)
    try container.encode(requests, forKey: .requests)
    try container.encode(skipped, forKey: .skipped)
    try container.encode(otherModels, forKey: .otherModels)
    try container.encode(errors, forKey: .errors)
    try container.encode(warnings, forKey: .warnings)
    try container.encode(notes, forKey: .notes)
    try container.encode(reports, forKey: .reports)
  }
}
