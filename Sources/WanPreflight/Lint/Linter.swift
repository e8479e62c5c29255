import Foundation
import MediaProbe

/// Checks every wan2.7-i2v request under some paths, probing each media file once.
///
/// Files named directly are always checked. In folders (walked recursively, without following
/// symbolic links to folders) `.json`, `.yaml` and `.yml` files are checked when they look like
/// requests: an object whose `model` starts with `wan`, or with `input.media` or `input.img_url`.
/// Other files are skipped and counted.
public struct Linter: Sendable {
  /// The checker every request goes through; its cache is shared by all of them.
  public var preflight: Preflight
  /// Which files found in folders are checked (a configuration's include and exclude globs);
  /// files named directly are always checked.
  public var selects: @Sendable (String) -> Bool = { _ in true }

  /// Creates a linter.
  public init(preflight: Preflight = Preflight()) {
    self.preflight = preflight
  }

  /// Lints `paths` (files or folders) and returns one report per request, in path order.
  public func lint(_ paths: [String]) async -> LintRun {
    var requests: [JobRequest] = []
    var skipped: [String] = []
    var problems: [Report] = []
    for path in paths {
      collect(path, named: true, requests: &requests, skipped: &skipped, problems: &problems)
    }
    let preflight = confined(self.preflight, to: paths)
    let limit = max(1, ProcessInfo.processInfo.activeProcessorCount)
    var reports = [Report?](repeating: nil, count: requests.count)
    await withTaskGroup(of: (Int, Report).self) { group in
      var next = 0
      func start() {
        guard next < requests.count else { return }
        let (index, request) = (next, requests[next])
        next += 1
        group.addTask { (index, await preflight.check(request)) }
      }
      for _ in 0..<limit { start() }
      for await (index, report) in group {
        reports[index] = report
        start()
      }
    }
    let all = (reports.compactMap { $0 } + problems).sorted {
      ($0.request ?? "") < ($1.request ?? "")
    }
    return LintRun(reports: all, skipped: skipped.sorted())
  }

  /// `preflight` reading media only inside the repository (the nearest folder up from the working
  /// directory that holds `.git`, else the working directory), unless the caller chose roots.
  private func confined(_ preflight: Preflight, to paths: [String]) -> Preflight {
    var confined = preflight
    if confined.allowedRoots == nil {
      confined.allowedRoots = [Self.repositoryRoot(from: FileManager.default.currentDirectoryPath)]
    }
    return confined
  }

  /// The nearest folder from `directory` up that holds `.git`; `directory` itself if none does.
  public static func repositoryRoot(from directory: String) -> String {
    var folder = URL(fileURLWithPath: directory).standardizedFileURL
    while true {
      if FileManager.default.fileExists(atPath: folder.appendingPathComponent(".git").path) {
        return folder.path
      }
      let parent = folder.deletingLastPathComponent()
      if parent.path == folder.path { return directory }
      folder = parent
    }
  }

  private func collect(
    _ path: String, named: Bool, requests: inout [JobRequest], skipped: inout [String],
    problems: inout [Report]
  ) {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      let missing = ProbeError.Reason.missing(path)
      problems.append(
        Self.unreadable(path, missing == .notFound ? "no such file or folder" : missing.message))
      return
    }
    if !isDirectory.boolValue {
      if named {
        requests.append(JobRequest.load(file: path))
      } else if !selects(path) {
        skipped.append(path)
      } else if let request = Self.candidate(path) {
        requests.append(request)
      } else {
        skipped.append(path)
      }
      return
    }
    let entries: [String]
    do {
      entries = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
    } catch {
      problems.append(Self.unreadable(path, "the folder cannot be read"))
      return
    }
    for entry in entries where !entry.hasPrefix(".") {
      let child = path.hasSuffix("/") ? path + entry : path + "/" + entry
      // Symbolic links to folders are not followed (no loops, nothing outside the tree), and a
      // dangling link is passed over; a link to a file is checked like the file.
      let attributes = try? FileManager.default.attributesOfItem(atPath: child)
      if attributes?[.type] as? FileAttributeType == .typeSymbolicLink {
        var targetIsDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: child, isDirectory: &targetIsDirectory)
        if !exists || targetIsDirectory.boolValue {
          skipped.append(child)
          continue
        }
      }
      collect(child, named: false, requests: &requests, skipped: &skipped, problems: &problems)
    }
  }

  /// The request in a `.json`/`.yaml`/`.yml` file that looks like a wan2.7-i2v request.
  static func candidate(_ path: String) -> JobRequest? {
    let lowered = path.lowercased()
    guard lowered.hasSuffix(".json") || lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml")
    else { return nil }
    let request = JobRequest.load(file: path)
    guard let root = request.document?.root else {
      // Unparsable: a request only if its text says so.
      // Read as the request was (a FIFO is refused, not waited on).
      let head =
        (try? RequestFile.read(path, upTo: 4096).get()).map {
          String(decoding: $0, as: UTF8.self)
        } ?? ""
      return head.contains("\"model\"") && head.contains("wan") ? request : nil
    }
    let model = root["model"]?.stringValue ?? ""
    let looksLikeRequest =
      model.hasPrefix("wan") || root["input"]?["media"] != nil || root["input"]?["img_url"] != nil
    return looksLikeRequest ? request : nil
  }

  private static func unreadable(_ path: String, _ reason: String) -> Report {
    var diagnostic = Diagnostic(.requestJSON, at: "", "\(path): \(reason)")
    diagnostic.file = path
    return Report(request: path, diagnostics: [diagnostic], plan: nil, media: [])
  }
}
