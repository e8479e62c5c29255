/// Renders a ``Report`` for a person: the plan at a glance, then the diagnostics grouped by
/// media item, each in the `file:line:column: severity: [rule] message` form editors read.
public struct ReportText: Reporter {
  /// Whether to use ANSI colours (only on a terminal, never with `NO_COLOR`).
  public var colors: Bool

  /// Creates a renderer.
  public init(colors: Bool = false) {
    self.colors = colors
  }

  /// The whole report, ending in a newline.
  public func render(_ report: Report) -> String {
    var lines: [String] = []
    lines.append(planLine(report))
    for group in groups(report) where !group.diagnostics.isEmpty {
      lines.append("")
      lines.append(paint(group.title, .bold))
      for diagnostic in group.diagnostics { lines += render(diagnostic) }
    }
    lines.append("")
    let verdict = report.ok ? paint("OK", .green) : paint("NOT OK", .red)
    lines.append(
      "\(verdict): \(count(report.errors, "error")), \(count(report.warnings, "warning")), "
        + "\(count(report.notes, "note"))")
    return lines.joined(separator: "\n") + "\n"
  }

  /// One diagnostic: the located line, then its hint and the server's wording.
  public func render(_ diagnostic: Diagnostic) -> [String] {
    var location = diagnostic.file ?? "<flags>"
    if let flag = diagnostic.flag {
      location = flag + (diagnostic.flagValue.map { " " + Self.quotedIfNeeded($0) } ?? "")
    } else if let line = diagnostic.line, let column = diagnostic.column {
      location += ":\(line):\(column)"
    }
    let severity: String
    switch diagnostic.severity {
    case .error: severity = paint("error", .red)
    case .warning: severity = paint("warning", .yellow)
    case .note: severity = paint("note", .cyan)
    }
    var lines = ["\(location): \(severity): [\(diagnostic.rule.rawValue)] \(diagnostic.message)"]
    if let hint = diagnostic.hint { lines.append("    hint: \(hint)") }
    if let server = diagnostic.serverError { lines.append("    the service says: \"\(server)\"") }
    return lines
  }

  /// A flag's value as a shell would need it: as is when plain, else in single quotes.
  private static func quotedIfNeeded(_ value: String) -> String {
    let plain =
      !value.isEmpty
      && value.unicodeScalars.allSatisfy {
        $0.properties.isAlphabetic || $0.properties.numericType != nil
          || "-_./:@%+=,".unicodeScalars.contains($0)
      }
    return plain ? value : "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }

  private func planLine(_ report: Report) -> String {
    guard let plan = report.plan else { return "Plan: no task can be inferred from the media." }
    var parts = ["\(plan.model)", plan.task, plan.resolution]
    if let width = plan.output.width, let height = plan.output.height {
      parts.append("\(width)x\(height) (\(plan.output.basis.rawValue))")
    } else {
      parts.append("size unknown (the first frame or clip was not measured)")
    }
    parts.append("\(plan.output.seconds) s, \(plan.output.frames) frames at \(plan.output.fps) fps")
    if let alternate = plan.alternateOutput {
      let reading = (plan.alternateIgnores ?? .orientation).phrase
      parts.append("\(alternate.width)x\(alternate.height) \(reading)")
    }
    if let continuation = plan.continuationSeconds {
      parts.append("\(Units.seconds(continuation)) s new after the clip")
    }
    var line = "Plan: " + parts.joined(separator: " · ")
    if let price = plan.price {
      line +=
        "\nCost: \(plan.billedSeconds) s billed ≈ \(Units.money(price.amount)) \(price.currency) "
        + "(\(price.basis.rawValue), \(price.region.rawValue); may have changed)"
    }
    return line
  }

  private struct Group {
    var title: String
    var diagnostics: [Diagnostic]
  }

  /// The request's own diagnostics first, then one group per media item.
  private func groups(_ report: Report) -> [Group] {
    var request = Group(title: "Request", diagnostics: [])
    var media = report.media.map { entry in
      Group(
        title:
          "\(entry.type?.rawValue ?? "media") "
          + "\(entry.path ?? entry.url ?? "(\(entry.source?.rawValue ?? "no") URL)")"
          + "  (\(entry.pointer))",
        diagnostics: [])
    }
    for diagnostic in report.diagnostics {
      if let index = report.media.firstIndex(where: {
        diagnostic.pointer == $0.pointer || diagnostic.pointer.hasPrefix($0.pointer + "/")
      }) {
        media[index].diagnostics.append(diagnostic)
      } else {
        request.diagnostics.append(diagnostic)
      }
    }
    return [request] + media
  }

  private func count(_ value: Int, _ noun: String) -> String {
    "\(value) \(noun)\(value == 1 ? "" : "s")"
  }

  private enum Style: String {
    case bold = "1"
    case red = "31"
    case green = "32"
    case yellow = "33"
    case cyan = "36"
  }

  private func paint(_ text: String, _ style: Style) -> String {
    colors ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
  }
}
