import Foundation
import MediaProbe

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
  public init(_ message: String, hint: String? = nil) {
    self.message = message
    self.hint = hint
  }

  /// The message, and the hint when there is one.
  public var description: String { hint.map { "\(message) (\($0))" } ?? message }
}

/// A request body ready to POST.
public struct BuiltRequest: Sendable {
  /// The body, written lazily (base64 is produced while writing).
  let body: BodyValue
  /// Whether any media URL is `oss://` (the request then needs
  /// `X-DashScope-OssResourceResolve: enable`).
  public let usesOSS: Bool
  /// Fields of the request that the body leaves out (legacy and unknown ones), once each, as
  /// `input.img_url` or `input.media.0.name`.
  public let droppedFields: [String]
  /// The `--map` paths (``BuildOptions/mappings`` keys) that no media item used, sorted.
  public let unusedMappings: [String]

  /// The body's bytes, for callers that want them in memory.
  public func bytes() throws -> [UInt8] {
    var sink = MemorySink()
    try BodyWriter.write(body, to: &sink)
    return sink.bytes
  }

  /// Writes the body to `handle` without holding the encoded images in memory twice.
  public func write(to handle: FileHandle) throws {
    var sink = FileSink(handle: handle)
    try BodyWriter.write(body, to: &sink)
  }
}

/// Turns a checked request into exactly the body the API expects: documented keys in the
/// documented order, media in their order, local images as base64 `data:` URIs (or URLs), local
/// audio and clips as the URLs they are hosted at, defaults only when asked for.
public struct RequestBuilder: Sendable {
  /// The model's rules.
  public var spec: ModelSpec
  /// How local media are sent.
  public var options: BuildOptions
  /// The folder `--map` paths are relative to.
  public var workingDirectory: String

  /// Creates a builder.
  public init(
    spec: ModelSpec = .wan27i2v, options: BuildOptions = BuildOptions(),
    workingDirectory: String = FileManager.default.currentDirectoryPath
  ) {
    self.spec = spec
    self.options = options
    self.workingDirectory = workingDirectory
  }

  /// Builds the body of `request`, whose check gave `report`.
  public func build(_ request: JobRequest, report: Report) throws(BuildError) -> BuiltRequest {
    guard let root = request.document?.root else {
      throw BuildError("the request could not be parsed", hint: "run wan-preflight check")
    }
    var dropped = LeftOut()
    var usedMappings: Set<String> = []
    var media: [BodyValue] = []
    var usesOSS = false
    if case .array(let items)? = root["input"]?["media"]?.value {
      for (index, item) in items.enumerated() {
        let entry = report.media.first { $0.pointer == "/input/media/\(index)" }
        let url = try mediaURL(item, entry: entry, base: request.baseDirectory)
        usesOSS = usesOSS || url.hasPrefixCaseInsensitive("oss://")
        if let mapping = url.mapping { usedMappings.insert(mapping) }
        let members = fields(
          of: .mediaItem, in: item, item: index, dropped: &dropped,
          replacing: ["url": url.value])
        media.append(.object(members))
      }
    }
    let input = fields(
      of: .input, in: root["input"], dropped: &dropped, replacing: ["media": .array(media)])
    var parameters = fields(of: .parameters, in: root["parameters"], dropped: &dropped)
    if options.explicitDefaults {
      let defaults: [String: BodyValue] = [
        "resolution": .string(spec.defaultResolution.rawValue),
        "duration": .number(String(spec.defaultDuration)),
        "prompt_extend": .bool(true), "watermark": .bool(false),
      ]
      let order = spec.requestFields(of: .parameters).map(\.key)
      for (key, value) in defaults where !parameters.contains(where: { $0.key == key }) {
        parameters.append((key, value))
      }
      parameters.sort {
        (order.firstIndex(of: $0.key) ?? order.count)
          < (order.firstIndex(of: $1.key) ?? order.count)
      }
    }
    var droppedAtTop = LeftOut()
    let body = fields(
      of: .body, in: root, dropped: &droppedAtTop,
      replacing: [
        "model": root["model"].flatMap(Self.value) ?? .string(spec.name),
        "input": .object(input), "parameters": .object(parameters),
      ]
    ).filter { $0.key != "parameters" || !parameters.isEmpty }
    let unused = options.mappings.keys.filter { !usedMappings.contains($0) }.sorted()
    return BuiltRequest(
      body: .object(body), usesOSS: usesOSS, droppedFields: droppedAtTop.names + dropped.names,
      unusedMappings: unused)
  }

