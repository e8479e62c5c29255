/// How local media become what the API accepts.
public struct BuildOptions: Sendable, Equatable {
  /// How local images are sent.
  public enum ImageMode: String, Sendable, CaseIterable {
    /// As `data:{MIME};base64,…`, the MIME type taken from the content.
    case base64
    /// As URLs, from ``BuildOptions/mappings`` or ``BuildOptions/urlPrefix``, like audio and clips.
    case url
  }

  /// How local images are sent.
  public var imageMode: ImageMode
  /// Where local files are hosted: local path (relative to the working directory, or absolute)
  /// to URL.
  public var mappings: [String: String]
  /// A URL prefix joined with each local file's path relative to the request's folder.
  public var urlPrefix: String?
  /// Whether to write the service's defaults for what the request leaves out.
  public var explicitDefaults: Bool

  /// Creates options.
  public init(
    imageMode: ImageMode = .base64, mappings: [String: String] = [:], urlPrefix: String? = nil,
    explicitDefaults: Bool = false
  ) {
    self.imageMode = imageMode
    self.mappings = mappings
    self.urlPrefix = urlPrefix
    self.explicitDefaults = explicitDefaults
  }
}

/// Why a body could not be built.
public struct BuildError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What is wrong, naming the file or field.
  public let message: String
  /// How to fix it.
  public let hint: String?

  /// Creates an error.
  init(_ message: String, hint: String? = nil) {
    self.message = message
    self.hint = hint
  }

  /// The message, and the hint when there is one.
  public var description: String { hint.map { "\(message) (\($0))" } ?? message }
}
