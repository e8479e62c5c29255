import Foundation

/// One item of `input.media`, as far as the request itself tells.
public struct MediaItem: Sendable, Equatable {
  /// The item's JSON Pointer, `/input/media/N`.
  public var pointer: String
  /// The role its `type` names, when it names a known one.
  public var role: MediaRole?
  /// Where its `url` points, when it has one.
  public var reference: MediaReference?
  /// The `url` as written.
  public var url: String?
}

/// What the request body says, after its shape has been checked.
public struct RequestFields: Sendable, Equatable {
  /// `model`, when it is a string.
  public var model: String?
  /// `input.prompt`, when it is a string.
  public var prompt: String?
  /// `input.negative_prompt`, when it is a string.
  public var negativePrompt: String?
  /// The items of `input.media`, in order.
  public var media: [MediaItem] = []
  /// `parameters.duration` when it is a valid integer.
  public var duration: Int?
  /// Whether the request gave `parameters.duration` at all.
  public var durationGiven = false
  /// `parameters.resolution` when it is a tier the model has.
  public var resolution: String?
  /// Whether the request gave `parameters.resolution` at all.
  public var resolutionGiven = false

  /// The media roles in canonical order, when every item has a known role and none repeats.
  public var roles: [MediaRole]? {
    let roles = media.compactMap(\.role)
    guard roles.count == media.count, Set(roles).count == roles.count else { return nil }
    return roles.sorted()
  }
}

/// Checks a request body's shape and values against a ``ModelSpec`` and extracts its fields.
///
/// Every problem becomes a ``Diagnostic`` with a JSON Pointer; nothing here touches media files.
struct RequestReader {
  let spec: ModelSpec
  let baseDirectory: String
  private(set) var diagnostics: [Diagnostic] = []
  private(set) var fields = RequestFields()

  init(spec: ModelSpec, baseDirectory: String) {
    self.spec = spec
    self.baseDirectory = baseDirectory
  }

  /// The exact `media` item replacing a legacy URL field, e.g. for `"img_url": "a.png"`:
  /// `replace it with "media": [{"type": "first_frame", "url": "a.png"}]`.
  static func migration(_ member: SourceMember) -> String? {
    let roles = [
      "img_url": "first_frame", "first_frame_url": "first_frame", "last_frame_url": "last_frame",
      "audio_url": "driving_audio",
    ]
    guard let role = roles[member.key], let url = member.value.stringValue else { return nil }
    let escaped = url.replacingOccurrences(of: "\\", with: "\\\\")
      .replacingOccurrences(of: "\"", with: "\\\"")
    return "replace it with \"media\": [{\"type\": \"\(role)\", \"url\": \"\(escaped)\"}]"
  }

  mutating func read(_ root: SourceNode) {
    guard case .object(let members) = root.value else {
      report(.requestSchema, "", "the request body is a \(root.typeName); it must be an object")
      return
    }
    checkKeys(members, of: .body, at: "")
    readModel(root["model"])
    if let input = root["input"] {
      readInput(input)
    } else {
      report(
        .requestSchema, "/input", "the request has no input; it needs input.media",
        hint: "add \"input\": {\"media\": [{\"type\": \"first_frame\", \"url\": …}]}",
        serverError: "Field required: input.media")
    }
    if let parameters = root["parameters"] {
      readParameters(parameters)
    }
    checkCombination()
  }

  // MARK: model

  private mutating func readModel(_ node: SourceNode?) {
    guard let node else {
      report(
        .requestSchema, "/model", "the request has no model",
        hint: "add \"model\": \"\(spec.name)\"", serverError: "Field required: model")
      return
    }
    guard let model = node.stringValue else {
      report(.requestSchema, "/model", "model is a \(node.typeName); it must be a string")
      return
    }
    fields.model = model
    if !spec.matches(model: model) {
      let legacy = model.hasPrefix("wan2.") && !model.hasPrefix("wan2.7")
      report(
        .modelUnknown, "/model",
        "model is \"\(model)\"; this protocol (input.media) serves \(spec.name) and its dated "
          + "snapshots (\(spec.knownSnapshots.joined(separator: ", ")))",
        hint: legacy
          ? "earlier wan models use the legacy protocol (img_url); use \"\(spec.name)\""
          : "use \"\(spec.name)\"")
    }
  }

