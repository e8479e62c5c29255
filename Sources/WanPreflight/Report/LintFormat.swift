/// The output formats of `lint`, each a function of the whole run.
public enum LintFormat: String, Sendable, CaseIterable {
  /// `file:line:col: severity: [rule] message`, as gcc prints and editors read.
  case text
  /// `wan-preflight.lint/1`: the per-request reports of `check` plus totals.
  case json
  /// SARIF 2.1.0, for code scanning.
  case sarif
  /// GitHub Actions workflow commands (`::error file=…,line=…::message`).
  case github
  /// JUnit XML: a test case per request, a failure per error.
  case junit
  /// One self-contained HTML5 page: totals, a sortable row per request, every diagnostic.
  case html
  /// The JSON array of issues GitLab's code-quality report reads (Code Climate's format).
  case codeclimate

  /// The reporter of this format; `colors` adds ANSI colours to the text format only.
  public func reporter(colors: Bool = false) -> any Reporter<LintRun> {
    switch self {
    case .text: LintTextReporter(colors: colors)
    case .json: LintJSONReporter()
    case .sarif: SARIFReporter()
    case .github: GitHubReporter()
    case .junit: JUnitReporter()
    case .html: LintHTMLReporter()
    case .codeclimate: CodeClimateReporter()
    }
  }

  /// Renders `run`; `colors` adds ANSI colours to the text format only.
  public func render(_ run: LintRun, colors: Bool = false) throws -> String {
    try reporter(colors: colors).render(run)
  }
}
