import Foundation

/// A request body ready to POST.
public struct BuiltRequest: Sendable {
  /// The body, written lazily (base64 is produced while writing).
  let body: BodyValue
  /// Whether any media URL is `oss://` (the request then needs
  /// `X-DashScope-OssResourceResolve: enable`).
  public let usesOSS: Bool
  /// Fields of the request that the body leaves out (legacy and unknown ones), once each, as
  /// `input.img_url` or `input.media.0.name`.
  public let droppedFields: [String]
  /// The `--map` paths (``BuildOptions/mappings`` keys) that no media item used, sorted.
  public let unusedMappings: [String]

  /// The body's bytes, for callers that want them in memory.
  public func bytes() throws -> [UInt8] {
    var sink = MemorySink()
    try BodyWriter.write(body, to: &sink)
    return sink.bytes
  }

  /// Writes the body to `handle` without holding the encoded images in memory twice.
  public func write(to handle: FileHandle) throws {
    var sink = FileSink(handle: handle)
    try BodyWriter.write(body, to: &sink)
  }
}
