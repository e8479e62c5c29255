/// What `fix` did: the `wan-preflight.fix/1` JSON contract.
///
/// The changes say, for each finding removed, what was done and the fact before and after
/// (measured on the written file, or planned in a dry run); the check of the written
/// `request.json` is ``after``. `Codable` both ways.
public struct FixReport: Sendable, Codable, Equatable {
  /// The schema identifier written into every fix report.
  public static let schema = "wan-preflight.fix/1"

  /// The request file fixed, or `nil` for a request built from flags or code.
  public var request: String?
  /// The folder written into.
  public var outputDirectory: String
  /// Whether this was a dry run (nothing written).
  public var dryRun: Bool
  /// The fixed request, `DIR/request.json`, when it was written.
  public var fixedRequest: String?
  /// The files written, relative to ``outputDirectory`` (`request.json` last).
  public var written: [String]
  /// Each finding removed (or, in a dry run, to be removed).
  public var changes: [FixChange]
  /// The duration set for the audio (`--audio-fit duration`), if it changed.
  public var duration: DurationChange?
  /// The findings no fix removes, with why.
  public var unfixable: [UnfixableFinding]
  /// The rewrites that failed; when any did, nothing is left in the folder.
  public var failures: [FixFailure]
  /// What the plan chose not to do, and why.
  public var notes: [String]
  /// The check of the request as given.
  public var before: Report
  /// The check of the fixed request; `nil` in a dry run or when nothing was written.
  public var after: Report?
  /// Whether the fix worked: the fixed request passes its check (in a dry run: every error
  /// has a fix).
  public var ok: Bool

  enum CodingKeys: String, CodingKey {
    case schema, request, written, changes, duration, unfixable, failures, notes, before, after, ok
    case outputDirectory = "output_directory"
    case dryRun = "dry_run"
    case fixedRequest = "fixed_request"
  }

  /// Creates a report.
  public init(
    request: String?, outputDirectory: String, dryRun: Bool, fixedRequest: String?,
    written: [String], changes: [FixChange], duration: DurationChange?,
    unfixable: [UnfixableFinding], failures: [FixFailure], notes: [String], before: Report,
    after: Report?, ok: Bool
  ) {
    self.request = request
    self.outputDirectory = outputDirectory
    self.dryRun = dryRun
    self.fixedRequest = fixedRequest
    self.written = written
    self.changes = changes
    self.duration = duration
    self.unfixable = unfixable
    self.failures = failures
    self.notes = notes
    self.before = before
    self.after = after
    self.ok = ok
  }

  /// Reads a report as ``jsonText()`` prints it; another `schema` is refused.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    try container.expectSchema(Self.schema, forKey: .schema)
    self.init(
      request: try container.decodeIfPresent(String.self, forKey: .request),
      outputDirectory: try container.decode(String.self, forKey: .outputDirectory),
      dryRun: try container.decode(Bool.self, forKey: .dryRun),
      fixedRequest: try container.decodeIfPresent(String.self, forKey: .fixedRequest),
      written: try container.decode([String].self, forKey: .written),
      changes: try container.decode([FixChange].self, forKey: .changes),
      duration: try container.decodeIfPresent(DurationChange.self, forKey: .duration),
      unfixable: try container.decode([UnfixableFinding].self, forKey: .unfixable),
      failures: try container.decode([FixFailure].self, forKey: .failures),
      notes: try container.decode([String].self, forKey: .notes),
      before: try container.decode(Report.self, forKey: .before),
      after: try container.decodeIfPresent(Report.self, forKey: .after),
      ok: try container.decode(Bool.self, forKey: .ok))
  }

  /// Writes the report with its schema.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(Self.schema, forKey: .schema)
    try container.encode(request, forKey: .request)
    try container.encode(outputDirectory, forKey: .outputDirectory)
    try container.encode(dryRun, forKey: .dryRun)
    try container.encode(fixedRequest, forKey: .fixedRequest)
    try container.encode(written, forKey: .written)
    try container.encode(changes, forKey: .changes)
    try container.encode(duration, forKey: .duration)
    try container.encode(unfixable, forKey: .unfixable)
    try container.encode(failures, forKey: .failures)
    try container.encode(notes, forKey: .notes)
    try container.encode(before, forKey: .before)
    try container.encode(after, forKey: .after)
    try container.encode(ok, forKey: .ok)
  }

  /// The report as pretty JSON with sorted keys, ending in a newline.
  public func jsonText() throws -> String {
    try JSONOutput.text(self)
  }
}

/// A rewrite that failed, and why.
public struct FixFailure: Sendable, Codable, Equatable {
  /// The media item's JSON Pointer, or `""` for the request itself.
  public var pointer: String
  /// A stable snake_case code: the probe's for an input it refuses, or the transform's
  /// (`cannot_fit`, `destination_is_source`, `write_failed`, …).
  public var code: String
  /// One sentence naming the file and what went wrong.
  public var message: String
}
