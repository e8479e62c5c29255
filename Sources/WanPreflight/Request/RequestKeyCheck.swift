/// Checks the keys of one object of a request body against the schema
/// (``ModelSpec/requestFields(of:)``): legacy fields, repeated keys and fields the API does not
/// have.
struct RequestKeyCheck {
  let spec: ModelSpec

  /// How many unknown or repeated keys of one object get a diagnostic each; the rest are
  /// counted in one more, so that 90,000 stray keys cost 11 lines, not 90,000.
  static let keysListedPerObject = 10

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

  /// The keys of one object against the schema: legacy fields first (each gets
  /// `legacy_fields`), then repeated keys and fields the schema does not know.
  func check(
    _ members: [SourceMember], of object: RequestField.Object, at pointer: String,
    into findings: inout RequestFindings
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
      findings.report(
        .legacyFields, path,
        "\(RequestFindings.fieldName(path)) belongs to the legacy wan2.1–2.6 API; \(spec.name) "
          + "ignores it",
        hint: Self.migration(member) ?? advice,
        serverError: object == .input ? ServiceText.mediaMissing : nil)
    }
    let documented = spec.requestFields(of: object).filter {
      $0.treatment == .documented
    }.map(\.key)
    check(
      current, at: pointer,
      allowed: Set(spec.requestFields(of: object).filter(\.isAccepted).map(\.key)),
      listed: documented.sorted(), into: &findings)
  }

  private func check(
    _ members: [SourceMember], at pointer: String, allowed: Set<String>, listed: [String],
    into findings: inout RequestFindings
  ) {
    let most = Self.keysListedPerObject
    var seen: Set<String> = []
    var repeated = 0
    var unknown = 0
    for member in members {
      let path = pointer + JSONPointer.make([member.key])
      if !seen.insert(member.key).inserted {
        repeated += 1
        if repeated <= most {
          findings.report(
            .requestSchema, path,
            "\"\(member.key)\" appears twice; the last one wins, as in Python's json (inferred: "
              + "the service's reading is undocumented), and that is the value checked",
            hint: "keep one")
        }
      }
      if !allowed.contains(member.key) {
        unknown += 1
        if unknown <= most {
          findings.report(
            .unknownField, path,
            "\(RequestFindings.fieldName(path)) is not a field of the \(spec.name) API; how the "
              + "service treats it is undocumented",
            hint: "remove it, or check its spelling (known here: "
              + listed.joined(separator: ", ") + ")")
        }
      }
    }
    let place = pointer.isEmpty ? "the request" : RequestFindings.fieldName(pointer)
    if repeated > most {
      findings.report(
        .requestSchema, pointer,
        "\(place) repeats \(repeated - most) more keys than the \(most) listed",
        hint: "keep one of each")
    }
    if unknown > most {
      findings.report(
        .unknownField, pointer,
        "\(place) has \(unknown - most) more fields the API does not have than the \(most) listed",
        hint: "remove them (known here: " + listed.joined(separator: ", ") + ")")
    }
  }
}
