/// Reads `input.media`: each item's shape, `type` and `url`, and whether the roles together are
/// a combination the API accepts.
struct MediaReader {
  let spec: ModelSpec
  /// The folder relative media paths are resolved against.
  let baseDirectory: String

  private var allowedTypes: String { MediaRole.allCases.map(\.rawValue).joined(separator: ", ") }

  /// The items of `node` (the value of `input.media`, or `nil` when it is missing).
  func read(_ node: SourceNode?, into findings: inout RequestFindings) -> [MediaItem] {
    guard let node else {
      findings.report(
        .mediaMissing, "/input/media",
        "input.media is missing; the API needs at least a first frame or a clip",
        hint: "add \"media\": [{\"type\": \"first_frame\", \"url\": \"cat.png\"}]",
        serverError: ServiceText.mediaMissing)
      return []
    }
    guard case .array(let items) = node.value else {
      findings.report(
        .requestSchema, "/input/media", "input.media is a \(node.typeName); it must be an array")
      return []
    }
    guard !items.isEmpty else {
      findings.report(
        .mediaMissing, "/input/media",
        "input.media is empty; the API needs at least a first frame or a clip",
        hint: "add {\"type\": \"first_frame\", \"url\": …}")
      return []
    }
    // No legal request has more items than there are types; a longer list (10,000 items from a
    // generator gone wrong) costs one error, and only its first items are read and probed.
    let readable = MediaRole.allCases.count
    if items.count > readable {
      let most = spec.combinations.map(\.count).max() ?? readable
      findings.report(
        .mediaCombination, "/input/media",
        "input.media has \(items.count) items; the API takes at most \(most), each type once "
          + "(only the first \(readable) were checked)",
        hint: "keep one item per type: " + allowedTypes)
    }
    let keys = RequestKeyCheck(spec: spec)
    var media: [MediaItem] = []
    var seen: [MediaRole: String] = [:]
    for (index, item) in items.prefix(readable).enumerated() {
      let pointer = "/input/media/\(index)"
      guard case .object(let members) = item.value else {
        findings.report(
          .requestSchema, pointer, "media item \(index) is a \(item.typeName); it must be an object"
        )
        continue
      }
      keys.check(members, of: .mediaItem, at: pointer, into: &findings)
      var entry = MediaItem(pointer: pointer)
      entry.role = readRole(item["type"], at: pointer, index: index, into: &findings)
      if let role = entry.role {
        if let first = seen[role] {
          findings.report(
            .mediaTypeRepeated, pointer + "/type",
            "\(role.rawValue) appears twice (\(first) and \(pointer)); each type is allowed once",
            hint: "keep one \(role.rawValue) item")
          entry.role = nil
        } else {
          seen[role] = pointer
        }
      }
      readURL(item["url"], into: &entry, index: index, findings: &findings)
      media.append(entry)
    }
    return media
  }

  private func readURL(
    _ node: SourceNode?, into entry: inout MediaItem, index: Int,
    findings: inout RequestFindings
  ) {
    guard let node else {
      findings.report(
        .mediaMissing, entry.pointer, "media item \(index) has no url",
        hint: "add \"url\": a local path, https:// URL, oss:// URL or data: URI",
        serverError: ServiceText.urlMissing("\(index)"))
      return
    }
    guard let text = node.stringValue, !text.isEmpty else {
      findings.report(
        .mediaMissing, entry.pointer + "/url", "media item \(index) has an empty or non-string url")
      return
    }
    entry.url = text
    entry.reference = MediaReference.classify(text, baseDirectory: baseDirectory)
  }

  private func readRole(
    _ node: SourceNode?, at pointer: String, index: Int, into findings: inout RequestFindings
  ) -> MediaRole? {
    guard let node else {
      findings.report(
        .mediaMissing, pointer, "media item \(index) has no type",
        hint: "add \"type\": one of \(allowedTypes)")
      return nil
    }
    guard let text = node.stringValue else {
      findings.report(
        .requestSchema, pointer + "/type", "type is a \(node.typeName); it must be a string")
      return nil
    }
    guard let role = MediaRole(rawValue: text) else {
      findings.report(
        .mediaTypeUnknown, pointer + "/type", "type is \"\(text)\"; allowed: \(allowedTypes)",
        hint: text.lowercased() == "image" || text == "first_image"
          ? "an image is \"first_frame\" or \"last_frame\"" : nil)
      return nil
    }
    return role
  }

  /// Whether the media roles of `fields`, when every item has a known one, are a combination the
  /// API accepts.
  func checkCombination(of fields: RequestFields, into findings: inout RequestFindings) {
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
    findings.report(
      .mediaCombination, "/input/media",
      "the media are \(found); that is not one of the \(spec.combinations.count) combinations "
        + "the API accepts", hint: hint)
  }
}
