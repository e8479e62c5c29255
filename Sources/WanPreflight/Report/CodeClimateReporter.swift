/// `lint --format codeclimate`: the JSON array of issues GitLab's code-quality report reads
/// (a subset of the Code Climate engine format): one issue per diagnostic.
struct CodeClimateReporter: Reporter {
  /// One issue, with the keys GitLab requires.
  struct Issue: Encodable, Equatable {
    struct Location: Encodable, Equatable {
      struct Lines: Encodable, Equatable { let begin: Int }
      let path: String
      let lines: Lines
    }
    let description: String
    let checkName: String
    let fingerprint: String
    let severity: String
    let location: Location

    enum CodingKeys: String, CodingKey {
      case description, fingerprint, severity, location
      case checkName = "check_name"
    }
  }

  func render(_ run: LintRun) throws -> String {
    try JSONOutput.text(Self.issues(run))
  }

  /// The issues of `run`, in report and diagnostic order.
  static func issues(_ run: LintRun) -> [Issue] {
    var seen: [String: Int] = [:]
    var issues: [Issue] = []
    for report in run.reports {
      for diagnostic in report.diagnostics {
        let path = diagnostic.file ?? report.request ?? ""
        var description = diagnostic.message
        if let hint = diagnostic.hint {
          description += (description.hasSuffix(".") ? "" : ".") + " Hint: \(hint)."
        }
        // The same finding at the same place keeps its fingerprint from run to run; a repeat
        // within one run is told apart by its occurrence.
        let identity = [diagnostic.rule.rawValue, path, diagnostic.pointer, diagnostic.message]
          .joined(separator: "\u{0}")
        let occurrence = seen[identity, default: 0]
        seen[identity] = occurrence + 1
        issues.append(
          Issue(
            description: description, checkName: diagnostic.rule.rawValue,
            fingerprint: fingerprint(identity + (occurrence == 0 ? "" : "\u{0}\(occurrence)")),
            severity: severity(diagnostic.severity),
            location: Issue.Location(
              path: path, lines: .init(begin: max(diagnostic.line ?? 1, 1)))))
      }
    }
    return issues
  }

  /// GitLab's scale: an error (the API refuses the request, or the task fails) is `critical`, a
  /// warning `minor`, a note `info`.
  static func severity(_ severity: Severity) -> String {
    switch severity {
    case .error: "critical"
    case .warning: "minor"
    case .note: "info"
    }
  }

  /// 128 bits of two FNV-1a hashes of `text`'s UTF-8, as 32 hex digits: the same on every
  /// machine and run (Swift's `Hasher` is seeded per process).
  static func fingerprint(_ text: String) -> String {
    var first: UInt64 = 0xcbf2_9ce4_8422_2325
    var second: UInt64 = 0x6c62_272e_07bb_0142
    for byte in text.utf8 {
      first = (first ^ UInt64(byte)) &* 0x100_0000_01b3
      second = (second ^ UInt64(byte ^ 0x5c)) &* 0x100_0000_01b3
    }
    return hex(first) + hex(second)
  }

  private static func hex(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }
}
