/// `lint`'s text: gcc-style lines, one per diagnostic, each located in its request file, then
/// the budget, each line starting `budget: `.
struct LintTextReporter: Reporter {
  /// Whether to use ANSI colours.
  var colors: Bool

  func render(_ run: LintRun) -> String {
    let text = ReportText(colors: colors)
    let diagnostics = run.reports.flatMap { report in
      report.diagnostics.map { diagnostic in
        var located = diagnostic
        located.file = diagnostic.file ?? report.request
        return text.render(located)[0] + "\n"
      }
    }
    let budget = BudgetText.lines(LintBudget(run)).map { "budget: \($0)\n" }
    return (diagnostics + budget).joined()
  }
}
