import Foundation
import MediaProbe

/// A request to check: the API body with where it came from.
public struct JobRequest: Sendable {
  /// The parsed body with positions; `nil` when the file could not be read or parsed.
  public var document: SourceDocument?
  /// Why the file could not be read or parsed.
  public var loadError: DocumentParseError?
  /// The request file as the user named it; `nil` for a request built from flags or code.
  public var file: String?
  /// The folder relative media paths are resolved against.
  public var baseDirectory: String
  /// Whether ``file`` could not be opened at all (missing, a folder, not a regular file, not
  /// readable), as opposed to read and found wrong; the command line treats that as a usage
  /// error naming the path.
  public var fileUnavailable = false
  /// The values that command-line flags gave: their diagnostics are located at the flag.
  public var flagOrigins: [FlagOrigin] = []

  /// A request from a body built in code (or from command-line flags); media paths are relative
  /// to `baseDirectory`.
  public init(body: SourceNode, baseDirectory: String = ".") {
    document = SourceDocument(root: body, format: .json)
    file = nil
    self.baseDirectory = baseDirectory
  }

  /// A request from a parsed document.
  public init(
    document: SourceDocument?, loadError: DocumentParseError? = nil, file: String?,
    baseDirectory: String
  ) {
    self.document = document
    self.loadError = loadError
    self.file = file
    self.baseDirectory = baseDirectory
  }

  /// Reads and parses a request file (JSON; `.yaml`/`.yml` as YAML). Never throws: a file that
  /// cannot be read or parsed gives a request whose check reports `request_json`.
  public static func load(file path: String, limits: ParseLimits = ParseLimits()) -> JobRequest {
    let base = (path as NSString).deletingLastPathComponent
    let directory = base.isEmpty ? "." : base
    func failed(_ message: String, unavailable: Bool = true) -> JobRequest {
      var request = JobRequest(
        document: nil,
        loadError: DocumentParseError(message, at: SourcePosition(line: 1, column: 1)),
        file: path, baseDirectory: directory)
      request.fileUnavailable = unavailable
      return request
    }
    let data: Data
    switch RequestFile.read(path, upTo: limits.maxBytes + 1) {
    case .success(let bytes): data = bytes
    case .failure(let problem): return failed(problem.message)
    }
    guard data.count <= limits.maxBytes else {
      return failed(
        "is larger than \(limits.maxBytes) bytes; a request body is a few KB", unavailable: false)
    }
    let lowered = path.lowercased()
    do {
      let document: SourceDocument
      if lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml") {
        document = try YAMLSourceParser.parse(data, limits: limits)
      } else {
        document = try JSONSourceParser.parse([UInt8](data), limits: limits)
      }
      return JobRequest(document: document, file: path, baseDirectory: directory)
    } catch {
      return JobRequest(document: nil, loadError: error, file: path, baseDirectory: directory)
    }
  }
}

/// A value a command-line flag put into the request: where it went and how the user wrote it.
public struct FlagOrigin: Sendable, Equatable {
  /// The JSON Pointer the value went to: `/parameters/duration`, `/input/media/0`.
  public var pointer: String
  /// The flag, e.g. `--duration`.
  public var flag: String
  /// The value as given (`20`), or `nil` for a switch or a value too long to quote (a prompt).
  public var value: String?

  /// Creates an origin.
  public init(pointer: String, flag: String, value: String? = nil) {
    self.pointer = pointer
    self.flag = flag
    self.value = value
  }
}

/// Reads a request file through one descriptor: opened once (never blocking: `O_NONBLOCK`),
/// checked with `fstat` to be a regular file, then read. A path swapped for a FIFO or a folder
/// after a separate check cannot make the reader block or read something else.
enum RequestFile {
  /// Why a request file could not be read, in the words a diagnostic uses after the path.
  struct Problem: Error {
    let message: String
  }

  /// The file at `path`, opened once for reading without blocking and checked with `fstat` on
  /// that descriptor to be a regular file. `build` opens the images it encodes this way too.
  static func openForReading(_ path: String) -> Result<FileHandle, Problem> {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
    guard descriptor >= 0 else {
      let code = errno
      switch code {
      case ENOENT, ENOTDIR:
        return .failure(Problem(message: ProbeError.Reason.missing(path).message))
      case ENXIO: return .failure(Problem(message: "is not a regular file"))
      case EACCES: return .failure(Problem(message: "permission denied"))
      default:
        return .failure(Problem(message: "cannot be read: \(String(cString: strerror(code)))"))
      }
    }
    let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      return .failure(Problem(message: "cannot be read: \(String(cString: strerror(errno)))"))
    }
    switch status.st_mode & S_IFMT {
    case S_IFREG: break
    case S_IFDIR: return .failure(Problem(message: "is a directory, not a request file"))
    default: return .failure(Problem(message: "is not a regular file"))
    }
    return .success(handle)
  }

  /// Up to `limit` bytes of the file at `path`.
  static func read(_ path: String, upTo limit: Int) -> Result<Data, Problem> {
    let handle: FileHandle
    switch openForReading(path) {
    case .success(let opened): handle = opened
    case .failure(let problem): return .failure(problem)
    }
    do {
      return .success(try handle.read(upToCount: limit) ?? Data())
    } catch {
      return .failure(Problem(message: "cannot be read (an input/output error)"))
    }
  }
}
