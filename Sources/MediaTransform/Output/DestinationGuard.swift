#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Refuses a destination that is the source: the same path once symbolic links are resolved,
/// or the same file (device and inode: a hard link, a bind mount).
enum DestinationGuard {
  /// Throws ``TransformError/destinationIsSource(_:)`` when writing `destination` would
  /// replace `source`.
  static func check(source: String, destination: String) throws(TransformError) {
    if let resolvedSource = resolved(source), resolvedSource == resolved(destination) {
      throw .destinationIsSource(destination)
    }
    var sourceStatus = stat()
    var destinationStatus = stat()
    if stat(source, &sourceStatus) == 0, stat(destination, &destinationStatus) == 0,
      sourceStatus.st_dev == destinationStatus.st_dev,
      sourceStatus.st_ino == destinationStatus.st_ino
    {
      throw .destinationIsSource(destination)
    }
  }

  /// The absolute path with every link resolved; for a file that does not exist yet, its
  /// resolved folder and its name. `nil` when the folder does not resolve either.
  static func resolved(_ path: String) -> String? {
    if let full = realpath(path, nil) {
      defer { free(full) }
      return String(cString: full)
    }
    let slash = path.lastIndex(of: "/")
    let folder = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    guard !name.isEmpty, name != ".", name != "..", let full = realpath(folder, nil) else {
      return nil
    }
    defer { free(full) }
    let base = String(cString: full)
    return base.hasSuffix("/") ? base + name : base + "/" + name
  }
}
