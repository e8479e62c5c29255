import Foundation

/// SARIF 2.1.0 with a rule entry for every rule id, relative URIs and regions when known.
struct SARIFReporter: Reporter {
  static let schema =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/cos02/schemas/sarif-schema-2.1.0.json"

  func render(_ run: LintRun) throws -> String {
    let rules: [[String: Any]] = RuleID.allCases.map { rule in
      [
        "id": rule.rawValue, "name": rule.rawValue,
        "shortDescription": ["text": rule.summary], "fullDescription": ["text": rule.summary],
        "defaultConfiguration": ["level": Self.level(rule.defaultSeverity)],
        "properties": ["family": rule.family.rawValue],
      ]
    }
    var results: [[String: Any]] = []
    for report in run.reports {
      for diagnostic in report.diagnostics {
        var physical: [String: Any] = [
          "artifactLocation": ["uri": Self.uri(diagnostic.file ?? report.request ?? "")]
        ]
        if let line = diagnostic.line, line >= 1 {
          physical["region"] = ["startLine": line, "startColumn": max(diagnostic.column ?? 1, 1)]
        }
        var text = diagnostic.message
        if let hint = diagnostic.hint { text += " Hint: \(hint)." }
        results.append([
          "ruleId": diagnostic.rule.rawValue,
          "ruleIndex": RuleID.allCases.firstIndex(of: diagnostic.rule) ?? 0,
          "level": Self.level(diagnostic.severity),
          "message": ["text": text],
          "locations": [["physicalLocation": physical]],
          "properties": ["pointer": diagnostic.pointer],
        ])
      }
    }
    let log: [String: Any] = [
      "version": "2.1.0", "$schema": Self.schema,
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
          "properties": [
            "budget": try Self.budgetObject(run), "budgetText": BudgetText.lines(LintBudget(run)),
          ],
        ]
      ],
    ]
    return try JSONOutput.text(jsonObject: log)
  }

  /// The run's ``LintBudget`` as the JSON object `lint --format json` prints under `budget`.
  static func budgetObject(_ run: LintRun) throws -> Any {
    try JSONSerialization.jsonObject(with: JSONOutput.encoder.encode(LintBudget(run)))
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
