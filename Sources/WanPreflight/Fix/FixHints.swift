/// Puts the `fix` command first in the hint of every finding `fix` would remove, so a user
/// reading `check` learns the one command that rewrites the media (the hand-made command stays
/// after it).
enum FixHints {
  /// The folder the hints' command writes into.
  static let folder = "fixed"

  /// `report` with the `fix` command leading each hint of a finding that
  /// `wan-preflight fix` removes, when the request names a command line or a file.
  static func adding(to report: Report, request: JobRequest, spec: ModelSpec) -> Report {
    guard let words = request.commandArguments ?? request.file.map({ [$0] }) else {
      return report
    }
    let plan = FixPlanner(spec: spec, options: FixOptions(outputDirectory: folder)).plan(report)
    guard plan.canWrite else { return report }
    let command = (["wan-preflight", "fix"] + words + ["--out", folder])
      .map(FixCommand.quoted).joined(separator: " ")
    var hinted = report
    hinted.diagnostics = report.diagnostics.map { diagnostic in
      let fixed = plan.media.contains { fix in
        fix.changes.contains {
          $0.rule == diagnostic.rule
            && ($0.pointer == diagnostic.pointer || diagnostic.pointer.hasPrefix(fix.pointer))
        }
      }
      guard fixed else { return diagnostic }
      var changed = diagnostic
      changed.hint = "fix it: `\(command)`" + (diagnostic.hint.map { "; or \($0)" } ?? "")
      return changed
    }
    return hinted
  }
}
