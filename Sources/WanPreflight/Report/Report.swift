import Foundation
import MediaProbe

/// The result of checking one request: the `wan-preflight.report/1` JSON contract.
///
/// `Codable` both ways: ``init(from:)`` reads back exactly what ``jsonText()`` prints (the
/// counts and `ok` are derived from ``diagnostics``, so they are not read).
public struct Report: Sendable, Codable, Equatable {
  /// The schema identifier written into every report.
  public static let schema = "wan-preflight.report/1"

  /// The request file, or `nil` when the request was built from flags or code.
  public var request: String?
  /// Every finding, in the order the checks ran.
  public var diagnostics: [Diagnostic]
  /// The predicted output and price; `nil` when no task can be inferred.
  public var plan: Plan?
  /// Each media item with what probing it found.
  public var media: [MediaEntry]

  /// How many diagnostics are errors.
  public var errors: Int { diagnostics.filter { $0.severity == .error }.count }
  /// How many diagnostics are warnings.
  public var warnings: Int { diagnostics.filter { $0.severity == .warning }.count }
  /// How many diagnostics are notes.
  public var notes: Int { diagnostics.filter { $0.severity == .note }.count }
  /// Whether the API would take the request (no errors).
  public var ok: Bool { errors == 0 }

  /// One media item of the request.
  public struct MediaEntry: Sendable, Codable, Equatable {
    /// The item's JSON Pointer, `/input/media/N`.
    public var pointer: String
    /// The item's `type`, when it names a known role.
    public var type: MediaRole?
    /// What kind of place the item's `url` names.
    public var source: MediaSource?
    /// The local path probed.
    public var path: String?
    /// The URL, for remote media.
    public var url: String?
    /// What the probe found.
    public var probe: MediaInfo?
    /// Why the probe failed.
    public var error: ProbeError?

    enum CodingKeys: String, CodingKey {
      case pointer, type, source, path, url, probe, error
    }
  }

  enum CodingKeys: String, CodingKey {
    case schema, request, ok, errors, warnings, notes, diagnostics, plan, media
  }

  /// Writes the report in the `wan-preflight.report/1` shape, with the counts and `ok`.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(Self.schema, forKey: .schema)
    try container.encode(request, forKey: .request)
    try container.encode(ok, forKey: .ok)
    try container.encode(errors, forKey: .errors)
    try container.encode(warnings, forKey: .warnings)
    try container.encode(notes, forKey: .notes)
    try container.encode(diagnostics, forKey: .diagnostics)
    try container.encode(plan, forKey: .plan)
    try container.encode(media, forKey: .media)
  }

  /// The report as pretty JSON with sorted keys and unescaped slashes, ending in a newline.
  public func jsonText() throws -> String {
    try JSONOutput.text(self)
  }
}

extension Report {
  /// Reads a report as ``jsonText()`` prints it; a `schema` other than ``schema`` is refused.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    try container.expectSchema(Self.schema, forKey: .schema)
    self.init(
      request: try container.decodeIfPresent(String.self, forKey: .request),
      diagnostics: try container.decode([Diagnostic].self, forKey: .diagnostics),
      plan: try container.decodeIfPresent(Plan.self, forKey: .plan),
      media: try container.decode([MediaEntry].self, forKey: .media))
  }
}
