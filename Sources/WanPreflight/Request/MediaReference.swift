import Foundation

/// Where a media item's `url` points.
public enum MediaReference: Sendable, Equatable {
  /// A file on this machine: a plain path (relative to the request file's folder) or `file://`.
  case local(path: String)
  /// An `http://` or `https://` URL; cannot be checked offline.
  case remote(String)
  /// A DashScope `oss://` temporary URL; cannot be checked offline.
  case oss(String)
  /// A `data:` URI with its declared MIME type and decoded bytes (`nil` if not valid base64).
  case data(mimeType: String, bytes: [UInt8]?)
  /// A URL with a scheme the API does not take (`ftp:`, `s3:`, …).
  case unsupported(scheme: String)

  /// Classifies a `url` value; relative paths are resolved against `baseDirectory`.
  public static func classify(_ url: String, baseDirectory: String) -> MediaReference {
    let lowered = url.lowercased()
    if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") { return .remote(url) }
    if lowered.hasPrefix("oss://") { return .oss(url) }
    if lowered.hasPrefix("data:") { return dataURI(url) }
    if lowered.hasPrefix("file://") {
      let path = URL(string: url)?.path ?? String(url.dropFirst("file://".count))
      return .local(path: path)
    }
    if let colon = url.firstIndex(of: ":"), let slash = url.firstIndex(of: "/"),
      colon < slash, url[url.index(after: colon)...].hasPrefix("//")
    {
      return .unsupported(scheme: String(url[..<colon]).lowercased())
    }
    if url.hasPrefix("/") { return .local(path: LocalPath.normalized(url)) }
    let base = baseDirectory.isEmpty ? "." : baseDirectory
    return .local(path: LocalPath.normalized(base == "." ? url : base + "/" + url))
  }

  /// `data:{MIME};base64,{payload}`.
  private static func dataURI(_ url: String) -> MediaReference {
    let body = url.dropFirst("data:".count)
    guard let comma = body.firstIndex(of: ",") else { return .data(mimeType: "", bytes: nil) }
    let header = body[..<comma]
    let parts = header.split(separator: ";").map { String($0) }
    let mime = parts.first?.lowercased() ?? ""
    guard parts.contains(where: { $0.lowercased() == "base64" }) else {
      return .data(mimeType: mime, bytes: nil)
    }
    let payload = Data(base64Encoded: String(body[body.index(after: comma)...]))
    return .data(mimeType: mime, bytes: payload.map { [UInt8]($0) })
  }

  /// What kind of reference this is, as the report's `source` field says.
  var source: MediaSource {
    switch self {
    case .local: .local
    case .remote: .url
    case .oss: .oss
    case .data: .data
    case .unsupported: .unsupported
    }
  }
}

/// What kind of place a media item's `url` names: the report's `source` field.
public enum MediaSource: String, Sendable, Codable, CaseIterable {
  /// A file on this machine.
  case local
  /// An `http://` or `https://` URL.
  case url
  /// A DashScope `oss://` temporary URL.
  case oss
  /// A `data:` URI.
  case data
  /// A URL with a scheme the API does not take.
  case unsupported
}
