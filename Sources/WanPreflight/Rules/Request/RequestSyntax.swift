/// The `request_json` error for a request file that does not parse.
enum RequestSyntax {
  /// The diagnostic for `error`, located in `file` at the error's line and column.
  static func diagnostic(_ error: DocumentParseError, file: String?) -> Diagnostic {
    var diagnostic = Diagnostic(
      .requestJSON, at: "", "\(file ?? "the request"): \(error.message)",
      hint: "fix the syntax at line \(error.position.line), column \(error.position.column)",
      serverError: ServiceText.bodyInvalid)
    diagnostic.file = file
    diagnostic.line = error.position.line
    diagnostic.column = error.position.column
    return diagnostic
  }
}
