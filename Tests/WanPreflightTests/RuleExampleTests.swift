import Foundation
import Testing

@testable import WanPreflight

/// The exhaustive rule table: every rule describes itself, and its examples are the tests
/// (SwiftLint's habit): the firing request reports the rule at the expected pointer with the
/// expected severity, and the close passing request does not report it.
@Suite("Rule examples")
struct RuleExampleTests {
  /// Checks an example's request as `request.json` in `fixtures/media`.
  static func check(_ example: RuleExample) async -> Report {
    await CheckSupport.check(
      example.body(fixtures: CheckSupport.media), spec: example.spec, region: example.region,
      roots: example.confined ? [CheckSupport.media] : nil)
  }

  @Test("every rule's description is complete")
  func everyRuleIsDescribed() {
    for rule in RuleID.allCases {
      let details = rule.details
      #expect(details.summary.hasSuffix("."), "\(rule.rawValue)")
      #expect(details.firing.pointer != nil && details.firing.severity != nil, "\(rule.rawValue)")
      #expect(details.passing.pointer == nil && details.passing.severity == nil, "\(rule.rawValue)")
      #expect(rule.defaultSeverity == details.severity && rule.family == details.family)
    }
  }

  @Test(
    "the firing example reports the rule at its pointer with its severity",
    arguments: RuleID.allCases)
  func fires(_ rule: RuleID) async throws {
    let example = rule.details.firing
    let report = await Self.check(example)
    let found = report.diagnostics.filter { $0.rule == rule }
    try #require(!found.isEmpty, "\(report.diagnostics.map(\.rule.rawValue))")
    for diagnostic in found {
      #expect(diagnostic.pointer == example.pointer, "\(diagnostic.message)")
      #expect(diagnostic.severity == example.severity, "\(diagnostic.message)")
      #expect(!diagnostic.message.isEmpty && diagnostic.file == "request.json")
      if let text = diagnostic.serverError {
        #expect(
          rule.details.serverErrors.contains { Self.matches(text, $0) },
          "\(text) is not among \(rule.rawValue)'s server errors")
      }
    }
  }

  @Test("the passing example does not report the rule", arguments: RuleID.allCases)
  func passes(_ rule: RuleID) async {
    let report = await Self.check(rule.details.passing)
    #expect(
      !report.diagnostics.contains { $0.rule == rule },
      "\(report.diagnostics.map { "\($0.rule.rawValue): \($0.message)" })")
  }

  @Test("a described server error matches the text with its values in place")
  func serverErrorPattern() {
    let pattern = "Field required: input.media.{index}.url"
    #expect(Self.matches("Field required: input.media.3.url", pattern))
    #expect(!Self.matches("Field required: input.media", pattern))
    #expect(Self.matches("image format error", "image format error"))
  }

  /// Whether `text` is `pattern` with each `{name}` standing for some non-empty value.
  static func matches(_ text: String, _ pattern: String) -> Bool {
    let parts = pattern.split(separator: /\{[a-z]+\}/, omittingEmptySubsequences: false)
    guard parts.count > 1 else { return text == pattern }
    var rest = Substring(text)
    for (index, part) in parts.enumerated() {
      if index == 0 {
        guard rest.hasPrefix(part) else { return false }
        rest = rest.dropFirst(part.count)
      } else if index == parts.count - 1 {
        return rest.count > part.count && rest.hasSuffix(part)
      } else {
        guard let found = rest.dropFirst().range(of: part) else { return false }
        rest = rest[found.upperBound...]
      }
    }
    return false
  }
}

/// The DocC articles document every rule, so the catalog cannot fall behind the code.
@Suite("Rule documentation")
struct RuleDocumentationTests {
  @Test("every rule id appears in its family's article with its default severity")
  func everyRuleIsDocumented() throws {
    let catalog = CheckSupport.root.appendingPathComponent(
      "Sources/WanPreflight/Documentation.docc")
    let articles: [RuleFamily: String] = [
      .request: "RequestRules.md", .reference: "ReferenceRules.md", .content: "ContentRules.md",
    ]
    for rule in RuleID.allCases {
      let file = try #require(articles[rule.family])
      let text = try String(contentsOf: catalog.appendingPathComponent(file), encoding: .utf8)
      let row = text.split(separator: "\n").first { $0.hasPrefix("| `\(rule.rawValue)` |") }
      #expect(row != nil, "\(rule.rawValue) is missing from \(file)")
      #expect(row?.contains(rule.defaultSeverity.rawValue) == true, "\(rule.rawValue)")
    }
  }
}
