/// JUnit XML: one test case per request (passing ones too, so dashboards count them), a failure
/// per error, warnings in `system-out`; the budget in the suite's `system-out`.
struct JUnitReporter: Reporter {
  func render(_ run: LintRun) -> String {
    let failures = run.reports.filter { $0.errors > 0 }.count
    var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
    xml +=
      #"<testsuites name="wan-preflight" tests="\#(run.reports.count)" failures="\#(failures)" errors="0">"#
      + "\n"
    xml +=
      #"  <testsuite name="wan-preflight lint" tests="\#(run.reports.count)" failures="\#(failures)" errors="0" skipped="0">"#
      + "\n"
    for report in run.reports {
      let name = Self.escape(report.request ?? "<request>")
      xml += #"    <testcase classname="wan-preflight" name="\#(name)">"# + "\n"
      for diagnostic in report.diagnostics where diagnostic.severity == .error {
        let location = [diagnostic.line, diagnostic.column].compactMap { $0 }.map(String.init)
          .joined(separator: ":")
        let message = Self.escape("[\(diagnostic.rule.rawValue)] \(diagnostic.message)")
        xml += #"      <failure type="\#(diagnostic.rule.rawValue)" message="\#(message)">"#
        xml += Self.escape("\(report.request ?? ""):\(location) \(diagnostic.message)")
        xml += "</failure>\n"
      }
      let others = report.diagnostics.filter { $0.severity != .error }
      if !others.isEmpty {
        let text = others.map { "\($0.severity.rawValue): [\($0.rule.rawValue)] \($0.message)" }
          .joined(separator: "\n")
        xml += "      <system-out>\(Self.escape(text))</system-out>\n"
      }
      xml += "    </testcase>\n"
    }
    let budget = BudgetText.lines(LintBudget(run))
    if !budget.isEmpty {
      xml +=
        "    <system-out>\(Self.escape(budget.map { "budget: \($0)" }.joined(separator: "\n")))"
      xml += "</system-out>\n"
    }
    xml += "  </testsuite>\n</testsuites>\n"
    return xml
  }

  /// `& < > " '` as XML entities; other control characters (invalid in XML 1.0) dropped.
  static func escape(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
      default:
        if scalar.value >= 0x20 { out.unicodeScalars.append(scalar) }
      }
    }
    return out
  }
}
