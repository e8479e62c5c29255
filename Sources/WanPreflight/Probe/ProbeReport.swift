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
/// Keys are snake_case and sorted; fields are only ever added under the same schema. A Swift
/// client reads the JSON back with `JSONDecoder` into an equal report.
public struct ProbeReport: Codable, Sendable, Equatable {
  /// The schema identifier written into every report.
  public static let schema = "wan-preflight.probe/1"

  /// One probed file.
  public struct Entry: Codable, Sendable, Equatable {
    /// The path as given.
    public let path: String
    /// The probe's findings, when it succeeded.
    public let media: MediaInfo?
    /// Why the probe failed, when it did.
    public let error: ProbeError?

    enum CodingKeys: String, CodingKey { case path, ok, media, error }

    /// Reads an entry back: `path`, and `media` or `error` (`ok` follows from them).
    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      path = try container.decode(String.self, forKey: .path)
      media = try container.decodeIfPresent(MediaInfo.self, forKey: .media)
      error = try container.decodeIfPresent(ProbeError.self, forKey: .error)
    }

    init(path: String, media: MediaInfo?, error: ProbeError?) {
      self.path = path
      self.media = media
      self.error = error
    }

    /// Writes `path`, `ok`, and `media` or `error`.
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

  /// Reads a report back from its JSON; `probed` and `failed` follow from the files. Throws
  /// `DecodingError.dataCorrupted` for another schema.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    try container.expectSchema(Self.schema, forKey: .schema)
    files = try container.decode([Entry].self, forKey: .files)
  }

  /// Writes `schema`, `files`, and the `probed` and `failed` counts.
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
    try JSONOutput.text(self)
  }
}
