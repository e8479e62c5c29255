#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Checks that a path names a non-empty regular file before anything tries to read it, so that
/// a directory, a FIFO (which would block a reader forever) or a device never reaches FFmpeg.
enum FileGate {
  /// The file's size in bytes, or the reason it cannot be probed.
  static func regularFileSize(at path: String) throws(ProbeError) -> Int64 {
    var status = stat()
    guard stat(path, &status) == 0 else {
      let code = errno
      switch code {
      case ENOENT, ENOTDIR:
        throw ProbeError(path: path, reason: .missing(path))
      case EACCES: throw ProbeError(path: path, reason: .permissionDenied)
      case ELOOP: throw ProbeError(path: path, reason: .notAFile("symbolic link loop"))
      default: throw ProbeError(path: path, reason: .other(String(cString: strerror(code))))
      }
    }
    switch status.st_mode & S_IFMT {
    case S_IFREG: break
    case S_IFDIR: throw ProbeError(path: path, reason: .notAFile("a directory"))
    case S_IFIFO: throw ProbeError(path: path, reason: .notAFile("a FIFO"))
    case S_IFSOCK: throw ProbeError(path: path, reason: .notAFile("a socket"))
    case S_IFCHR, S_IFBLK: throw ProbeError(path: path, reason: .notAFile("a device"))
    default: throw ProbeError(path: path, reason: .notAFile("not a regular file"))
    }
    guard status.st_size > 0 else { throw ProbeError(path: path, reason: .empty) }
    return Int64(status.st_size)
  }
}
