import Foundation

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
    let resolver = MediaURLResolver(options: options, workingDirectory: workingDirectory)
    if case .array(let items)? = root["input"]?["media"]?.value {
      for (index, item) in items.enumerated() {
        let entry = report.media.first { $0.pointer == "/input/media/\(index)" }
        let url = try resolver.url(for: item, entry: entry, base: request.baseDirectory)
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
        "model": root["model"].flatMap(BodyValue.init) ?? .string(spec.name),
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
      } else if let value = node?[field.key].flatMap(BodyValue.init) {
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
}
