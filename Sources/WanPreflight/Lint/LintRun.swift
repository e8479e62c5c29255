/// The result of linting many request files: one report per request, and what was passed over.
public struct LintRun: Sendable {
  /// One report per request file, in path order (a file found in a folder that cannot be read
  /// or parsed has a report with its `request_json` diagnostic).
  public var reports: [Report]
  /// Files that were looked at and skipped because they are not requests (or not selected by
  /// the configuration's globs).
  public var skipped: [String]
  /// Requests for other Wan models (`wan2.7-t2v`, …), skipped: their rules are not these.
  public var otherModels: [String]

  /// Creates a run.
  public init(reports: [Report], skipped: [String], otherModels: [String] = []) {
    self.reports = reports
    self.skipped = skipped
    self.otherModels = otherModels
  }

  /// How many diagnostics are errors, over all reports.
  public var errors: Int { reports.map(\.errors).reduce(0, +) }
  /// How many diagnostics are warnings, over all reports.
  public var warnings: Int { reports.map(\.warnings).reduce(0, +) }
  /// How many diagnostics are notes, over all reports.
  public var notes: Int { reports.map(\.notes).reduce(0, +) }
}

/// Why a lint could not run at all: a path given to it, or a configuration, is unusable. The
/// command line prints the description as one line and exits 2.
public enum LintError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A configuration file is invalid, or maps URLs to a folder outside the repository.
  case configuration(Configuration.Error)
  /// A path given to lint does not exist or cannot be read.
  case path(String, reason: String)

  /// One line: what is wrong, and with which path or configuration.
  public var description: String {
    switch self {
    case .configuration(let error): "invalid configuration: \(error.description)"
    case .path(let path, let reason): "\(path): \(reason)"
    }
  }
}
