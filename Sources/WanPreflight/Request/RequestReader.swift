/// Checks a request body's shape and values against a ``ModelSpec`` and extracts its fields.
///
/// Every problem becomes a ``Diagnostic`` with a JSON Pointer, in the order of the body; nothing
/// here touches media files. The body's keys are checked by ``RequestKeyCheck``, `input.media`
/// is read by ``MediaReader`` and `parameters` by ``ParametersReader``.
struct RequestReader {
  let spec: ModelSpec
  let baseDirectory: String
  private var findings = RequestFindings()
  private(set) var fields = RequestFields()

  /// What is wrong with the body, in the order found.
  var diagnostics: [Diagnostic] { findings.diagnostics }

  init(spec: ModelSpec, baseDirectory: String) {
    self.spec = spec
    self.baseDirectory = baseDirectory
  }

  mutating func read(_ root: SourceNode) {
    guard case .object(let members) = root.value else {
      findings.report(
        .requestSchema, "", "the request body is a \(root.typeName); it must be an object")
      return
    }
    RequestKeyCheck(spec: spec).check(members, of: .body, at: "", into: &findings)
    readModel(root["model"])
    if let input = root["input"] {
      readInput(input)
    } else {
      findings.report(
        .requestSchema, "/input", "the request has no input; it needs input.media",
        hint: "add \"input\": {\"media\": [{\"type\": \"first_frame\", \"url\": …}]}",
        serverError: ServiceText.mediaMissing)
    }
    if let parameters = root["parameters"] {
      ParametersReader(spec: spec).read(parameters, into: &fields, findings: &findings)
    }
    MediaReader(spec: spec, baseDirectory: baseDirectory)
      .checkCombination(of: fields, into: &findings)
  }

  private mutating func readModel(_ node: SourceNode?) {
    guard let node else {
      findings.report(
        .requestSchema, "/model", "the request has no model",
        hint: "add \"model\": \"\(spec.name)\"", serverError: ServiceText.modelMissing)
      return
    }
    guard let model = node.stringValue else {
      findings.report(.requestSchema, "/model", "model is a \(node.typeName); it must be a string")
      return
    }
    fields.model = model
    if !spec.matches(model: model) {
      let legacy = model.hasPrefix("wan2.") && !model.hasPrefix("wan2.7")
      findings.report(
        .modelUnknown, "/model",
        "model is \"\(model)\"; this protocol (input.media) serves \(spec.name) and its dated "
          + "snapshots (\(spec.knownSnapshots.joined(separator: ", ")))",
        hint: legacy
          ? "earlier wan models use the legacy protocol (img_url); use \"\(spec.name)\""
          : "use \"\(spec.name)\"")
    }
  }

  private mutating func readInput(_ input: SourceNode) {
    guard case .object(let members) = input.value else {
      findings.report(
        .requestSchema, "/input", "input is a \(input.typeName); it must be an object")
      return
    }
    RequestKeyCheck(spec: spec).check(members, of: .input, at: "/input", into: &findings)
    fields.prompt = readText(input["prompt"], at: "/input/prompt")
    fields.negativePrompt = readText(input["negative_prompt"], at: "/input/negative_prompt")
    fields.media = MediaReader(spec: spec, baseDirectory: baseDirectory)
      .read(input["media"], into: &findings)
  }

  private mutating func readText(_ node: SourceNode?, at pointer: String) -> String? {
    guard let node else { return nil }
    switch node.value {
    case .string(let text): return text
    case .null: return nil  // the SDK sends "prompt": null when there is none
    default:
      findings.report(
        .flagType, pointer,
        "\(RequestFindings.fieldName(pointer)) is a \(node.typeName); it must be a string")
      return nil
    }
  }
}
