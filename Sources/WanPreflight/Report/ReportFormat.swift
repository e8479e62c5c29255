/// The output formats of `check`, each a function of one report.
public enum ReportFormat: String, Sendable, CaseIterable {
  /// The plan at a glance, then the diagnostics grouped by media item (``ReportText``).
  case text
  /// `wan-preflight.report/1` (``Report/jsonText()``).
  case json

  /// The reporter of this format; `colors` adds ANSI colours to the text format only.
  public func reporter(colors: Bool = false) -> any Reporter<Report> {
    switch self {
    case .text: ReportText(colors: colors)
    case .json: ReportJSON()
    }
  }
}

/// `check --format json`: the report as ``Report/jsonText()`` prints it.
struct ReportJSON: Reporter {
  func render(_ report: Report) throws -> String {
    try report.jsonText()
  }
}
