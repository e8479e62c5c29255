#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Opens a path for probing, once: the descriptor it returns is what every reader of the probe,
/// FFmpeg included, reads, so the path is never looked up again.
///
/// A directory, a FIFO (which would block a reader forever), a socket or a device never gets
/// further. `stat` on the path refuses them before anything opens them (opening a device can
/// have effects of its own); `fstat` on the opened descriptor decides, so a path swapped for a
/// FIFO between the two is refused too (the open itself cannot block: `O_NONBLOCK`).
enum FileGate {
  /// The file at `path`, opened read-only, or the reason it cannot be probed.
  static func open(_ path: String) throws(ProbeError) -> FileByteSource {
    var status = stat()
    guard stat(path, &status) == 0 else { throw failure(errno, path: path) }
    try requireRegular(status, path: path)
    let descriptor = openReadOnly(path)
    guard descriptor >= 0 else { throw failure(errno, path: path, otherwise: .readFailed) }
    guard fstat(descriptor, &status) == 0 else {
      let code = errno
      close(descriptor)
      throw failure(code, path: path, otherwise: .readFailed)
    }
    do {
      try requireRegular(status, path: path)
    } catch {
      close(descriptor)
      throw error
    }
    return FileByteSource(descriptor: descriptor, count: Int64(status.st_size))
  }

  /// Refuses anything but a non-empty regular file.
  private static func requireRegular(_ status: stat, path: String) throws(ProbeError) {
    switch status.st_mode & S_IFMT {
    case S_IFREG: break
    case S_IFDIR: throw ProbeError(path: path, reason: .notAFile("a directory"))
    case S_IFIFO: throw ProbeError(path: path, reason: .notAFile("a FIFO"))
    case S_IFSOCK: throw ProbeError(path: path, reason: .notAFile("a socket"))
    case S_IFCHR, S_IFBLK: throw ProbeError(path: path, reason: .notAFile("a device"))
    default: throw ProbeError(path: path, reason: .notAFile("not a regular file"))
    }
    guard status.st_size > 0 else { throw ProbeError(path: path, reason: .empty) }
  }

  /// The error for a failed `stat`, `open` or `fstat` with `errno` `code`; `otherwise` (by
  /// default `strerror`'s words) for codes that say nothing about the path.
  private static func failure(
    _ code: Int32, path: String, otherwise: ProbeError.Reason? = nil
  ) -> ProbeError {
    switch code {
    case ENOENT, ENOTDIR: ProbeError(path: path, reason: .missing(path))
    case EACCES: ProbeError(path: path, reason: .permissionDenied)
    case ELOOP: ProbeError(path: path, reason: .notAFile("symbolic link loop"))
    case ENXIO: ProbeError(path: path, reason: .notAFile("a socket"))
    default:
      ProbeError(path: path, reason: otherwise ?? .other(String(cString: strerror(code))))
    }
  }
}

/// `open(2)` for reading, never blocking and never becoming the controlling terminal (outside
/// ``FileGate``, whose own `open` would hide the C function).
private func openReadOnly(_ path: String) -> Int32 {
  open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
}
