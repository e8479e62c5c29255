import MediaProbe

/// Judges a local file the probe could not read: missing (`file_missing`), over the probe's
/// pixel budget (`image_size` or `clip_size`), a picture the API does not take
/// (`image_format`), or else unreadable (`media_unreadable`).
struct ProbeFailure {
  let spec: ModelSpec
  let region: Region

  /// The one diagnostic for `item` whose probe failed with `error`.
  func check(_ item: MediaItem, role: MediaRole, error: ProbeError) -> Diagnostic {
    switch error.reason {
    case .notFound:
      return ReferenceRules(spec: spec, region: region).missing(item, role: role, error: error)
    case .pixelBudgetExceeded(let width, let height, _):
      return PictureLimits.of(role, spec: spec).size(
        of: "\(role.rawValue) \(error.path)", width: width, height: height, at: item.pointer,
        hint: "scale it down", serverError: ServiceText.imageSize)
    default:
      if let refused = UnacceptedPicture(spec: spec).check(item, role: role, error: error) {
        return refused
      }
      return Diagnostic(
        .mediaUnreadable, at: item.pointer + "/url",
        "\(role.rawValue) \(error.path): \(error.message)", hint: "re-export the file",
        serverError: serverErrorForUnreadable(role))
    }
  }

  /// The service's error text for an unreadable file of `role`.
  private func serverErrorForUnreadable(_ role: MediaRole) -> String {
    switch role {
    case .firstFrame, .lastFrame: ServiceText.imageUnreadable
    case .drivingAudio: ServiceText.audioUnreadable
    case .firstClip: ServiceText.videoInvalid
    }
  }
}
