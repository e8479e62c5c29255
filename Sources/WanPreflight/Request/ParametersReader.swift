/// Reads `parameters`: its keys, `resolution`, `duration`, `seed` and the two switches.
struct ParametersReader {
  let spec: ModelSpec

  /// Checks `parameters` and puts its resolution and duration into `fields`.
  func read(
    _ parameters: SourceNode, into fields: inout RequestFields, findings: inout RequestFindings
  ) {
    guard case .object(let members) = parameters.value else {
      findings.report(
        .requestSchema, "/parameters",
        "parameters is a \(parameters.typeName); it must be an object")
      return
    }
    RequestKeyCheck(spec: spec).check(
      members, of: .parameters, at: "/parameters", into: &findings)
    if let node = parameters["resolution"] {
      fields.resolutionGiven = true
      fields.resolution = readResolution(node, into: &findings)
    }
    if let node = parameters["duration"] {
      fields.durationGiven = true
      fields.duration = readDuration(node, into: &findings)
    }
    if let node = parameters["seed"] {
      checkSeed(node, into: &findings)
    }
    for flag in ["prompt_extend", "watermark"] {
      guard let node = parameters[flag] else { continue }
      if case .bool = node.value { continue }
      findings.report(
        .flagType, "/parameters/\(flag)", "\(flag) is a \(node.typeName); it must be true or false")
    }
  }

  /// The resolution when it is a tier the model has.
  private func readResolution(_ node: SourceNode, into findings: inout RequestFindings) -> String? {
    let allowed = spec.resolutions.map(\.name.rawValue)
    guard let text = node.stringValue, spec.tier(named: text) != nil else {
      let found = node.stringValue.map { "\"\($0)\"" } ?? "a \(node.typeName)"
      let hint = node.stringValue.flatMap { text in
        allowed.first { $0.lowercased() == text.lowercased() }.map { "write \"\($0)\"" }
      }
      findings.report(
        .resolutionValue, "/parameters/resolution",
        "resolution is \(found); allowed: \(allowed.map { "\"\($0)\"" }.joined(separator: ", "))",
        hint: hint ?? "use \"720P\" (cheaper) or \"1080P\"")
      return nil
    }
    return text
  }

  /// The duration when it is a whole number of seconds in the model's range.
  private func readDuration(_ node: SourceNode, into findings: inout RequestFindings) -> Int? {
    let range = spec.duration
    guard case .number(let literal) = node.value, let value = Int(literal) else {
      findings.report(
        .durationRange, "/parameters/duration",
        "duration is \(Self.found(node, quotingStrings: true)); it must be a whole number of "
          + "seconds, \(range.lowerBound)…\(range.upperBound)",
        hint: "write a JSON integer such as 5")
      return nil
    }
    guard range.contains(value) else {
      findings.report(
        .durationRange, "/parameters/duration",
        "duration is \(value) s; allowed: \(range.lowerBound)…\(range.upperBound) s",
        hint: value < range.lowerBound
          ? "use at least \(range.lowerBound)" : "use at most \(range.upperBound)")
      return nil
    }
    return value
  }

  private func checkSeed(_ node: SourceNode, into findings: inout RequestFindings) {
    let range = spec.seed
    if case .number(let literal) = node.value, let value = Int64(literal), range.contains(value) {
      return
    }
    findings.report(
      .seedRange, "/parameters/seed",
      "seed is \(Self.found(node, quotingStrings: false)); it must be an integer "
        + "\(range.lowerBound)…\(range.upperBound)",
      hint: "omit seed for a random one")
  }

  /// A wrong value as a message names it: a number as written, a string quoted (when
  /// `quotingStrings`), anything else by its type (`a boolean`).
  private static func found(_ node: SourceNode, quotingStrings: Bool) -> String {
    if case .number(let literal) = node.value { return literal }
    if quotingStrings, let text = node.stringValue { return "\"\(text)\"" }
    return "a \(node.typeName)"
  }
}
