/// The diagnostics found while reading one request body, in the order they were found.
struct RequestFindings {
  /// What was found so far.
  private(set) var diagnostics: [Diagnostic] = []

  /// Adds a diagnostic of `rule` at `pointer`.
  mutating func report(
    _ rule: RuleID, _ pointer: String, _ message: String, hint: String? = nil,
    serverError: String? = nil
  ) {
    diagnostics.append(Diagnostic(rule, at: pointer, message, hint: hint, serverError: serverError))
  }

  /// A pointer as messages name the field: `/input/media/0` is `input.media.0`.
  static func fieldName(_ pointer: String) -> String {
    JSONPointer.tokens(pointer).joined(separator: ".")
  }
}
