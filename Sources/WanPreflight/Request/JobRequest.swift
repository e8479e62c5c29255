import Foundation

/// A request to check: the API body (or why there is none) with where it came from.
///
/// ```swift
/// let request = JobRequest.load(file: "requests/cat.json")
/// switch request.content {
/// case .parsed(let document): print(document.root["model"]?.stringValue ?? "no model")
/// case .unreadable(let error): print("cannot open: \(error.message)")
/// case .unparsable(let error): print("line \(error.position.line): \(error.message)")
/// }
/// ```
public struct JobRequest: Sendable, Equatable {
  /// What loading a request gave: the parsed body, or why there is none. Exactly one of the
  /// three, so a request never has both a body and an error, nor neither.
  public enum Content: Sendable, Equatable {
    /// The body, parsed with positions.
    case parsed(SourceDocument)
    /// The file could not be opened at all (missing, a folder, not a regular file, not
    /// readable), as opposed to read and found wrong; the command line treats that as a usage
    /// error naming the path.
    case unreadable(RequestFileError)
    /// The file was read but holds no request body: it is too large, or not valid JSON or YAML
    /// (the error says where).
    case unparsable(DocumentParseError)
  }

  /// The parsed body, or why there is none.
  public var content: Content
  /// The request file as the user named it; `nil` for a request built from flags or code.
  public var file: String?
  /// The folder relative media paths are resolved against.
  public var baseDirectory: String
  /// The values that command-line flags gave: their diagnostics are located at the flag.
  public var flagOrigins: [FlagOrigin] = []
  /// The command-line words that gave this request (its file and its request flags, as
  /// typed), so a hint can name the `wan-preflight fix` command for the same request; `nil`
  /// for a request from code, whose hints then name its ``file``.
  public var commandArguments: [String]?

  /// The parsed body with positions; `nil` when the file could not be read or parsed.
  public var document: SourceDocument? {
    guard case .parsed(let document) = content else { return nil }
    return document
  }

  /// A request from a body built in code (or from command-line flags); media paths are relative
  /// to `baseDirectory`.
  public init(body: SourceNode, baseDirectory: String = ".") {
    self.init(
      content: .parsed(SourceDocument(root: body, format: .json)), file: nil,
      baseDirectory: baseDirectory)
  }

  /// A request from a parsed document.
  public init(document: SourceDocument, file: String?, baseDirectory: String) {
    self.init(content: .parsed(document), file: file, baseDirectory: baseDirectory)
  }

  /// A request from what loading it gave.
  public init(content: Content, file: String?, baseDirectory: String) {
    self.content = content
    self.file = file
    self.baseDirectory = baseDirectory
  }

  /// Reads and parses a request file (JSON; `.yaml`/`.yml` as YAML). Never throws: a file that
  /// cannot be read or parsed gives a request whose check reports `request_json`.
  public static func load(file path: String, limits: ParseLimits = ParseLimits()) -> JobRequest {
    let directory = LocalPath.folder(of: path)
    func loaded(_ content: Content) -> JobRequest {
      JobRequest(content: content, file: path, baseDirectory: directory)
    }
    let data: Data
    switch RequestFile.read(path, upTo: limits.maxBytes + 1) {
    case .success(let bytes): data = bytes
    case .failure(let error): return loaded(.unreadable(error))
    }
    guard data.count <= limits.maxBytes else {
      return loaded(
        .unparsable(
          DocumentParseError(
            "is larger than \(limits.maxBytes) bytes; a request body is a few KB",
            at: SourcePosition(line: 1, column: 1))))
    }
    let lowered = path.lowercased()
    do throws(DocumentParseError) {
      if lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml") {
        return loaded(.parsed(try YAMLSourceParser.parse(data, limits: limits)))
      }
      return loaded(.parsed(try JSONSourceParser.parse([UInt8](data), limits: limits)))
    } catch {
      return loaded(.unparsable(error))
    }
  }

  /// The `request_json` error of a request that did not load, located where loading failed
  /// (line 1, column 1 for a file that could not be read); empty once the body is parsed.
  var loadDiagnostics: [Diagnostic] {
    switch content {
    case .parsed: []
    case .unreadable(let error):
      [
        RequestSyntax.diagnostic(
          DocumentParseError(error.message, at: SourcePosition(line: 1, column: 1)), file: file)
      ]
    case .unparsable(let error): [RequestSyntax.diagnostic(error, file: file)]
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
