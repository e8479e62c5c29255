import Foundation
import MediaProbe

/// One lint's walk over its paths: what was found, and the configurations that apply.
struct LintWalk {
  /// The folders media (and linked request files) must lie in, resolved.
  let roots: [String]
  var requests: [(JobRequest, Configuration)] = []
  var skipped: [String] = []
  var otherModels: [String] = []
  var problems: [Report] = []
  private var configurations: LintConfigurations

  init(source: Configuration.Source, roots: [String]) {
    self.roots = roots.map(LocalPath.resolved)
    configurations = LintConfigurations(source: source, roots: self.roots)
  }

  /// A path given to lint: a folder is walked, a file tested as a folder's files are.
  mutating func named(_ path: String) throws(LintError) {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
      let missing = ProbeError.Reason.missing(path)
      throw .path(path, reason: missing == .notFound ? "no such file or folder" : missing.message)
    }
    if isFolder.boolValue {
      let absolute = LocalPath.absolute(path)
      // .gitignore files count only inside a repository.
      let ignore = Linter.nearestRepository(from: absolute).map {
        GitIgnore.rules(from: $0, above: absolute)
      }
      guard try walk(path, ignore: ignore) else {
        throw .path(path, reason: "the folder cannot be read")
      }
      return
    }
    let attributes = try? FileManager.default.attributesOfItem(
      atPath: LocalPath.resolved(path))
    guard attributes?[.type] as? FileAttributeType == .typeRegular else {
      throw .path(path, reason: "is not a regular file")
    }
    guard access(path, R_OK) == 0 else { throw .path(path, reason: "cannot be read") }
    if isLinkOutside(path) {
      skipped.append(path)
      return
    }
    try consider(path)
  }

  /// Walks `folder` with the `.gitignore` rules above it (`nil` outside a repository); `false`
  /// when it cannot be listed.
  private mutating func walk(_ folder: String, ignore: GitIgnore?) throws(LintError) -> Bool {
    guard let listed = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
      return false
    }
    var ignore = ignore
    let absoluteFolder = LocalPath.absolute(folder)
    ignore?.read(absoluteFolder)
    for entry in listed.sorted() where !entry.hasPrefix(".") {
      let child = LocalPath.child(entry, of: folder)
      let absolute = LocalPath.child(entry, of: absoluteFolder)
      // Symbolic links to folders are not followed (no loops, nothing outside the tree), and a
      // dangling link is passed over; a link to a file is checked like the file when the file
      // lies inside the repository, and never opened otherwise.
      let attributes = try? FileManager.default.attributesOfItem(atPath: child)
      var isFolder: ObjCBool = false
      let exists = FileManager.default.fileExists(atPath: child, isDirectory: &isFolder)
      if attributes?[.type] as? FileAttributeType == .typeSymbolicLink,
        !exists || isFolder.boolValue || isLinkOutside(child)
      {
        skipped.append(child)
        continue
      }
      guard exists else {
        let missing = ProbeError.Reason.missing(child)
        problems.append(
          Self.unreadable(child, missing == .notFound ? "no such file or folder" : missing.message))
        continue
      }
      if ignore?.ignores(absolute, isFolder: isFolder.boolValue) == true { continue }
      if isFolder.boolValue {
        if try !walk(child, ignore: ignore) {
          problems.append(Self.unreadable(child, "the folder cannot be read"))
        }
      } else {
        try consider(child)
      }
    }
    return true
  }

  /// Whether `path` is a symbolic link (or lies under one) whose target is outside the
  /// repository: such a request file is never opened.
  private func isLinkOutside(_ path: String) -> Bool {
    let target = LocalPath.resolved(path)
    return target != LocalPath.absolute(path)
      && !roots.contains(where: { LocalPath.isInside(target, $0) })
  }

  /// Tests one file and records what it is.
  private mutating func consider(_ path: String) throws(LintError) {
    let configuration = try configurations.configuration(for: path)
    guard configuration.selects(path) else {
      skipped.append(path)
      return
    }
    switch Linter.candidate(path) {
    case .request(let request): requests.append((request, configuration))
    case .otherModel: otherModels.append(path)
    case .other: skipped.append(path)
    }
  }

  static func unreadable(_ path: String, _ reason: String) -> Report {
    var diagnostic = Diagnostic(.requestJSON, at: "", "\(path): \(reason)")
    diagnostic.file = path
    return Report(request: path, diagnostics: [diagnostic], plan: nil, media: [])
  }
}
