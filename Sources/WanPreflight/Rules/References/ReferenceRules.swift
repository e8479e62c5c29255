import Foundation
import MediaProbe

/// Checks how a media item is referenced: its URL's form, where `oss://` works, and what a
/// `data:` URI may hold.
struct ReferenceRules {
  let spec: ModelSpec
  let region: Region

  /// Diagnostics for how `item` names its media.
  func check(_ item: MediaItem, role: MediaRole, reference: MediaReference) -> [Diagnostic] {
    let pointer = item.pointer + "/url"
    switch reference {
    case .local:
      return []
    case .remote(let url):
      guard let parsed = URL(string: url), let host = parsed.host, !host.isEmpty else {
        return [
          Diagnostic(
            .urlScheme, at: pointer, "\(role.rawValue) URL \(url) is malformed (no host)",
            hint: "write a full URL: https://host/path/file")
        ]
      }
      return [
        Diagnostic(
          .urlUnverified, at: pointer,
          "\(role.rawValue) is a remote URL (\(url)); it was not downloaded, so its content is "
            + "unchecked",
          hint: "download it and check the local copy: put its path in url, or pass it with "
            + "--\(flagName(role))")
      ]
    case .oss:
      if region != .beijing {
        return [
          Diagnostic(
            .ossRegion, at: pointer,
            "\(role.rawValue) is an oss:// temporary URL; those exist in the Beijing region only, "
              + "and the region is \(region.rawValue)",
            hint: "upload the file where the \(region.rawValue) endpoint can read it (https://)")
        ]
      }
      return [
        Diagnostic(
          .urlUnverified, at: pointer,
          "\(role.rawValue) is an oss:// URL; it was not downloaded, so its content is unchecked; "
            + "the request needs the header X-DashScope-OssResourceResolve: enable")
      ]
    case .data(let mime, let bytes):
      if role == .drivingAudio || role == .firstClip {
        return [
          Diagnostic(
            .base64NotAllowed, at: pointer,
            "\(role.rawValue) is a base64 data: URI; the API takes audio and clips only as "
              + "http(s) or oss:// URLs",
            hint: "host the file and give its URL")
        ]
      }
      if bytes == nil {
        return [
          Diagnostic(
            .dataURIMime, at: pointer,
            "\(role.rawValue) is a data: URI that is not data:{MIME};base64,{data} with valid "
              + "base64", hint: "encode the file as data:image/png;base64,…")
        ]
      }
      let allowed = Set(spec.image.mimeTypes.values)
      if !allowed.contains(mime) {
        return [
          Diagnostic(
            .dataURIMime, at: pointer,
            "\(role.rawValue) is a data: URI of type \"\(mime)\"; allowed: "
              + allowed.sorted().joined(separator: ", "))
        ]
      }
      return []
    case .unsupported(let scheme):
      return [
        Diagnostic(
          .urlScheme, at: pointer,
          "\(role.rawValue) uses the URL scheme \"\(scheme):\"; the API takes http(s)://, oss:// "
            + "and (for images) data: URIs", hint: "give an https:// URL or a local path")
      ]
    }
  }

  /// The `media_outside` error for a local file outside the folders being linted.
  func outside(_ item: MediaItem, role: MediaRole) -> Diagnostic {
    Diagnostic(
      .mediaOutside, at: item.pointer + "/url",
      "\(role.rawValue) \(item.url ?? "") lies outside the repository, so it was not read",
      hint: "keep media inside the repository (or give their hosted URL)")
  }

  /// The `file_missing` error for a local file that does not exist.
  func missing(_ item: MediaItem, role: MediaRole, error: ProbeError) -> Diagnostic {
    Diagnostic(
      .fileMissing, at: item.pointer + "/url", "\(role.rawValue) file \(error.path) does not exist",
      hint: "paths are relative to the request file's folder")
  }

  /// The `data_uri_mime` error for a `data:` URI declared `mime` whose content is another type.
  func declaredType(_ item: MediaItem, role: MediaRole, mime: String, info: MediaInfo)
    -> Diagnostic?
  {
    guard mime != info.mimeType else { return nil }
    return Diagnostic(
      .dataURIMime, at: item.pointer + "/url",
      "\(role.rawValue) is declared \(mime) but its content is \(info.format) "
        + "(\(info.mimeType))", hint: "write data:\(info.mimeType);base64,…")
  }

  /// The `check` flag that gives a media item of `role`.
  private func flagName(_ role: MediaRole) -> String {
    switch role {
    case .firstFrame: "first-frame"
    case .lastFrame: "last-frame"
    case .drivingAudio: "audio"
    case .firstClip: "clip"
    }
  }
}
