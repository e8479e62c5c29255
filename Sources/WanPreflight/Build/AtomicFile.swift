import Foundation

/// Why a file could not be written, in words: `PATH: what is wrong`.
public struct FileWriteError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file that was to be written, as the user named it.
  public let path: String
  /// What is wrong, e.g. `the folder /no/such does not exist`.
  public let reason: String

  /// Creates an error.
  init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }

  /// `PATH: reason`.
  public var description: String { "\(path): \(reason)" }
}

/// Writes a file all at once or not at all: into a temporary file beside it, then renamed over
/// it. A failed or interrupted build never leaves a half-written body.
public enum AtomicFile {
  /// Whether `path` can be written, before anything is: its folder exists and is a folder, and
  /// `path` is not itself a folder.
  public static func checkDestination(_ path: String) throws(FileWriteError) {
    var isFolder: ObjCBool = false
    if path.hasSuffix("/")
      || (FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        && isFolder.boolValue)
    {
      throw FileWriteError(path: path, reason: "is a folder; give a file name")
    }
    let folder = LocalPath.folder(of: path)
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) else {
      throw FileWriteError(path: path, reason: "the folder \(folder) does not exist")
    }
    guard isFolder.boolValue else {
      throw FileWriteError(path: path, reason: "\(folder) is not a folder")
    }
    guard access(folder, W_OK) == 0 else {
      throw FileWriteError(path: path, reason: "permission denied: cannot write in \(folder)")
    }
  }

  /// Writes `path` with what `body` writes to the handle; `permissions` as for `chmod`.
  ///
  /// A problem with the destination throws ``FileWriteError``; an error `body` throws is
  /// rethrown as it is, after the temporary file is removed.
  public static func write(
    _ path: String, permissions: Int = 0o644, _ body: (FileHandle) throws -> Void
  ) throws {
    try checkDestination(path)
    let target = URL(fileURLWithPath: path)
    let temporary = target.deletingLastPathComponent()
      .appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).partial")
    let descriptor = open(
      temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(permissions & 0o7777))
    guard descriptor >= 0 else {
      throw FileWriteError(path: path, reason: reason(errno: errno))
    }
    // open(2) applies the umask; chmod gives exactly what was asked (the script is 755).
    _ = fchmod(descriptor, mode_t(permissions & 0o7777))
    let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    do {
      defer { try? handle.close() }
      do {
        try body(handle)
        try handle.synchronize()
      } catch let error as NSError
        where error.domain == NSCocoaErrorDomain || error.domain == NSPOSIXErrorDomain
      {
        throw FileWriteError(path: path, reason: reason(error))
      }
    } catch {
      unlink(temporary.path)
      throw error
    }
    if rename(temporary.path, target.path) != 0 {
      let code = errno
      unlink(temporary.path)
      throw FileWriteError(path: path, reason: reason(errno: code))
    }
  }

  /// A write error from Foundation as the POSIX reason under it, in words.
  private static func reason(_ error: NSError) -> String {
    if error.domain == NSPOSIXErrorDomain { return reason(errno: Int32(error.code)) }
    if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError,
      underlying.domain == NSPOSIXErrorDomain
    {
      return reason(errno: Int32(underlying.code))
    }
    return "could not be written"
  }

  /// An `errno` in words.
  static func reason(errno code: Int32) -> String {
    switch code {
    case ENOENT: "a folder on the path does not exist"
    case ENOTDIR: "a part of the path is not a folder"
    case EISDIR: "is a folder; give a file name"
    case EACCES, EPERM: "permission denied"
    case EROFS: "the file system is read-only"
    case ENOSPC: "no space left on the device"
    case EDQUOT: "the disk quota is exceeded"
    case ENAMETOOLONG: "the name is too long"
    default: "could not be written (error \(code))"
    }
  }
}
