import Foundation

/// Writes a file all at once or not at all: into a temporary file beside it, then renamed over
/// it. A failed or interrupted build never leaves a half-written body.
public enum AtomicFile {
  /// Writes `path` with what `body` writes to the handle; `permissions` as for `chmod`.
  public static func write(
    _ path: String, permissions: Int = 0o644, _ body: (FileHandle) throws -> Void
  ) throws {
    let target = URL(fileURLWithPath: path)
    let temporary = target.deletingLastPathComponent()
      .appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).partial")
    guard
      FileManager.default.createFile(
        atPath: temporary.path, contents: nil, attributes: [.posixPermissions: permissions])
    else {
      throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporary.path])
    }
    do {
      let handle = try FileHandle(forWritingTo: temporary)
      defer { try? handle.close() }
      try body(handle)
      try handle.synchronize()
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw error
    }
    if rename(temporary.path, target.path) != 0 {
      let code = errno
      try? FileManager.default.removeItem(at: temporary)
      throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
    }
  }
}
