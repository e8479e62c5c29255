/// How serious a diagnostic is.
public enum Severity: String, Sendable, Codable, Comparable, CaseIterable {
  /// Information: nothing to fix (e.g. a URL that could not be checked offline).
  case note
  /// The API takes the request but does something you may not want (truncates, cuts, bills).
  case warning
  /// The API will reject the request, or the task will fail after queueing.
  case error

  private var rank: Int {
    switch self {
    case .note: 0
    case .warning: 1
    case .error: 2
    }
  }

  public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One finding: which rule, how serious, where, what was found, what is allowed, and what to do.
public struct Diagnostic: Sendable, Codable, Equatable {
  /// The rule that found it.
  public var rule: RuleID
  /// How serious it is.
  public var severity: Severity
  /// A JSON Pointer into the request body (`/input/media/0`).
  public var pointer: String
  /// The request file, when the request came from one.
  public var file: String?
  /// The line of ``pointer`` in ``file``, when known.
  public var line: Int?
  /// The column of ``pointer`` in ``file``, when known.
  public var column: Int?
  /// The command-line flag that gave the value, e.g. `--duration`; ``file``, ``line`` and
  /// ``column`` are then `nil`, since the value is not the file's.
  public var flag: String?
  /// The value the flag was given (`20` for `--duration 20`), when it has one worth quoting.
  public var flagValue: String?
  /// What was found and what is allowed.
  public var message: String
  /// How to fix it.
  public var hint: String?
  /// The service's own error text for this problem, when known, so a user who saw it finds ours.
  public var serverError: String?

  /// Creates a diagnostic with the rule's default severity.
  public init(
    _ rule: RuleID, at pointer: String, _ message: String, hint: String? = nil,
    serverError: String? = nil, severity: Severity? = nil
  ) {
    self.rule = rule
    self.severity = severity ?? rule.defaultSeverity
    self.pointer = pointer
    self.message = message
    self.hint = hint
    self.serverError = serverError
  }

  enum CodingKeys: String, CodingKey {
    case rule, severity, pointer, file, line, column, flag, message, hint
    case flagValue = "flag_value"
    case serverError = "server_error"
  }
}
