import Foundation

/// Where a configuration comes from, and which file applies to a request.
extension Configuration {
  /// Where the configuration of a check or lint comes from.
  public enum Source: Sendable, Equatable {
    /// The nearest ``Configuration/fileName`` from the request file's folder up (from the
    /// working directory for a request built from flags or code).
    case discovered
    /// This file, for every request.
    case file(String)
    /// No file: the built-in defaults.
    case defaults
  }

  /// The configuration that applies to the request file `request` (`nil` for one built from
  /// flags or code) under `source`; a file that cannot be read or is invalid is an error naming
  /// it.
  public static func resolve(_ source: Source, forRequest request: String?) throws(Configuration
    .Error) -> Configuration
  {
    switch source {
    case .defaults: return Configuration()
    case .file(let path): return try load(path)
    case .discovered:
      let folder = request.map { LocalPath.absolute(LocalPath.folder(of: $0)) }
      guard let path = discover(from: folder ?? FileManager.default.currentDirectoryPath) else {
        return Configuration()
      }
      return try load(path)
    }
  }

  /// The configuration file that applies in `directory`: the nearest `.wan-preflight.json` in it
  /// or a parent folder.
  public static func discover(from directory: String) -> String? {
    LocalPath.nearestFolder(holding: fileName, from: directory).map {
      LocalPath.child(fileName, of: $0)
    }
  }
}
