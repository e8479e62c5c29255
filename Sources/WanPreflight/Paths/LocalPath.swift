import Foundation

/// Paths on this machine, made comparable: absolute and lexically normalised, or with every
/// symbolic link resolved.
enum LocalPath {
  /// `path` made absolute against the working directory, with `.` and `..` removed lexically.
  static func absolute(_ path: String) -> String {
    let current = FileManager.default.currentDirectoryPath
    return MediaReference.normalized(path.hasPrefix("/") ? path : current + "/" + path)
  }

  /// `path` with every symbolic link resolved (`realpath(3)`). A path that does not exist keeps
  /// its missing tail, appended to its nearest existing folder's resolved path, so a dangling
  /// link's target is what is compared, not the link.
  static func resolved(_ path: String) -> String {
    var head = absolute(path)
    var tail: [String] = []
    var hops = 0
    while true {
      if let real = realpath(head, nil) {
        defer { free(real) }
        let resolved = String(cString: real)
        guard !tail.isEmpty else { return resolved }
        return (resolved == "/" ? "" : resolved) + "/" + tail.reversed().joined(separator: "/")
      }
      guard hops <= 40, head != "/", let slash = head.lastIndex(of: "/") else {
        return absolute(path)
      }
      let name = String(head[head.index(after: slash)...])
      if tail.isEmpty, let target = try? FileManager.default.destinationOfSymbolicLink(atPath: head)
      {
        // A dangling link: what it points at decides.
        let folder = String(head[..<slash])
        let next = target.hasPrefix("/") ? target : (folder.isEmpty ? "" : folder) + "/" + target
        hops += 1
        if hops <= 40 {
          head = MediaReference.normalized(next)
          continue
        }
      }
      tail.append(name)
      head = slash == head.startIndex ? "/" : String(head[..<slash])
    }
  }

  /// Whether `path` is `folder` or lies inside it (both already absolute and alike resolved).
  static func isInside(_ path: String, _ folder: String) -> Bool {
    path == folder || path.hasPrefix(folder == "/" ? "/" : folder + "/")
  }
}
