/// Judges a file's size against a limit the guide states in "MB": an error above the larger
/// reading (2²⁰-byte MB), a warning in the band between the two readings, nothing at or below
/// the smaller (10⁶-byte MB).
struct ByteLimitRule {
  let limit: ByteLimit
  let rule: RuleID

  /// The diagnostic for `subject` (`first_frame cat.png`) of `size` bytes, or nil when it fits on
  /// either reading.
  func check(
    _ size: Int64, subject: String, at pointer: String, hint: String?, serverError: String? = nil
  ) -> Diagnostic? {
    let found = "\(subject) is \(Units.bytesExactly(size))"
    if size > limit.most {
      return Diagnostic(
        rule, at: pointer,
        "\(found); the limit is \(limit.stated), at most \(Units.grouped(limit.most)) bytes even "
          + "if MB means 1,048,576 bytes", hint: hint, serverError: serverError)
    }
    if size > limit.certain {
      return Diagnostic(
        rule, at: pointer,
        "\(found): over \(limit.stated) if MB means 1,000,000 bytes "
          + "(\(Units.grouped(limit.certain))), within it if MB means 1,048,576 bytes "
          + "(\(Units.grouped(limit.most))); the service may refuse it (inferred: the guide does "
          + "not say which)", hint: hint, serverError: serverError, severity: .warning)
    }
    return nil
  }
}
