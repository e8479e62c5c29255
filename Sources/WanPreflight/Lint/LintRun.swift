/// The result of linting many request files: one report per request, and what was passed over.
public struct LintRun: Sendable {
  /// One report per request file, in path order (a file that cannot be read or parsed has a
  /// report with its `request_json` diagnostic).
  public var reports: [Report]
  /// Files that were looked at and skipped because they are not wan2.7-i2v requests.
  public var skipped: [String]

  /// Creates a run.
  public init(reports: [Report], skipped: [String]) {
    self.reports = reports
    self.skipped = skipped
  }

  /// How many diagnostics are errors, over all reports.
  public var errors: Int { reports.map(\.errors).reduce(0, +) }
  /// How many diagnostics are warnings, over all reports.
  public var warnings: Int { reports.map(\.warnings).reduce(0, +) }
  /// How many diagnostics are notes, over all reports.
  public var notes: Int { reports.map(\.notes).reduce(0, +) }
}
