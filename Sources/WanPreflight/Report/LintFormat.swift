import Foundation

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

  /// Renders `run`; `colors` adds ANSI colours to the text format only.
  public func render(_ run: LintRun, colors: Bool = false) throws -> String {
    switch self {
    case .text: TextLintReporter.render(run, colors: colors)
    case .json: try JSONLintReporter.render(run)
    case .sarif: try SARIFReporter.render(run)
    case .github: GitHubReporter.render(run)
    case .junit: JUnitReporter.render(run)
    }
  }
}

/// gcc-style lines, one per diagnostic, then a summary line.
enum TextLintReporter {
  static func render(_ run: LintRun, colors: Bool) -> String {
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

/// The per-request reports with totals.
enum JSONLintReporter {
  struct Document: Encodable {
    let schema = "wan-preflight.lint/1"
    let requests: Int
    let skipped: Int
    let otherModels: Int
    let errors: Int
    let warnings: Int
    let notes: Int
    let reports: [Report]

    enum CodingKeys: String, CodingKey {
      case schema, requests, skipped, errors, warnings, notes, reports
      case otherModels = "other_models"
    }
  }

  static func render(_ run: LintRun) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let document = Document(
      requests: run.reports.count, skipped: run.skipped.count,
      otherModels: run.otherModels.count, errors: run.errors,
      warnings: run.warnings, notes: run.notes, reports: run.reports)
    return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
  }
}

/// SARIF 2.1.0 with a rule entry for every rule id, relative URIs and regions when known.
enum SARIFReporter {
  static let schema =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/cos02/schemas/sarif-schema-2.1.0.json"

  static func render(_ run: LintRun) throws -> String {
    let rules: [[String: Any]] = RuleID.allCases.map { rule in
      [
        "id": rule.rawValue, "name": rule.rawValue,
        "shortDescription": ["text": rule.summary], "fullDescription": ["text": rule.summary],
        "defaultConfiguration": ["level": level(rule.defaultSeverity)],
        "properties": ["family": rule.family],
      ]
    }
    var results: [[String: Any]] = []
    for report in run.reports {
      for diagnostic in report.diagnostics {
        var physical: [String: Any] = [
          "artifactLocation": ["uri": uri(diagnostic.file ?? report.request ?? "")]
        ]
        if let line = diagnostic.line, line >= 1 {
          physical["region"] = ["startLine": line, "startColumn": max(diagnostic.column ?? 1, 1)]
        }
        var text = diagnostic.message
        if let hint = diagnostic.hint { text += " Hint: \(hint)." }
        results.append([
          "ruleId": diagnostic.rule.rawValue,
          "ruleIndex": RuleID.allCases.firstIndex(of: diagnostic.rule) ?? 0,
          "level": level(diagnostic.severity),
          "message": ["text": text],
          "locations": [["physicalLocation": physical]],
          "properties": ["pointer": diagnostic.pointer],
        ])
      }
    }
    let log: [String: Any] = [
      "version": "2.1.0", "$schema": schema,
      "runs": [
        [
          "tool": [
            "driver": [
              "name": "wan-preflight", "semanticVersion": WanPreflightVersion.current,
              "informationUri":
                "https://help.aliyun.com/zh/model-studio/image-to-video-general-api-reference",
              "rules": rules,
            ]
          ],
          "results": results,
        ]
      ],
    ]
    let data = try JSONSerialization.data(
      withJSONObject: log, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  static func level(_ severity: Severity) -> String {
    switch severity {
    case .error: "error"
    case .warning: "warning"
    case .note: "note"
    }
  }

  /// A relative path as a URI reference: `./` dropped, each segment percent-encoded.
  static func uri(_ path: String) -> String {
    let trimmed = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
    return trimmed.split(separator: "/", omittingEmptySubsequences: false).map {
      String($0).addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? String($0)
    }.joined(separator: "/")
  }
}

/// GitHub Actions workflow commands, escaped exactly as `@actions/core` escapes them.
enum GitHubReporter {
  static func render(_ run: LintRun) -> String {
    var lines: [String] = []
    for report in run.reports {
      for diagnostic in report.diagnostics {
        let command: String
        switch diagnostic.severity {
        case .error: command = "error"
        case .warning: command = "warning"
        case .note: command = "notice"
        }
        var properties = ["file=" + escapeProperty(diagnostic.file ?? report.request ?? "")]
        if let line = diagnostic.line { properties.append("line=\(line)") }
        if let column = diagnostic.column { properties.append("col=\(column)") }
        properties.append("title=" + escapeProperty(diagnostic.rule.rawValue))
        var message = diagnostic.message
        if let hint = diagnostic.hint { message += "\nHint: \(hint)" }
        lines.append("::\(command) \(properties.joined(separator: ","))::\(escapeData(message))")
      }
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

/// JUnit XML: one test case per request (passing ones too, so dashboards count them), a failure
/// per error, warnings in `system-out`.
enum JUnitReporter {
  static func render(_ run: LintRun) -> String {
    let failures = run.reports.filter { $0.errors > 0 }.count
    var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
    xml +=
      #"<testsuites name="wan-preflight" tests="\#(run.reports.count)" failures="\#(failures)" errors="0">"#
      + "\n"
    xml +=
      #"  <testsuite name="wan-preflight lint" tests="\#(run.reports.count)" failures="\#(failures)" errors="0" skipped="0">"#
      + "\n"
    for report in run.reports {
      let name = escape(report.request ?? "<request>")
      xml += #"    <testcase classname="wan-preflight" name="\#(name)">"# + "\n"
      for diagnostic in report.diagnostics where diagnostic.severity == .error {
        let location = [diagnostic.line, diagnostic.column].compactMap { $0 }.map(String.init)
          .joined(separator: ":")
        let message = escape("[\(diagnostic.rule.rawValue)] \(diagnostic.message)")
        xml += #"      <failure type="\#(diagnostic.rule.rawValue)" message="\#(message)">"#
        xml += escape("\(report.request ?? ""):\(location) \(diagnostic.message)")
        xml += "</failure>\n"
      }
      let others = report.diagnostics.filter { $0.severity != .error }
      if !others.isEmpty {
        let text = others.map { "\($0.severity.rawValue): [\($0.rule.rawValue)] \($0.message)" }
          .joined(separator: "\n")
        xml += "      <system-out>\(escape(text))</system-out>\n"
      }
      xml += "    </testcase>\n"
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
