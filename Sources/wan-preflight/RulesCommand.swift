import ArgumentParser
import Foundation
import WanPreflight

/// `wan-preflight rules`: every rule id with its severity, family and description.
struct RulesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rules",
    abstract: "List every rule: id, default severity, family, what it checks.",
    discussion: """
      --format json prints the wan-preflight.rules/1 document (schemas/rules.schema.json): \
      each rule's id, severity, family, summary, the service's own error texts where known, \
      and whether `wan-preflight fix` can remove its finding.
      """
  )

  @Option(name: .shortAndLong, help: "Output format.")
  var format: TextOrJSON = .text

  func run() throws {
    switch format {
    case .text: Terminal.write(Self.table())
    case .json: Terminal.write(try RuleCatalog().jsonText())
    }
  }

  /// One line a rule: id, severity, family, what it checks.
  static func table() -> String {
    let width = RuleID.allCases.map(\.rawValue.count).max() ?? 0
    var lines = [
      "\("RULE".padding(toLength: width, withPad: " ", startingAt: 0))  SEVERITY  FAMILY     DESCRIPTION"
    ]
    for rule in RuleID.allCases {
      lines.append(
        rule.rawValue.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
          + rule.defaultSeverity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0) + "  "
          + rule.family.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0) + "  "
          + rule.summary)
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
