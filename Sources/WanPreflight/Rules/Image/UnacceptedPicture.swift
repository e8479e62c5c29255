import MediaProbe

/// A HEIC photo (FFmpeg 5.1 cannot decode it) or an SVG (the probe refuses it) given as a frame
/// is a picture the API does not take, not an unreadable file: `image_format`, with the program
/// that converts it. So is a damaged GIF, TIFF or other picture in a format the API does not
/// take, without a command (no program can be trusted to read it). The format is the one the
/// probe sniffed (``ProbeError/sniffedFormat``): the file is not read again, and a `data:` URI's
/// bytes are judged the same way.
struct UnacceptedPicture {
  let spec: ModelSpec

  /// The `image_format` diagnostic for a frame that failed to probe, or nil when the failure
  /// is not of an unaccepted picture.
  func check(_ item: MediaItem, role: MediaRole, error: ProbeError) -> Diagnostic? {
    guard role == .firstFrame || role == .lastFrame else { return nil }
    switch error.reason {
    case .unrecognized, .refusedFormat, .undecodable, .noMediaStream, .emptyStream: break
    default: return nil
    }
    let allowed = spec.image.formats.map { $0.uppercased() }.joined(separator: ", ")
    let name = "\(role.rawValue) \(error.path)"
    let picture = error.sniffedFormat.flatMap { $0.family == .image ? $0.name : nil }
    // A command only for a file on disk: a data: URI's bytes have no path to convert.
    let onDisk = if case .local = item.reference { true } else { false }
    switch picture {
    case "heif":
      return Diagnostic(
        .imageFormat, at: item.pointer,
        "\(name) is HEIF (HEIC), which the API does not accept (and FFmpeg 5.1 cannot decode); "
          + "allowed: \(allowed)",
        hint: onDisk
          ? "not accepted; convert it with e.g. "
            + FixCommand.heifToJPEG(error.path, role: role).quotedInHint + " (libheif-examples)"
          : "not accepted; convert the photo to JPEG and send that",
        serverError: ServiceText.imageFormat)
    case "svg":
      return Diagnostic(
        .imageFormat, at: item.pointer,
        "\(name) is SVG, which the API does not accept; allowed: \(allowed)",
        hint: onDisk
          ? "not accepted; render it with e.g. "
            + FixCommand.renderSVG(error.path, role: role).quotedInHint + " (librsvg2-bin)"
          : "not accepted; render the drawing to PNG and send that",
        serverError: ServiceText.imageFormat)
    case let format? where !spec.image.formats.contains(format):
      return Diagnostic(
        .imageFormat, at: item.pointer,
        "\(name) is \(format.uppercased()), which the API does not accept; allowed: \(allowed) "
          + "(and this file could not be read: \(error.message))",
        hint: "not accepted; export the picture again as PNG or JPEG",
        serverError: ServiceText.imageFormat)
    default:
      return nil
    }
  }
}
