import WanPreflight

/// Applying the flags to a request body.
extension RequestFlags {
  /// `--resolution` as the model names it: `720p` is `720P`; an unknown tier is kept as given,
  /// for the check to report.
  private var normalizedResolution: String? {
    resolution.map { given in
      ModelSpec.wan27i2v.resolutions.first {
        $0.name.rawValue.lowercased() == given.lowercased()
      }?.name.rawValue ?? given
    }
  }

  /// `root` with these flags applied: media of the same type are replaced, others added;
  /// scalar fields are set. Values keep the type the flag's text has (`5` is a number).

  /// Local paths given in flags are relative to the working directory; when the request came
  /// from a file in another folder, pass `workingDirectory` to make them absolute.
  func apply(to root: SourceNode, workingDirectory: String? = nil) -> SourceNode {
    var body = members(of: root)
    if model != nil || body["model"] == nil {
      body.set("model", SourceNode(.string(model ?? ModelSpec.wan27i2v.name)))
    }
    var input = members(of: root["input"])
    if let prompt { input.set("prompt", SourceNode(.string(prompt))) }
    if let negativePrompt { input.set("negative_prompt", SourceNode(.string(negativePrompt))) }
    if hasMedia {
      var items: [SourceNode] = []
      if case .array(let existing)? = root["input"]?["media"]?.value { items = existing }
      for case (_, let role, var url?) in mediaFlags {
        if let workingDirectory, !url.contains(":"), !url.hasPrefix("/") {
          url = LocalPath.child(url, of: workingDirectory)
        }
        let item = SourceNode(
          .object([
            SourceMember(key: "type", value: SourceNode(.string(role.rawValue))),
            SourceMember(key: "url", value: SourceNode(.string(url))),
          ]))
        if let index = items.firstIndex(where: { $0["type"]?.stringValue == role.rawValue }) {
          items[index] = item
        } else {
          items.append(item)
        }
      }
      input.set("media", SourceNode(.array(items)))
    }
    body.set("input", SourceNode(.object(input.members), at: root["input"]?.position))
    var parameters = members(of: root["parameters"])
    if let resolution = normalizedResolution { parameters.set("resolution", scalar(resolution)) }
    if let duration { parameters.set("duration", SourceNode(.number(String(duration)))) }
    if let seed { parameters.set("seed", scalar(seed)) }
    if let promptExtend { parameters.set("prompt_extend", SourceNode(.bool(promptExtend))) }
    if let watermark { parameters.set("watermark", SourceNode(.bool(watermark))) }
    if !parameters.members.isEmpty {
      body.set(
        "parameters", SourceNode(.object(parameters.members), at: root["parameters"]?.position))
    }
    return SourceNode(.object(body.members), at: root.position)
  }

  /// A number node for numeric text, else a string node (the rules then say what is wrong).
  private func scalar(_ text: String) -> SourceNode {
    if Int64(text) != nil
      || (Double(text) != nil && text.allSatisfy({ "0123456789.-eE+".contains($0) }))
    {
      return SourceNode(.number(text))
    }
    return SourceNode(.string(text))
  }

  private func members(of node: SourceNode?) -> OrderedMembers {
    guard case .object(let members)? = node?.value else { return OrderedMembers(members: []) }
    return OrderedMembers(members: members)
  }
}

/// Object members in order, with replace-or-append by key.
private struct OrderedMembers {
  var members: [SourceMember]

  subscript(key: String) -> SourceNode? { members.last { $0.key == key }?.value }

  /// Sets `key` to `value` where its last occurrence stood; earlier repeats of the key are
  /// removed, since the flag overrides them all (their repeat is then not the file's problem).
  mutating func set(_ key: String, _ value: SourceNode) {
    if let index = members.lastIndex(where: { $0.key == key }) {
      members[index] = SourceMember(key: key, keyPosition: members[index].keyPosition, value: value)
      members = members.enumerated().filter { $0.offset == index || $0.element.key != key }
        .map(\.element)
    } else {
      members.append(SourceMember(key: key, value: value))
    }
  }
}
