import Foundation

/// GitHub Actions workflow commands, escaped exactly as `@actions/core` escapes them.
struct GitHubReporter: Reporter {
  func render(_ run: LintRun) -> String {
    var lines: [String] = []
    for report in run.reports {
      for diagnostic in report.diagnostics {
        let command: String
        switch diagnostic.severity {
        case .error: command = "error"
        case .warning: command = "warning"
        case .note: command = "notice"
        }
        var properties = ["file=" + Self.escapeProperty(diagnostic.file ?? report.request ?? "")]
        if let line = diagnostic.line { properties.append("line=\(line)") }
        if let column = diagnostic.column { properties.append("col=\(column)") }
        properties.append("title=" + Self.escapeProperty(diagnostic.rule.rawValue))
        var message = diagnostic.message
        if let hint = diagnostic.hint { message += "\nHint: \(hint)" }
        lines.append(
          "::\(command) \(properties.joined(separator: ","))::\(Self.escapeData(message))")
      }
    }
    let budget = BudgetText.lines(LintBudget(run))
    if !budget.isEmpty {
      lines.append(
        "::notice title=wan-preflight budget::\(Self.escapeData(budget.joined(separator: "\n")))")
    }
    return lines.map { $0 + "\n" }.joined()
  }

  /// `%`, CR and LF, as in `escapeData` of `@actions/core`'s `command.ts`.
  static func escapeData(_ text: String) -> String {
    text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
      .replacingOccurrences(of: "\n", with: "%0A")
  }

  /// Also `:` and `,`, as in `escapeProperty`.
  static func escapeProperty(_ text: String) -> String {
    escapeData(text).replacingOccurrences(of: ":", with: "%3A")
      .replacingOccurrences(of: ",", with: "%2C")
  }
}
