import ArgumentParser
import Foundation
import WanPreflight

/// `wan-preflight rules`: every rule id with its severity, family and description.
struct RulesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rules", abstract: "List every rule: id, default severity, family, what it checks."
  )

  func run() throws {
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
    Terminal.write(lines.joined(separator: "\n") + "\n")
  }
}
