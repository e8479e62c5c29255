import Foundation
import SystemPackage

/// Paths on this machine, made comparable: lexically normalised, absolute, or with every
/// symbolic link resolved. The one place paths are joined, split and normalised (with
/// swift-system's `FilePath`), so every part of the package compares them alike.
public enum LocalPath {
  /// `path` with `.` and `..` removed lexically and repeated or trailing slashes dropped; `..`
  /// above the root of an absolute path is dropped, a relative path keeps its leading `..`,
  /// and an empty result is `.`.
  public static func normalized(_ path: String) -> String {
    let text = lexically([path]) { $0[0].lexicallyNormalized() }
    return text.isEmpty ? "." : text
  }

  /// `path` made absolute against the working directory, and ``normalized(_:)``.
  public static func absolute(_ path: String) -> String {
    resolving(path, against: FileManager.default.currentDirectoryPath)
  }

  /// `path` taken relative to `base` (an absolute `path` stays as it is), and
  /// ``normalized(_:)``.
  public static func resolving(_ path: String, against base: String) -> String {
    normalized(lexically([base, path]) { $0[0].pushing($0[1]) })
  }

  /// The folder `path` names its file in, as given: `a/b` is in `a`, `/a` in `/`, and a bare
  /// name (or an empty path) in `.`.
  public static func folder(of path: String) -> String {
    let folder = FilePath(path).removingLastComponent().string
    return folder.isEmpty ? "." : folder
  }

  /// `name` inside `folder`, both kept as given (a path a report shows as the user typed it).
  public static func child(_ name: String, of folder: String) -> String {
    folder.hasSuffix("/") ? folder + name : folder + "/" + name
  }

  /// `path` relative to `folder` when it lies inside it (both absolute and normalised), else
  /// `path` unchanged.
  public static func relative(_ path: String, to folder: String) -> String {
    var relative = FilePath(path)
    guard relative.removePrefix(FilePath(folder)), !relative.isEmpty else { return path }
    return relative.string
  }

  /// How to reach `path` from `folder` (both absolute and normalised), climbing with `..` where
  /// they part: `../photos/cat.jpg` from `/work/fixed` to `/work/photos/cat.jpg`.
  public static func path(to path: String, from folder: String) -> String {
    let target = Array(FilePath(path).components)
    let base = Array(FilePath(folder).components)
    var shared = 0
    while shared < target.count, shared < base.count, target[shared] == base[shared] {
      shared += 1
    }
    let climb = Array(repeating: "..", count: base.count - shared)
    let rest = target[shared...].map(\.string)
    let joined = (climb + rest).joined(separator: "/")
    return joined.isEmpty ? "." : joined
  }

  /// Whether `path` is `folder` or lies inside it (both already absolute and alike resolved),
  /// compared by whole components: `/a/bc` is not inside `/a/b`.
  public static func isInside(_ path: String, _ folder: String) -> Bool {
    FilePath(path).starts(with: FilePath(folder))
  }

  /// The absolute folders from `directory` up to `/`, nearest first.
  public static func ancestors(of directory: String) -> [String] {
    var folder = FilePath(absolute(directory))
    var folders = [folder.string]
    while folder.removeLastComponent() { folders.append(folder.string) }
    return folders
  }

  /// The nearest folder from `directory` up that holds an entry called `name`, if any.
  public static func nearestFolder(holding name: String, from directory: String) -> String? {
    ancestors(of: directory).first { FileManager.default.fileExists(atPath: child(name, of: $0)) }
  }

  /// `path` with every symbolic link resolved (`realpath(3)`). A path that does not exist keeps
  /// its missing tail, appended to its nearest existing folder's resolved path, so a dangling
  /// link's target is what is compared, not the link.
  public static func resolved(_ path: String) -> String {
    var head = FilePath(absolute(path))
    var tail: [FilePath.Component] = []
    var hops = 0
    while true {
      if let real = realpath(head.string, nil) {
        defer { free(real) }
        return FilePath(String(cString: real)).appending(tail.reversed()).string
      }
      guard hops <= 40, let name = head.lastComponent else { return absolute(path) }
      let folder = head.removingLastComponent()
      if tail.isEmpty,
        let target = try? FileManager.default.destinationOfSymbolicLink(atPath: head.string)
      {
        // A dangling link: what it points at decides.
        hops += 1
        if hops <= 40 {
          head = folder.pushing(FilePath(target)).lexicallyNormalized()
          continue
        }
      }
      tail.append(name)
      head = folder
    }
  }

  /// `body`'s path made of `paths`, as text. `FilePath` ends a path at a NUL, which no file name
  /// holds but a configuration's string may: each NUL is carried through as a character none
  /// of the paths holds, so such a path keeps all it said (and fails to open, as it did).
  private static func lexically(_ paths: [String], _ body: ([FilePath]) -> FilePath) -> String {
    guard paths.contains(where: { $0.contains("\u{0}") }),
      let standIn = (0xE000...0xF8FF).lazy.compactMap(Unicode.Scalar.init).map(String.init)
        .first(where: { scalar in !paths.contains { $0.contains(scalar) } })
    else { return body(paths.map { FilePath($0) }).string }
    let kept = paths.map { FilePath($0.replacingOccurrences(of: "\u{0}", with: standIn)) }
    return body(kept).string.replacingOccurrences(of: standIn, with: "\u{0}")
  }
}
