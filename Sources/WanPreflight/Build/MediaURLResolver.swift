import Foundation
import MediaProbe

/// A media item's `url` as the body sends it, and the `--map` path that gave it.
struct MediaURL {
  /// The value written into the body: the URL, or a `data:` URI encoded while writing.
  let value: BodyValue
  /// The URL's text (`data:` for an inline image), to tell its scheme.
  let text: String
  /// The `--map` path that gave the URL, if one did.
  var mapping: String? = nil

  /// Whether the URL starts with `prefix`, in any case.
  func hasPrefixCaseInsensitive(_ prefix: String) -> Bool { text.lowercased().hasPrefix(prefix) }
}

/// Turns a media item's `url` into what the API accepts: remote URLs pass through, local
/// images become `data:` URIs (or hosted URLs), local audio and clips the URLs they are hosted
/// at (an exact `--map`, else `--url-prefix`).
struct MediaURLResolver {
  /// How local media are sent.
  let options: BuildOptions
  /// The folder `--map` paths are relative to.
  let workingDirectory: String

  /// The URL `item` gets in the body; `entry` is its check's media entry, `base` the folder its
  /// relative path is resolved against.
  func url(for item: SourceNode, entry: Report.MediaEntry?, base: String)
    throws(BuildError) -> MediaURL
  {
    guard let url = item["url"]?.stringValue else {
      throw BuildError("a media item has no url", hint: "run wan-preflight check")
    }
    let role = item["type"]?.stringValue ?? "media"
    guard case .local(let path) = MediaReference.classify(url, baseDirectory: base) else {
      return MediaURL(value: .string(url), text: url)  // http(s), oss://, data: pass through
    }
    let isImage = role == MediaRole.firstFrame.rawValue || role == MediaRole.lastFrame.rawValue
    if isImage && options.imageMode == .base64 {
      guard let probe = entry?.probe else {
        throw BuildError(
          "\(role) \(path) could not be read, so it cannot be encoded",
          hint: entry?.error.map { $0.message } ?? "check the path")
      }
      return MediaURL(value: .dataURI(mime: probe.mimeType, path: path), text: "data:")
    }
    if let (hosted, mapping) = hostedURL(for: path, base: base) {
      return MediaURL(value: .string(hosted), text: hosted, mapping: mapping)
    }
    let what =
      isImage
      ? "images are sent as URLs (--image-mode url)"
      : "the API takes \(role) only as an http(s) or oss:// URL, not inline"
    throw BuildError(
      "\(role) \(path) is a local file, and \(what)",
      hint:
        "host it and pass --map \(path)=https://…/\(URL(fileURLWithPath: path).lastPathComponent)"
        + " or --url-prefix https://…/")
  }

  /// The URL a local file is hosted at: an exact mapping, else the file's path relative to the
  /// request's folder resolved against the prefix as a URL reference (so `../media/a.wav` under
  /// `https://cdn/assets/` is `https://cdn/media/a.wav`).
  private func hostedURL(for path: String, base: String) -> (url: String, mapping: String?)? {
    let absolute = absolutePath(path)
    for (local, url) in options.mappings where absolutePath(local) == absolute {
      return (url, local)
    }
    guard let prefix = options.urlPrefix,
      let baseURL = URL(string: prefix.hasSuffix("/") ? prefix : prefix + "/")
    else { return nil }
    let from = absolutePath(base).split(separator: "/")
    let to = absolute.split(separator: "/")
    let common = zip(from, to).prefix { $0 == $1 }.count
    let steps =
      Array(repeating: "..", count: from.count - common)
      + to.dropFirst(common).map {
        String($0).addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? String($0)
      }
    guard let url = URL(string: steps.joined(separator: "/"), relativeTo: baseURL) else {
      return nil
    }
    return (url.absoluteString, nil)
  }

  private func absolutePath(_ path: String) -> String {
    LocalPath.normalized(path.hasPrefix("/") ? path : workingDirectory + "/" + path)
  }
}
