#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file written whole or not at all, owned: `init` creates a new temporary file (never an
/// existing one) in the destination's folder, ``commit()`` flushes it to disk and renames it
/// into place, and `deinit` removes it when it was not committed, so a failure leaves nothing.
final class AtomicFile {
  /// Where the file ends up.
  let destination: String
  private var temporary: String
  private var descriptor: Int32
  private var committed = false

  /// Creates the temporary file beside `destination` (`.name.XXXXXX`, mode 0644 under umask).
  init(destination: String) throws(TransformError) {
    self.destination = destination
    let slash = destination.lastIndex(of: "/")
    let folder = slash.map { String(destination[...$0]) } ?? ""
    let name = slash.map { String(destination[destination.index(after: $0)...]) } ?? destination
    var template = Array("\(folder).\(name).XXXXXX".utf8CString)
    descriptor = template.withUnsafeMutableBufferPointer { buffer in
      buffer.baseAddress.map { mkstemp($0) } ?? -1
    }
    guard descriptor >= 0 else { throw Self.failure(destination) }
    temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    _ = fchmod(descriptor, 0o644 & ~Self.umaskValue)
  }

  deinit {
    guard !committed else { return }
    if descriptor >= 0 { close(descriptor) }
    unlink(temporary)
  }

  /// The temporary file's path, for a writer that opens it by name (the MP4 muxer); it is
  /// renamed by ``commit()`` or removed by `deinit` all the same.
  var temporaryPath: String { temporary }

  /// Appends `bytes`.
  func write(_ bytes: [UInt8]) throws(TransformError) {
    var written = 0
    while written < bytes.count {
      let count = bytes.withUnsafeBytes { buffer in
        writeSome(descriptor, buffer.baseAddress.map { $0 + written }, bytes.count - written)
      }
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else { throw Self.failure(destination) }
      written += count
    }
  }

  /// Flushes the file to disk and renames it to ``destination``, replacing what is there.
  func commit() throws(TransformError) {
    guard fsync(descriptor) == 0 else { throw Self.failure(destination) }
    let closed = close(descriptor)
    descriptor = -1
    guard closed == 0 else { throw Self.failure(destination) }
    guard rename(temporary, destination) == 0 else { throw Self.failure(destination) }
    committed = true
  }

  /// The process's umask (read by setting it and putting it back).
  private static var umaskValue: mode_t {
    let mask = umask(0o022)
    umask(mask)
    return mask
  }

  private static func failure(_ path: String) -> TransformError {
    .writeFailed(path: path, reason: String(cString: strerror(errno)))
  }
}

/// `write(2)` (outside ``AtomicFile``, whose own `write` would hide the C function).
private func writeSome(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
  guard let bytes else { return -1 }
  return write(descriptor, bytes, count)
}
