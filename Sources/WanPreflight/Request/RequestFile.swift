import Foundation
import MediaProbe

/// Why a request file could not be opened or read, in the words a diagnostic uses after the
/// path: `is a directory, not a request file`, `permission denied`.
public struct RequestFileError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What is wrong with the file, e.g. `is not a regular file`.
  public let message: String

  /// Creates an error.
  init(_ message: String) {
    self.message = message
  }

  /// The message.
  public var description: String { message }
}

/// Reads a request file through one descriptor: opened once (never blocking: `O_NONBLOCK`),
/// checked with `fstat` to be a regular file, then read. A path swapped for a FIFO or a folder
/// after a separate check cannot make the reader block or read something else.
enum RequestFile {
  /// The file at `path`, opened once for reading without blocking and checked with `fstat` on
  /// that descriptor to be a regular file. `build` opens the images it encodes this way too.
  static func openForReading(_ path: String) -> Result<FileHandle, RequestFileError> {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
    guard descriptor >= 0 else {
      let code = errno
      switch code {
      case ENOENT, ENOTDIR:
        return .failure(RequestFileError(ProbeError.Reason.missing(path).message))
      case ENXIO: return .failure(RequestFileError("is not a regular file"))
      case EACCES: return .failure(RequestFileError("permission denied"))
      default:
        return .failure(RequestFileError("cannot be read: \(String(cString: strerror(code)))"))
      }
    }
    let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      return .failure(RequestFileError("cannot be read: \(String(cString: strerror(errno)))"))
    }
    switch status.st_mode & S_IFMT {
    case S_IFREG: break
    case S_IFDIR: return .failure(RequestFileError("is a directory, not a request file"))
    default: return .failure(RequestFileError("is not a regular file"))
    }
    return .success(handle)
  }

  /// Up to `limit` bytes of the file at `path`.
  static func read(_ path: String, upTo limit: Int) -> Result<Data, RequestFileError> {
    let handle: FileHandle
    switch openForReading(path) {
    case .success(let opened): handle = opened
    case .failure(let problem): return .failure(problem)
    }
    do {
      return .success(try handle.read(upToCount: limit) ?? Data())
    } catch {
      return .failure(RequestFileError("cannot be read (an input/output error)"))
    }
  }
}
