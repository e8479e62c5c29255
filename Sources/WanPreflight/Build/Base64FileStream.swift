import Foundation

/// Writes a file's bytes as base64 without holding the file (or its encoding) whole.
enum Base64FileStream {
  /// Streams a file as base64 in 3 MiB pieces (a multiple of 3 bytes, so the pieces join into
  /// one valid encoding): memory stays flat whatever the file's size. A file that cannot be read
  /// (gone since the check, or no longer a regular file) is a ``BuildError`` naming it; errors
  /// of the sink pass through.
  static func write(ofFile path: String, to sink: inout some ByteSink) throws {
    // Opened as request files are: never blocking, a regular file by its descriptor, so a path
    // swapped for a FIFO since the check cannot hang the build.
    let unreadable = BuildError(
      "\(path) could not be read to encode it", hint: "run wan-preflight check")
    guard case .success(let handle) = RequestFile.openForReading(path) else { throw unreadable }
    defer { try? handle.close() }
    func read() throws(BuildError) -> Data? {
      do {
        return try handle.read(upToCount: 3 << 20)
      } catch {
        throw unreadable
      }
    }
    var pending = Data()
    while let piece = try read(), !piece.isEmpty {
      pending.append(piece)
      let whole = pending.count - pending.count % 3  // reads may come back short
      guard whole > 0 else { continue }
      try sink.write(pending.prefix(whole).base64EncodedData())
      pending = Data(pending.dropFirst(whole))
    }
    if !pending.isEmpty { try sink.write(pending.base64EncodedData()) }
  }
}