  /// The members `object` gets in the body: the schema's written fields in its order, each the
  /// request's value (the last one of a repeated key, as the check reads it) or its replacement;
  /// every other key of the request's object is added to `dropped`, once.
  private func fields(
    of object: RequestField.Object, in node: SourceNode?, item index: Int? = nil,
    dropped: inout LeftOut, replacing replacements: [String: BodyValue] = [:]
  ) -> [(key: String, value: BodyValue)] {
    var members: [(key: String, value: BodyValue)] = []
    for field in spec.requestFields(of: object) where field.isWritten {
      if let replacement = replacements[field.key] {
        members.append((field.key, replacement))
      } else if let value = node?[field.key].flatMap(Self.value) {
        members.append((field.key, value))
      }
    }
    let written = Set(spec.requestFields(of: object).filter(\.isWritten).map(\.key))
    for member in node?.members ?? [] where !written.contains(member.key) {
      dropped.add(object.prefix(item: index) + member.key)
    }
    return members
  }

  /// Names of fields left out, in order, each once (a set beside the list, so 90,000 stray keys
  /// cost linear time).
  private struct LeftOut {
    private(set) var names: [String] = []
    private var seen: Set<String> = []

    mutating func add(_ name: String) {
      if seen.insert(name).inserted { names.append(name) }
    }
  }

  /// A media URL as the API takes it, and whether it is already one.
  private struct MediaURL {
    let value: BodyValue
    let text: String
    /// The `--map` path that gave the URL, if one did.
    var mapping: String? = nil
    func hasPrefixCaseInsensitive(_ prefix: String) -> Bool { text.lowercased().hasPrefix(prefix) }
  }

  private func mediaURL(_ item: SourceNode, entry: Report.MediaEntry?, base: String)
    throws(BuildError) -> MediaURL
  {
    guard let url = item["url"]?.stringValue else {
      throw BuildError("a media item has no url", hint: "run wan-preflight check")
    }
    let role = item["type"]?.stringValue ?? "media"
    guard case .local(let path) = MediaReference.classify(url, baseDirectory: base) else {
      return MediaURL(value: .string(url), text: url)  // http(s), oss://, data: pass through
    }
    let isImage = role == MediaRole.firstFrame.rawValue || role == MediaRole.lastFrame.rawValue
    if isImage && options.imageMode == .base64 {
      guard let probe = entry?.probe else {
        throw BuildError(
          "\(role) \(path) could not be read, so it cannot be encoded",
          hint: entry?.error.map { $0.message } ?? "check the path")
      }
      return MediaURL(value: .dataURI(mime: probe.mimeType, path: path), text: "data:")
    }
    if let (hosted, mapping) = hostedURL(for: path, written: url, base: base) {
      return MediaURL(value: .string(hosted), text: hosted, mapping: mapping)
    }
    let what =
      isImage
      ? "images are sent as URLs (--image-mode url)"
      : "the API takes \(role) only as an http(s) or oss:// URL, not inline"
    throw BuildError(
      "\(role) \(path) is a local file, and \(what)",
      hint:
        "host it and pass --map \(path)=https://…/\(URL(fileURLWithPath: path).lastPathComponent)"
        + " or --url-prefix https://…/")
  }

  /// The URL a local file is hosted at: an exact mapping, else the file's path relative to the
  /// request's folder resolved against the prefix as a URL reference (so `../media/a.wav` under
  /// `https://cdn/assets/` is `https://cdn/media/a.wav`).
  private func hostedURL(for path: String, written: String, base: String)
    -> (url: String, mapping: String?)?
  {
    let absolute = absolutePath(path)
    for (local, url) in options.mappings where absolutePath(local) == absolute {
      return (url, local)
    }
    guard let prefix = options.urlPrefix,
      let baseURL = URL(string: prefix.hasSuffix("/") ? prefix : prefix + "/")
    else { return nil }
    let from = absolutePath(base).split(separator: "/")
    let to = absolute.split(separator: "/")
    let common = zip(from, to).prefix { $0 == $1 }.count
    let steps =
      Array(repeating: "..", count: from.count - common)
      + to.dropFirst(common).map {
        String($0).addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? String($0)
      }
    guard let url = URL(string: steps.joined(separator: "/"), relativeTo: baseURL) else {
      return nil
    }
    return (url.absoluteString, nil)
  }

  private func absolutePath(_ path: String) -> String {
    MediaReference.normalized(path.hasPrefix("/") ? path : workingDirectory + "/" + path)
  }

  /// A request value as a body value; `null` is left out.
  static func value(_ node: SourceNode) -> BodyValue? {
    switch node.value {
    case .null: nil
    case .bool(let flag): .bool(flag)
    case .number(let literal): .number(literal)
    case .string(let text): .string(text)
    case .array(let items): .array(items.compactMap(value))
    case .object(let members):
      .object(members.compactMap { member in value(member.value).map { (member.key, $0) } })
    }
  }
}
