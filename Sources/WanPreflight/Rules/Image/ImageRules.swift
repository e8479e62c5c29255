import MediaProbe

/// Checks a first or last frame against the model's image limits.
struct ImageRules {
  let spec: ModelSpec

  func check(_ item: MediaItem, role: MediaRole, info: MediaInfo) -> [Diagnostic] {
    let limits = PictureLimits.image(spec)
    let name = "\(role.rawValue) \(info.path)"
    guard info.kind == .image, let picture = info.video else {
      return [
        Diagnostic(
          .imageFormat, at: item.pointer,
          "\(name) is \(info.kind.rawValue) (\(info.format)), not an image",
          hint: "give a JPEG, PNG, BMP or WEBP picture", serverError: ServiceText.imageFormat)
      ]
    }
    var found: [Diagnostic] = []
    if !limits.accepts(format: info.format) {
      found.append(
        Diagnostic(
          .imageFormat, at: item.pointer,
          "\(name) is \(info.format.uppercased()), which the API does not accept; allowed: "
            + limits.formats.map { $0.uppercased() }.joined(separator: ", "),
          hint: "not accepted; convert its first frame with "
            + FixCommand.stillImage(info.path, role: role).quotedInHint,
          serverError: ServiceText.imageFormat))
    }
    if info.format == "png", !spec.image.alphaAllowed, picture.hasAlpha == true {
      let what =
        info.image?.hasTransparentPixels == true
        ? "has an alpha channel with transparent pixels"
        : "has an alpha channel (every pixel is opaque, but the channel is there)"
      found.append(
        Diagnostic(
          .imageAlpha, at: item.pointer, "\(name) \(what); PNGs must have no alpha channel",
          hint: "flatten it onto white, without the channel: "
            + FixCommand.flattenAlpha(info.path, role: role).quotedInHint))
    }
    if info.image?.animated == true {
      let frames = info.image?.frameCount.map { " (\($0) frames)" } ?? ""
      found.append(
        Diagnostic(
          .imageAnimated, at: item.pointer,
          "\(name) is animated\(frames); the API documents still images only (which frame it "
            + "uses is undocumented)",
          hint: "export the frame you want as a still image; the first frame: "
            + FixCommand.stillImage(info.path, role: role).quotedInHint))
    }
    if let width = picture.width, let height = picture.height {
      found += limits.sides(
        of: name, width: width, height: height, at: item.pointer,
        sizeHint: { small in scaleHint(info, role: role, up: small, side: limits.side) },
        sizeServerError: ServiceText.imageSize,
        aspectHint: "crop it closer to the output shape")
    }
    let shrink = FixCommand.saveAsJPEG(info.path, role: role).quotedInHint
    if let size = limits.bytes(
      info.byteSize, of: name, at: item.pointer,
      hint: info.format == "jpeg"
        ? "save it again at a lower quality (or scale it down): \(shrink)"
        : "save it as JPEG: \(shrink)")
    {
      found.append(size)
    }
    found += Orientation.check(item, role: role, info: info)
    return found
  }

  /// Scale the short side up to the least side, or the long side down to the most.
  private func scaleHint(_ info: MediaInfo, role: MediaRole, up: Bool, side: ClosedRange<Int>)
    -> String
  {
    let target = up ? side.lowerBound : side.upperBound
    let command = FixCommand.scaleImage(
      info.path, role: role, format: info.format, up: up, side: target
    ).quotedInHint
    return up
      ? "scale it up to at least \(target) px on the short side: " + command
      : "scale it down to at most \(target) px on the long side: " + command
  }
}
