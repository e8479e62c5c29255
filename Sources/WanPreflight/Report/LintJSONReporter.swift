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
  public static let currentSchema = "wan-preflight.lint/1"

  /// The document's schema: ``currentSchema`` for one this build wrote.
  public var schema: String
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
  /// What the requests would cost: requests, billed seconds, list price per region and tier.
  public var budget: LintBudget?

  /// The document of `run`.
  public init(_ run: LintRun) {
    schema = Self.currentSchema
    requests = run.reports.count
    skipped = run.skipped.count
    otherModels = run.otherModels.count
    errors = run.errors
    warnings = run.warnings
    notes = run.notes
    reports = run.reports
    budget = LintBudget(run)
  }

  enum CodingKeys: String, CodingKey {
    case schema, requests, skipped, errors, warnings, notes, reports, budget
    case otherModels = "other_models"
  }
}
