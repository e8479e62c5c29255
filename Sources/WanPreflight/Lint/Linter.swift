import Foundation
import MediaProbe

/// Checks every wan2.7-i2v request under some paths, probing each media file once.
///
/// Files named directly and files found in folders (walked recursively, without following
/// symbolic links to folders, passing over hidden and `.gitignore`d entries) go through the same
/// test: a `.json`, `.yaml` or `.yml` file the request's configuration selects (its `include`
/// and `exclude` globs) that looks like a request: an object whose `model` is wan2.7-i2v (or
/// starts with it), or with `input.media` or `input.img_url`. A request for another Wan model
/// is counted in ``LintRun/otherModels``; other files in ``LintRun/skipped``.
///
/// Each request follows its configuration (``configuration``) exactly as `check` does.
public struct Linter: Sendable {
  /// The checker every request goes through; its cache is shared by all of them, and each
  /// request's configuration is applied to it.
  public var preflight: Preflight
  /// Where each request's configuration comes from.
  public var configuration: Configuration.Source
  /// The region every request goes to, over the configurations' own.
  public var region: Region?

  /// Creates a linter.
  public init(
    preflight: Preflight = Preflight(), configuration: Configuration.Source = .discovered,
    region: Region? = nil
  ) {
    self.preflight = preflight
    self.configuration = configuration
    self.region = region
  }

  /// Lints `paths` (files or folders) and returns one report per request, in path order. A path
  /// given that does not exist or cannot be read, and an invalid configuration, stop the run.
  public func lint(_ paths: [String]) async throws(LintError) -> LintRun {
    let roots =
      preflight.allowedRoots
      ?? [Self.repositoryRoot(from: FileManager.default.currentDirectoryPath)]
    var walk = LintWalk(source: configuration, roots: roots)
    for path in paths { try walk.named(path) }
    var confined = preflight
    confined.allowedRoots = roots
    var checkers: [String: Preflight] = [:]
    for (_, configuration) in walk.requests where checkers[configuration.file ?? ""] == nil {
      checkers[configuration.file ?? ""] = confined.applying(configuration, region: region)
    }
    let jobs = walk.requests.map { request, configuration in
      (request, checkers[configuration.file ?? ""] ?? confined)
    }
    let limit = max(1, ProcessInfo.processInfo.activeProcessorCount)
    var reports = [Report?](repeating: nil, count: jobs.count)
    await withTaskGroup(of: (Int, Report).self) { group in
      var next = 0
      func start() {
        guard next < jobs.count else { return }
        let (index, (request, checker)) = (next, jobs[next])
        next += 1
        group.addTask { (index, await checker.check(request)) }
      }
      for _ in 0..<limit { start() }
      for await (index, report) in group {
        reports[index] = report
        start()
      }
    }
    let all = (reports.compactMap { $0 } + walk.problems).sorted {
      ($0.request ?? "") < ($1.request ?? "")
    }
    return LintRun(
      reports: all, skipped: walk.skipped.sorted(), otherModels: walk.otherModels.sorted())
  }

  /// The nearest folder from `directory` up that holds `.git`; `directory` itself if none does.
  public static func repositoryRoot(from directory: String) -> String {
    nearestRepository(from: directory) ?? directory
  }

  /// The nearest folder from `directory` up that holds `.git`, if any.
  static func nearestRepository(from directory: String) -> String? {
    var folder = LocalPath.absolute(directory)
    while true {
      if FileManager.default.fileExists(atPath: (folder == "/" ? "" : folder) + "/.git") {
        return folder
      }
      guard folder != "/", let slash = folder.lastIndex(of: "/") else { return nil }
      folder = slash == folder.startIndex ? "/" : String(folder[..<slash])
    }
  }

  /// What a file is to lint.
  enum Candidate {
    case request(JobRequest)
    case otherModel
    case other
  }

  /// Whether the `.json`/`.yaml`/`.yml` file at `path` is a wan2.7-i2v request, another Wan
  /// model's, or something else.
  static func candidate(_ path: String) -> Candidate {
    let lowered = path.lowercased()
    guard lowered.hasSuffix(".json") || lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml")
    else { return .other }
    let request = JobRequest.load(file: path)
    guard let root = request.document?.root else {
      // Unparsable: a request only if its text says so. Read as the request was (a FIFO is refused, not waited on).
      let head =
        (try? RequestFile.read(path, upTo: 4096).get()).map {
          String(decoding: $0, as: UTF8.self)
        } ?? ""
      return head.contains("\"model\"") && head.contains("wan") ? .request(request) : .other
    }
    let model = root["model"]?.stringValue?.lowercased() ?? ""
    // A misspelt snapshot (`wan2.7-i2v-2026-4-25`) is still meant for this model: model_unknown
    // says so.
    if model.hasPrefix(ModelSpec.wan27i2v.name) { return .request(request) }
    if model.hasPrefix("wan") { return .otherModel }
    let looksLikeRequest = root["input"]?["media"] != nil || root["input"]?["img_url"] != nil
    return looksLikeRequest ? .request(request) : .other
  }
}

/// One lint's walk over its paths: what was found, and the configurations that apply.
struct LintWalk {
  let source: Configuration.Source
  /// The folders media (and linked request files) must lie in, resolved.
  let roots: [String]
  var requests: [(JobRequest, Configuration)] = []
  var skipped: [String] = []
  var otherModels: [String] = []
  var problems: [Report] = []
  private var configurationByFolder: [String: Configuration] = [:]
  private var configurationByFile: [String: Configuration] = [:]

  init(source: Configuration.Source, roots: [String]) {
    self.source = source
    self.roots = roots.map(LocalPath.resolved)
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
      let child = folder.hasSuffix("/") ? folder + entry : folder + "/" + entry
      let absolute = (absoluteFolder == "/" ? "" : absoluteFolder) + "/" + entry
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
    guard try configuration(for: path).selects(path) else {
      skipped.append(path)
      return
    }
    switch Linter.candidate(path) {
    case .request(let request): requests.append((request, try configuration(for: path)))
    case .otherModel: otherModels.append(path)
    case .other: skipped.append(path)
    }
  }

  /// The configuration of the request file `path`, loaded once per file and checked once.
  private mutating func configuration(for path: String) throws(LintError) -> Configuration {
    let folder = LocalPath.absolute((path as NSString).deletingLastPathComponent)
    if let known = configurationByFolder[folder] { return known }
    let file: String?
    switch source {
    case .defaults: file = nil
    case .file(let path): file = path
    case .discovered: file = Configuration.discover(from: folder)
    }
    let configuration: Configuration
    if let file, let known = configurationByFile[file] {
      configuration = known
    } else if let file {
      do {
        configuration = try Configuration.load(file)
      } catch {
        throw .configuration(error)
      }
      if let (prefix, mapped) = configuration.mappingOutside(roots) {
        throw .configuration(
          Configuration.Error(
            description: "\(file): url_mappings.\(prefix) maps to \(mapped), which is outside "
              + "the repository (\(roots.joined(separator: ", ")))"))
      }
      configurationByFile[file] = configuration
    } else {
      configuration = Configuration()
    }
    configurationByFolder[folder] = configuration
    return configuration
  }

  static func unreadable(_ path: String, _ reason: String) -> Report {
    var diagnostic = Diagnostic(.requestJSON, at: "", "\(path): \(reason)")
    diagnostic.file = path
    return Report(request: path, diagnostics: [diagnostic], plan: nil, media: [])
  }
}
