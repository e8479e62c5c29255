import MediaProbe

/// What a media item turned out to be: probed, or why not.
public enum MediaOutcome: Sendable {
  /// Probed locally (a file, or a decoded `data:` URI).
  case probed(MediaInfo)
  /// A local file that could not be probed.
  case failed(ProbeError)
  /// A remote URL, not checked.
  case remote
  /// A local file outside the folders a lint was given; not read.
  case outside
}

/// Checks one media item's reference and content against the model's limits, handing each
/// role to its family's rules.
struct MediaRules {
  let spec: ModelSpec
  let region: Region
  let duration: Int

  /// Diagnostics for `item` given what probing it gave.
  func check(_ item: MediaItem, outcome: MediaOutcome?) -> [Diagnostic] {
    guard let role = item.role, let reference = item.reference else { return [] }
    let references = ReferenceRules(spec: spec, region: region)
    var found = references.check(item, role: role, reference: reference)
    if case .probed = outcome {
      found.removeAll { $0.rule == .urlUnverified }  // checked against a local copy
    }
    switch outcome {
    case .probed(let info):
      if case .local = reference, let mismatch = ExtensionMismatch.check(item, info: info) {
        found.append(mismatch)
      }
      if case .data(let mime, _) = reference,
        let mismatch = references.declaredType(item, role: role, mime: mime, info: info)
      {
        found.append(mismatch)
      }
      found += content(item, role: role, info: info)
    case .failed(let error):
      found.append(ProbeFailure(spec: spec, region: region).check(item, role: role, error: error))
    case .outside:
      found.append(references.outside(item, role: role))
    case .remote, nil:
      break
    }
    return found
  }

  /// The rules of the item's role, on its probed content.
  private func content(_ item: MediaItem, role: MediaRole, info: MediaInfo) -> [Diagnostic] {
    switch role {
    case .firstFrame, .lastFrame: ImageRules(spec: spec).check(item, role: role, info: info)
    case .drivingAudio: AudioRules(spec: spec, duration: duration).check(item, info: info)
    case .firstClip: ClipRules(spec: spec, duration: duration).check(item, info: info)
    }
  }
}

/// The request's media items and what probing each gave, index for index.
struct ProbedMedia {
  let media: [MediaItem]
  let outcomes: [MediaOutcome?]

  /// The probe of the first item whose role is in `roles` (in that order of preference).
  func info(for roles: [MediaRole]) -> MediaInfo? {
    for role in roles {
      if let index = media.firstIndex(where: { $0.role == role }),
        case .probed(let info)? = outcomes[index]
      {
        return info
      }
    }
    return nil
  }
}
