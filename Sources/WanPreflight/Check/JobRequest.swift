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
    func failed(_ message: String, _ position: SourcePosition = SourcePosition(line: 1, column: 1))
      -> JobRequest
    {
      JobRequest(
        document: nil, loadError: DocumentParseError(message, at: position), file: path,
        baseDirectory: directory)
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
    guard let handle = FileHandle(forReadingAtPath: path) else { return failed("cannot be read") }
    defer { try? handle.close() }
    let data: Data
    do {
      data = try handle.read(upToCount: limits.maxBytes + 1) ?? Data()
    } catch {
      return failed("cannot be read: \(error.localizedDescription)")
    }
    guard data.count <= limits.maxBytes else {
      return failed("is larger than \(limits.maxBytes) bytes; a request body is a few KB")
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