  // MARK: input

  private mutating func readInput(_ input: SourceNode) {
    guard case .object(let members) = input.value else {
      report(.requestSchema, "/input", "input is a \(input.typeName); it must be an object")
      return
    }
    checkKeys(members, of: .input, at: "/input")
    fields.prompt = readText(input["prompt"], at: "/input/prompt")
    fields.negativePrompt = readText(input["negative_prompt"], at: "/input/negative_prompt")
    readMedia(input["media"])
  }

  private mutating func readText(_ node: SourceNode?, at pointer: String) -> String? {
    guard let node else { return nil }
    switch node.value {
    case .string(let text): return text
    case .null: return nil  // the SDK sends "prompt": null when there is none
    default:
      report(.flagType, pointer, "\(name(pointer)) is a \(node.typeName); it must be a string")
      return nil
    }
  }

  private mutating func readMedia(_ node: SourceNode?) {
    guard let node else {
      report(
        .mediaMissing, "/input/media",
        "input.media is missing; the API needs at least a first frame or a clip",
        hint: "add \"media\": [{\"type\": \"first_frame\", \"url\": \"cat.png\"}]",
        serverError: "Field required: input.media")
      return
    }
    guard case .array(let items) = node.value else {
      report(
        .requestSchema, "/input/media", "input.media is a \(node.typeName); it must be an array")
      return
    }
    guard !items.isEmpty else {
      report(
        .mediaMissing, "/input/media",
        "input.media is empty; the API needs at least a first frame or a clip",
        hint: "add {\"type\": \"first_frame\", \"url\": …}")
      return
    }
    // No legal request has more items than there are types; a longer list (10,000 items from a
    // generator gone wrong) costs one error, and only its first items are read and probed.
    let readable = MediaRole.allCases.count
    if items.count > readable {
      let most = spec.combinations.map(\.count).max() ?? readable
      report(
        .mediaCombination, "/input/media",
        "input.media has \(items.count) items; the API takes at most \(most), each type once "
          + "(only the first \(readable) were checked)",
        hint: "keep one item per type: "
          + MediaRole.allCases.map(\.rawValue).joined(separator: ", "))
    }
    var seen: [MediaRole: String] = [:]
    for (index, item) in items.prefix(readable).enumerated() {
      let pointer = "/input/media/\(index)"
      guard case .object(let members) = item.value else {
        report(
          .requestSchema, pointer, "media item \(index) is a \(item.typeName); it must be an object"
        )
        continue
      }
      checkKeys(members, of: .mediaItem, at: pointer)
      var media = MediaItem(pointer: pointer)
      media.role = readRole(item["type"], at: pointer, index: index)
      if let role = media.role {
        if let first = seen[role] {
          report(
            .mediaTypeRepeated, pointer + "/type",
            "\(role.rawValue) appears twice (\(first) and \(pointer)); each type is allowed once",
            hint: "keep one \(role.rawValue) item")
          media.role = nil
        } else {
          seen[role] = pointer
        }
      }
      if let url = item["url"] {
        if let text = url.stringValue, !text.isEmpty {
          media.url = text
          media.reference = MediaReference.classify(text, baseDirectory: baseDirectory)
        } else {
          report(
            .mediaMissing, pointer + "/url", "media item \(index) has an empty or non-string url")
        }
      } else {
        report(
          .mediaMissing, pointer, "media item \(index) has no url",
          hint: "add \"url\": a local path, https:// URL, oss:// URL or data: URI",
          serverError: "Field required: input.media.\(index).url")
      }
      fields.media.append(media)
    }
  }

