/// Renders a ``FixReport`` for a person: a table of what was done (media, rule, action,
/// before → after), the findings left and why, and the verdict of the fixed request's check.
public struct FixReportText: Reporter {
  /// Creates a renderer.
  public init() {}

  /// The whole report, ending in a newline.
  public func render(_ report: FixReport) -> String {
    var lines: [String] = []
    let source = report.request ?? "the request from flags"
    if report.dryRun {
      lines.append("Plan for \(source) (dry run: nothing written)")
    } else if let fixed = report.fixedRequest {
      lines.append("Fixed \(source) → \(fixed)")
    } else {
      lines.append("Did not fix \(source): nothing written to \(report.outputDirectory)")
    }
    if report.changes.isEmpty {
      lines.append("  nothing to change")
    } else {
      lines.append("")
      lines += table(report.changes)
    }
    if !report.notes.isEmpty {
      lines.append("")
      lines += report.notes.map { "note: \($0)" }
    }
    if !report.unfixable.isEmpty {
      lines.append("")
      lines.append("Not fixable:")
      for finding in report.unfixable {
        let diagnostic = finding.diagnostic
        lines.append(
          "  \(diagnostic.severity.rawValue): [\(diagnostic.rule.rawValue)] \(diagnostic.message)")
        lines.append("    why: \(finding.reason)")
      }
    }
    for failure in report.failures {
      lines.append("")
      lines.append("error: [\(failure.code)] \(failure.message)")
    }
    lines.append("")
    lines.append(verdict(report))
    return lines.joined(separator: "\n") + "\n"
  }

  /// The changes as aligned columns.
  private func table(_ changes: [FixChange]) -> [String] {
    let rows =
      [["media", "rule", "done", "before → after"]]
      + changes.map { change in
        [
          change.media?.rawValue ?? "parameters", change.rule?.rawValue ?? "(option)",
          change.action, "\(change.before) → \(change.after)",
        ]
      }
    let widths = (0..<3).map { column in rows.map { $0[column].count }.max() ?? 0 }
    return rows.map { row in
      (0..<3).map { row[$0].padding(toLength: widths[$0] + 2, withPad: " ", startingAt: 0) }
        .joined() + row[3]
    }
  }

  /// The last line: what the fixed request's check says, or why there is none.
  private func verdict(_ report: FixReport) -> String {
    if let after = report.after {
      let counts = [(after.errors, "error"), (after.warnings, "warning"), (after.notes, "note")]
        .map { count, noun in "\(count) \(noun)\(count == 1 ? "" : "s")" }
        .joined(separator: ", ")
      return after.ok ? "OK: the fixed request passes check (\(counts))" : "NOT OK: \(counts)"
    }
    if report.dryRun {
      return report.ok
        ? "OK: every error has a fix; run without --dry-run to write it"
        : "NOT OK: some errors have no fix (see above)"
    }
    return "NOT OK: nothing was written"
  }
}

/// Renders a ``FixReport`` as `wan-preflight.fix/1` JSON.
public struct FixReportJSON: Reporter {
  /// Creates a renderer.
  public init() {}

  /// The report as ``FixReport/jsonText()`` prints it.
  public func render(_ report: FixReport) throws -> String {
    try report.jsonText()
  }
}
