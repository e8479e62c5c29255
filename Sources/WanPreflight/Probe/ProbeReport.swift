import Foundation
import MediaProbe

/// The result of probing a list of files, in the `wan-preflight.probe/1` JSON form.
///
/// ```json
/// { "schema": "wan-preflight.probe/1",
///   "files": [ { "path": "cat.jpg", "ok": true, "media": { … } },
///              { "path": "x.png", "ok": false, "error": { "code": "empty", … } } ],
///   "probed": 1, "failed": 1 }
/// ```
/// Keys are snake_case and sorted; fields are only ever added under the same schema.
public struct ProbeReport: Encodable, Sendable {
  /// The schema identifier written into every report.
  public static let schema = "wan-preflight.probe/1"

  /// One probed file.
  public struct Entry: Encodable, Sendable {
    /// The path as given.
    public let path: String
    /// The probe's findings, when it succeeded.
    public let media: MediaInfo?
    /// Why the probe failed, when it did.
    public let error: ProbeError?

    enum CodingKeys: String, CodingKey { case path, ok, media, error }

    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(path, forKey: .path)
      try container.encode(error == nil, forKey: .ok)
      try container.encodeIfPresent(media, forKey: .media)
      try container.encodeIfPresent(error, forKey: .error)
    }
  }

  /// The files in the order they were given.
  public let files: [Entry]

  /// Creates a report from probe results, one per path, in order.
  public init(paths: [String], results: [Result<MediaInfo, ProbeError>]) {
    files = zip(paths, results).map { path, result in
      switch result {
      case .success(let media): Entry(path: path, media: media, error: nil)
      case .failure(let error): Entry(path: path, media: nil, error: error)
      }
    }
  }

  /// How many files failed to probe.
  public var failedCount: Int { files.filter { $0.error != nil }.count }

  enum CodingKeys: String, CodingKey { case schema, files, probed, failed }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(Self.schema, forKey: .schema)
    try container.encode(files, forKey: .files)
    try container.encode(files.count - failedCount, forKey: .probed)
    try container.encode(failedCount, forKey: .failed)
  }

  /// The report as pretty-printed JSON with sorted keys and unescaped slashes, ending in a
  /// newline.
  public func jsonText() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
  }
}