  private mutating func readRole(_ node: SourceNode?, at pointer: String, index: Int) -> MediaRole?
  {
    guard let node else {
      report(
        .mediaMissing, pointer, "media item \(index) has no type",
        hint: "add \"type\": one of \(MediaRole.allCases.map(\.rawValue).joined(separator: ", "))")
      return nil
    }
    guard let text = node.stringValue else {
      report(.requestSchema, pointer + "/type", "type is a \(node.typeName); it must be a string")
      return nil
    }
    guard let role = MediaRole(rawValue: text) else {
      report(
        .mediaTypeUnknown, pointer + "/type",
        "type is \"\(text)\"; allowed: \(MediaRole.allCases.map(\.rawValue).joined(separator: ", "))",
        hint: text.lowercased() == "image" || text == "first_image"
          ? "an image is \"first_frame\" or \"last_frame\"" : nil)
      return nil
    }
    return role
  }

  private mutating func checkCombination() {
    guard !fields.media.isEmpty, let roles = fields.roles else { return }
    guard !spec.combinations.contains(roles) else { return }
    let found = roles.map(\.rawValue).joined(separator: "+")
    var hint =
      "use one of: "
      + spec.combinations.map { $0.map(\.rawValue).joined(separator: "+") }
      .joined(separator: ", ")
    if roles.contains(.firstClip) && roles.contains(.firstFrame) {
      hint = "a clip replaces the first frame: drop first_frame, or drop first_clip"
    } else if roles.contains(.firstClip) && roles.contains(.drivingAudio) {
      hint = "driving audio works with frames only: drop driving_audio to continue a clip"
    } else if !roles.contains(.firstFrame) && !roles.contains(.firstClip) {
      hint = "every task starts from a first_frame or a first_clip"
    }
    report(
      .mediaCombination, "/input/media",
      "the media are \(found); that is not one of the \(spec.combinations.count) combinations "
        + "the API accepts", hint: hint)
  }

  // MARK: parameters

  private mutating func readParameters(_ parameters: SourceNode) {
    guard case .object(let members) = parameters.value else {
      report(
        .requestSchema, "/parameters",
        "parameters is a \(parameters.typeName); it must be an object")
      return
    }
    checkKeys(members, of: .parameters, at: "/parameters")
    readResolution(parameters["resolution"])
    readDuration(parameters["duration"])
    readSeed(parameters["seed"])
    for flag in ["prompt_extend", "watermark"] {
      guard let node = parameters[flag] else { continue }
      if case .bool = node.value { continue }
      report(
        .flagType, "/parameters/\(flag)", "\(flag) is a \(node.typeName); it must be true or false")
    }
  }

