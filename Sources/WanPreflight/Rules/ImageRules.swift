import MediaProbe

/// Checks a first or last frame against the model's image limits.
struct ImageRules {
  let spec: ModelSpec

  func check(_ item: MediaItem, role: MediaRole, info: MediaInfo) -> [Diagnostic] {
    let limits = spec.image
    let name = "\(role.rawValue) \(info.path)"
    guard info.kind == .image, let picture = info.video else {
      return [
        Diagnostic(
          .imageFormat, at: item.pointer,
          "\(name) is \(info.kind.rawValue) (\(info.format)), not an image",
          hint: "give a JPEG, PNG, BMP or WEBP picture", serverError: "image format error")
      ]
    }
    var found: [Diagnostic] = []
    if !limits.formats.contains(info.format) {
      found.append(
        Diagnostic(
          .imageFormat, at: item.pointer,
          "\(name) is \(info.format.uppercased()), which the API does not accept; allowed: "
            + limits.formats.map { $0.uppercased() }.joined(separator: ", "),
          hint: "not accepted; convert its first frame with "
            + FixCommand.stillImage(info.path, role: role).quotedInHint,
          serverError: "image format error"))
    }
    if info.format == "png", !limits.alphaAllowed, picture.hasAlpha == true {
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
      if !limits.side.contains(width) || !limits.side.contains(height) {
        let small = min(width, height) < limits.side.lowerBound
        found.append(
          Diagnostic(
            .imageSize, at: item.pointer,
            "\(name) is \(width)x\(height); each side must be "
              + "\(limits.side.lowerBound)…\(limits.side.upperBound) px",
            hint: small
              ? "scale it up to at least \(limits.side.lowerBound) px on the short side: "
                + FixCommand.scaleImage(
                  info.path, role: role, format: info.format, up: true,
                  side: limits.side.lowerBound
                ).quotedInHint
              : "scale it down to at most \(limits.side.upperBound) px on the long side: "
                + FixCommand.scaleImage(
                  info.path, role: role, format: info.format, up: false,
                  side: limits.side.upperBound
                ).quotedInHint,
            serverError: "the size of input image is too small or too large."))
      }
      if let ratio = aspect(width, height), ratio > limits.maxAspect {
        found.append(
          Diagnostic(
            .imageAspect, at: item.pointer,
            "\(name) is \(width)x\(height), an aspect ratio of \(formatted(ratio)):1; at most "
              + "\(formatted(limits.maxAspect)):1", hint: "crop it closer to the output shape"))
      }
    }
    let shrink = FixCommand.saveAsJPEG(info.path, role: role).quotedInHint
    if let size = ByteLimitRule(limit: limits.maxBytes, rule: .imageBytes).check(
      info.byteSize, subject: name, at: item.pointer,
      hint: info.format == "jpeg"
        ? "save it again at a lower quality (or scale it down): \(shrink)"
        : "save it as JPEG: \(shrink)")
    {
      found.append(size)
    }
    found += Orientation.check(item, role: role, info: info, spec: spec)
    return found
  }
}

/// Warns when EXIF orientation or a rotation matrix makes the displayed size differ from the
/// stored one: whether the service applies them is undocumented.
enum Orientation {
  static func check(_ item: MediaItem, role: MediaRole, info: MediaInfo, spec: ModelSpec)
    -> [Diagnostic]
  {
    guard let picture = info.video, let width = picture.width, let height = picture.height,
      let displayWidth = picture.displayWidth, let displayHeight = picture.displayHeight
    else { return [] }
    let source: String
    if let orientation = info.image?.orientation, orientation.value != 1 {
      source = "EXIF orientation \(orientation.value)"
    } else if let rotation = picture.rotation, rotation != 0 || picture.mirrored == true {
      source =
        "a rotation matrix of \(rotation)°" + (picture.mirrored == true ? " with mirroring" : "")
    } else {
      return []
    }
    let turned = picture.rotation == 90 || picture.rotation == 270
    let effect =
      turned
      ? "stored \(width)x\(height), displayed \(displayWidth)x\(displayHeight)"
      : "the picture is displayed turned or mirrored"
    return [
      Diagnostic(
        .orientation, at: item.pointer,
        "\(role.rawValue) \(info.path) has \(source) (\(effect)); whether the service applies it "
          + "is undocumented: the plan predicts for the displayed orientation"
          + (turned ? " and gives the other reading as alternate_output" : ""),
        hint: "bake the orientation into the pixels to remove the doubt")
    ]
  }
}
