/// `lint`'s text: gcc-style lines, one per diagnostic, each located in its request file.
struct LintTextReporter: Reporter {
  /// Whether to use ANSI colours.
  var colors: Bool

  func render(_ run: LintRun) -> String {
    let text = ReportText(colors: colors)
    return run.reports.flatMap { report in
      report.diagnostics.map { diagnostic in
        var located = diagnostic
        located.file = diagnostic.file ?? report.request
        return text.render(located)[0] + "\n"
      }
    }.joined()
  }
}
