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
  /// Called after each request is checked, with how many are done and how many there are (on
  /// the task that called ``lint(_:)``, in the order the checks end).
  public var progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?

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
      var done = 0
      for await (index, report) in group {
        reports[index] = report
        done += 1
        progress?(done, jobs.count)
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
    LocalPath.nearestFolder(holding: ".git", from: directory)
  }
}
