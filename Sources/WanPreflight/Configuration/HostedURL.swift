import Foundation

/// An `http(s)://` URL reduced to what decides which file it names: the scheme and host
/// lower-cased, a default port dropped, the query and fragment dropped (signed URLs carry
/// their signature there), and the path split into percent-decoded segments with `.` and `..`
/// resolved.
///
/// A path that climbs above the host's root, or whose segment decodes to a `/` or a NUL, is not
/// a URL any local copy can stand for (`init` returns `nil`).
struct HostedURL: Sendable, Equatable {
  /// `scheme://host[:port]`, lower-cased.
  let origin: String
  /// The path's segments, decoded, without empty ones.
  let segments: [String]

  init?(_ text: String) {
    guard let separator = text.range(of: "://") else { return nil }
    let scheme = text[..<separator.lowerBound].lowercased()
    guard scheme == "http" || scheme == "https" else { return nil }
    var rest = text[separator.upperBound...]
    if let end = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
    let slash = rest.firstIndex(of: "/") ?? rest.endIndex
    var authority = rest[..<slash].lowercased()
    if let at = authority.lastIndex(of: "@") {
      authority = String(authority[authority.index(after: at)...])
    }
    let defaultPort = scheme == "https" ? ":443" : ":80"
    if authority.hasSuffix(defaultPort) {
      authority = String(authority.dropLast(defaultPort.count))
    }
    guard !authority.isEmpty else { return nil }
    var segments: [String] = []
    for raw in rest[slash...].split(separator: "/", omittingEmptySubsequences: true) {
      guard let decoded = String(raw).removingPercentEncoding,
        !decoded.contains("/"), !decoded.contains("\0")
      else { return nil }
      switch decoded {
      case ".": continue
      case "..":
        guard !segments.isEmpty else { return nil }
        segments.removeLast()
      default: segments.append(decoded)
      }
    }
    origin = scheme + "://" + authority
    self.segments = segments
  }

  /// The segments after `prefix`, when this URL lies under it.
  func segments(after prefix: HostedURL) -> [String]? {
    guard origin == prefix.origin, segments.count > prefix.segments.count,
      Array(segments.prefix(prefix.segments.count)) == prefix.segments
    else { return nil }
    return Array(segments.dropFirst(prefix.segments.count))
  }

  /// The local copy of `url` under `mappings` (prefix → folder), by the longest matching prefix;
  /// `nil` when no prefix covers it or it is not a URL a copy can stand for.
  static func localCopy(of url: String, in mappings: [String: String]) -> String? {
    guard let target = HostedURL(url) else { return nil }
    var best: (length: Int, path: String)?
    for (prefix, folder) in mappings.sorted(by: { $0.key < $1.key }) {
      guard let base = HostedURL(prefix), let rest = target.segments(after: base) else { continue }
      if base.segments.count > best?.length ?? -1 {
        let path = LocalPath.normalized(folder + "/" + rest.joined(separator: "/"))
        best = (base.segments.count, path)
      }
    }
    return best?.path
  }
}
