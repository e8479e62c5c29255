import ArgumentParser
import Foundation
import WanPreflight

/// Request fields given as flags; they build a request or override a request file's fields.
struct RequestFlags: ParsableArguments {
  @Option(name: .customLong("first-frame"), help: "The first frame: a path or URL.")
  var firstFrame: String?

  @Option(name: .customLong("last-frame"), help: "The last frame: a path or URL.")
  var lastFrame: String?

  @Option(help: "Driving audio (WAV or MP3): a path or URL.")
  var audio: String?

  @Option(help: "A clip to continue (MP4 or MOV): a path or URL.")
  var clip: String?

  @Option(help: "The prompt.")
  var prompt: String?

  @Option(name: .customLong("negative-prompt"), help: "The negative prompt.")
  var negativePrompt: String?

  @Option(help: "Seconds of output, 2 to 15 (the service's default is 5).")
  var duration: String?

  @Option(help: "720P or 1080P (the service's default is 1080P).")
  var resolution: String?

  @Option(help: "An integer seed, 0 to 2147483647.")
  var seed: String?

  @Flag(inversion: .prefixedNo, help: "Let the service rewrite the prompt (default: yes).")
  var promptExtend: Bool?

  @Flag(inversion: .prefixedNo, help: "Add the \"AI生成\" watermark (default: no).")
  var watermark: Bool?

  @Option(help: "The model (default: wan2.7-i2v).")
  var model: String?

  /// Whether any media flag is given.
  var hasMedia: Bool { [firstFrame, lastFrame, audio, clip].contains { $0 != nil } }

  /// Whether no field flag is given at all.
  var isEmpty: Bool {
    !hasMedia
      && [prompt, negativePrompt, duration, resolution, seed, model].allSatisfy { $0 == nil }
      && promptExtend == nil && watermark == nil
  }

  /// `root` with these flags applied: media of the same type are replaced, others added;
  /// scalar fields are set. Values keep the type the flag's text has (`5` is a number).
  /// The request to check: the file's (when given) with these flags applied, else one built
  /// from the flags alone.
  func request(from file: String?) -> JobRequest {
    var job = file.map { JobRequest.load(file: $0) } ?? JobRequest(body: SourceNode(.object([])))
    if !isEmpty, let document = job.document {
      let workingDirectory = file == nil ? nil : FileManager.default.currentDirectoryPath
      job.document = SourceDocument(
        root: apply(to: document.root, workingDirectory: workingDirectory), format: document.format)
    }
    return job
  }

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
      let given: [(MediaRole, String?)] = [
        (.firstFrame, firstFrame), (.lastFrame, lastFrame), (.drivingAudio, audio),
        (.firstClip, clip),
      ]
      for case (let role, var url?) in given {
        if let workingDirectory, !url.contains(":"), !url.hasPrefix("/") {
          url = workingDirectory + "/" + url
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
    if let resolution { parameters.set("resolution", scalar(resolution)) }
    if let duration { parameters.set("duration", scalar(duration)) }
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

  mutating func set(_ key: String, _ value: SourceNode) {
    if let index = members.lastIndex(where: { $0.key == key }) {
      members[index] = SourceMember(key: key, keyPosition: members[index].keyPosition, value: value)
    } else {
      members.append(SourceMember(key: key, value: value))
    }
  }
}
