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
    let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: target) else {
      return failed(ProbeError.Reason.missing(path).message)
    }
    // Only regular files are opened: a FIFO would block the reader forever.
    switch attributes[.type] as? FileAttributeType {
    case .typeRegular?: break
    case .typeDirectory?: return failed("is a directory, not a request file")
    default: return failed("is not a regular file")
    }
    guard let handle = FileHandle(forReadingAtPath: path) else {
      return failed(
        access(path, R_OK) != 0 && errno == EACCES ? "permission denied" : "cannot be read")
    }
    defer { try? handle.close() }
    guard let data = try? handle.read(upToCount: limits.maxBytes + 1) ?? Data() else {
      return failed("cannot be read (an input/output error)")
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
