/// One output format: turns what a `check` or `lint` found into the text it prints.
///
/// Each format (`check`'s text and JSON; `lint`'s text, JSON, SARIF, GitHub, JUnit, HTML and
/// Code Climate) is one small type that conforms, made for its colour choice by
/// ``ReportFormat/reporter(colors:)`` or ``LintFormat/reporter(colors:)``; formats without colour
/// ignore the choice. Rendering has no effect besides its result, so a caller may print, write or
/// compare it.
public protocol Reporter<Subject>: Sendable {
  /// What the format renders: a ``Report`` for `check`, a ``LintRun`` for `lint`.
  associatedtype Subject

  /// The whole output for `subject`, ending in a newline when it is not empty.
  func render(_ subject: Subject) throws -> String
}