  private mutating func readResolution(_ node: SourceNode?) {
    guard let node else { return }
    fields.resolutionGiven = true
    let allowed = spec.resolutions.map(\.name.rawValue)
    guard let text = node.stringValue, spec.tier(named: text) != nil else {
      let found = node.stringValue.map { "\"\($0)\"" } ?? "a \(node.typeName)"
      let hint = node.stringValue.flatMap { text in
        allowed.first { $0.lowercased() == text.lowercased() }.map { "write \"\($0)\"" }
      }
      report(
        .resolutionValue, "/parameters/resolution",
        "resolution is \(found); allowed: \(allowed.map { "\"\($0)\"" }.joined(separator: ", "))",
        hint: hint ?? "use \"720P\" (cheaper) or \"1080P\"")
      return
    }
    fields.resolution = text
  }

  private mutating func readDuration(_ node: SourceNode?) {
    guard let node else { return }
    fields.durationGiven = true
    let range = spec.duration
    guard case .number(let literal) = node.value, let value = Int(literal) else {
      let found: String
      if case .number(let literal) = node.value {
        found = literal
      } else {
        found = node.stringValue.map { "\"\($0)\"" } ?? "a \(node.typeName)"
      }
      report(
        .durationRange, "/parameters/duration",
        "duration is \(found); it must be a whole number of seconds, \(range.lowerBound)…\(range.upperBound)",
        hint: "write a JSON integer such as 5")
      return
    }
    guard range.contains(value) else {
      report(
        .durationRange, "/parameters/duration",
        "duration is \(value) s; allowed: \(range.lowerBound)…\(range.upperBound) s",
        hint: value < range.lowerBound
          ? "use at least \(range.lowerBound)" : "use at most \(range.upperBound)")
      return
    }
    fields.duration = value
  }

  private mutating func readSeed(_ node: SourceNode?) {
    guard let node else { return }
    let range = spec.seed
    if case .number(let literal) = node.value, let value = Int64(literal), range.contains(value) {
      return
    }
    let found: String
    if case .number(let literal) = node.value {
      found = literal
    } else {
      found = "a \(node.typeName)"
    }
    report(
      .seedRange, "/parameters/seed",
      "seed is \(found); it must be an integer \(range.lowerBound)…\(range.upperBound)",
      hint: "omit seed for a random one")
  }

  // MARK: helpers

  /// How many unknown or repeated keys of one object get a diagnostic each; the rest are
  /// counted in one more, so that 90,000 stray keys cost 11 lines, not 90,000.
  static let keysListedPerObject = 10

  /// The keys of one object against the schema: legacy fields first (each gets
  /// `legacy_fields`), then repeated keys and fields the schema does not know.
  private mutating func checkKeys(
    _ members: [SourceMember], of object: RequestField.Object, at pointer: String
  ) {
    var current: [SourceMember] = []
    for member in members {
      guard let field = spec.requestField(member.key, of: object),
        case .legacy(let advice) = field.treatment
      else {
        current.append(member)
        continue
      }
      let path = pointer + JSONPointer.make([member.key])
      report(
        .legacyFields, path,
        "\(name(path)) belongs to the legacy wan2.1–2.6 API; \(spec.name) ignores it",
        hint: Self.migration(member) ?? advice,
        serverError: object == .input ? "Field required: input.media" : nil)
    }
    let documented = spec.requestFields(of: object).filter {
      $0.treatment == .documented
    }.map(\.key)
    checkKeys(
      current, at: pointer,
      allowed: Set(spec.requestFields(of: object).filter(\.isAccepted).map(\.key)),
      listed: documented.sorted())
  }

  private mutating func checkKeys(
    _ members: [SourceMember], at pointer: String, allowed: Set<String>, listed: [String]
  ) {
    var seen: Set<String> = []
    var repeated = 0
    var unknown = 0
    for member in members {
      let path = pointer + JSONPointer.make([member.key])
      if !seen.insert(member.key).inserted {
        repeated += 1
        if repeated <= Self.keysListedPerObject {
          report(
            .requestSchema, path,
            "\"\(member.key)\" appears twice; the last one wins, as in Python's json (inferred: "
              + "the service's reading is undocumented), and that is the value checked",
            hint: "keep one")
        }
      }
      if !allowed.contains(member.key) {
        unknown += 1
        if unknown <= Self.keysListedPerObject {
          report(
            .unknownField, path,
            "\(name(path)) is not a field of the \(spec.name) API; how the service treats it is "
              + "undocumented",
            hint: "remove it, or check its spelling (known here: "
              + listed.joined(separator: ", ") + ")")
        }
      }
    }
    let place = pointer.isEmpty ? "the request" : name(pointer)
    if repeated > Self.keysListedPerObject {
      report(
        .requestSchema, pointer,
        "\(place) repeats \(repeated - Self.keysListedPerObject) more keys than the "
          + "\(Self.keysListedPerObject) listed", hint: "keep one of each")
    }
    if unknown > Self.keysListedPerObject {
      report(
        .unknownField, pointer,
        "\(place) has \(unknown - Self.keysListedPerObject) more fields the API does not "
          + "have than the \(Self.keysListedPerObject) listed",
        hint: "remove them (known here: " + listed.joined(separator: ", ") + ")")
    }
  }

  private func name(_ pointer: String) -> String {
    JSONPointer.tokens(pointer).joined(separator: ".")
  }

  private mutating func report(
    _ rule: RuleID, _ pointer: String, _ message: String, hint: String? = nil,
    serverError: String? = nil
  ) {
    diagnostics.append(Diagnostic(rule, at: pointer, message, hint: hint, serverError: serverError))
  }
}
