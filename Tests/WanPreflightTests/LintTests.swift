import Foundation
import Testing

@testable import WanPreflight

/// Linting folders of requests, and the reporters CI tools read.
@Suite("Lint")
struct LintTests {
  typealias S = CheckSupport

  /// A folder of requests made for one test, removed afterwards.
  static func withTree(_ files: [String: String], _ body: (String) async throws -> Void)
    async throws
  {
    try await S.withTemporaryFolder { root in
      for (name, text) in files {
        let url = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(
          at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
      }
      try await body(root.path)
    }
  }

  static func request(_ frame: String) -> String {
    S.body(media: [("first_frame", frame)])
  }

  @Test("a media file shared by many requests is probed once")
  func probedOnce() async throws {
    let frame = S.media + "/image/png_640x480.png"
    var files: [String: String] = [:]
    for index in 0..<6 { files["jobs/job\(index).json"] = Self.request(frame) }
    files["jobs/other.json"] = Self.request(S.media + "/image/jpeg_640x480.jpg")
    try await Self.withTree(files) { root in
      let cache = ProbeCache()
      let run = try await Linter(preflight: Preflight(cache: cache)).lint([root])
      #expect(run.reports.count == 7 && run.errors == 0)
      #expect(await cache.probeCount == 2)
    }
  }

  @Test("progress is told once a request, counting up to the number of requests")
  func progressCountsRequests() async throws {
    let frame = S.media + "/image/png_640x480.png"
    var files: [String: String] = ["package.json": #"{"name": "site"}"#]
    for index in 0..<5 { files["jobs/job\(index).json"] = Self.request(frame) }
    try await Self.withTree(files) { root in
      let told = Told()
      var linter = Linter()
      linter.progress = { done, total in told.add(done, total) }
      let run = try await linter.lint([root])
      #expect(run.reports.count == 5)
      #expect(told.calls.map(\.done) == [1, 2, 3, 4, 5])
      #expect(told.calls.allSatisfy { $0.total == 5 })
    }
  }

  /// What a progress closure was told, in order.
  final class Told: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [(done: Int, total: Int)] = []
    var calls: [(done: Int, total: Int)] { lock.withLock { stored } }
    func add(_ done: Int, _ total: Int) { lock.withLock { stored.append((done, total)) } }
  }

  @Test("in folders, only request-like JSON and YAML are checked; the rest is skipped and counted")
  func discovery() async throws {
    try await Self.withTree([
      "a.json": Self.request(S.media + "/image/png_640x480.png"),
      "b.yaml": "model: wan2.7-i2v\ninput:\n  media: []\n",
      "package.json": #"{"name": "site", "version": "1.0.0"}"#,
      "notes.txt": "not a request",
      "binary.json": "\u{0}\u{1}\u{2}",
      "deep/c.yml": "input:\n  img_url: https://x/a.png\n",
      "t2v.json": #"{"model": "wan2.7-t2v", "input": {"prompt": "a cat"}}"#,
      "typo.json": #"{"model": "wan2.7-i2v-2026-4-25", "input": {"media": []}}"#,
    ]) { root in
      let run = try await Linter().lint([root])
      #expect(
        run.reports.map { URL(fileURLWithPath: $0.request ?? "").lastPathComponent } == [
          "a.json", "b.yaml", "c.yml", "typo.json",
        ])
      #expect(
        run.skipped.map { URL(fileURLWithPath: $0).lastPathComponent }.sorted() == [
          "binary.json", "notes.txt", "package.json",
        ])
      #expect(run.otherModels == [root + "/t2v.json"])
      #expect(run.reports[3].diagnostics.contains { $0.rule == .modelUnknown })
      #expect(run.reports[1].diagnostics.contains { $0.rule == .mediaMissing })
      #expect(run.reports[2].diagnostics.contains { $0.rule == .legacyFields })
    }
  }

  @Test("a symbolic link loop and a link to a folder outside are not followed")
  func symlinks() async throws {
    try await Self.withTree(["jobs/a.json": Self.request(S.media + "/image/png_640x480.png")]) {
      root in
      try FileManager.default.createSymbolicLink(
        atPath: root + "/jobs/loop", withDestinationPath: root + "/jobs")
      try FileManager.default.createSymbolicLink(
        atPath: root + "/jobs/outside", withDestinationPath: S.root.path + "/fixtures/requests")
      let run = try await Linter().lint([root])
      #expect(run.reports.count == 1)
      #expect(run.skipped.count == 2)
    }
  }

  @Test("media paths that leave the repository are reported and never read")
  func escapingPaths() async throws {
    // Guard: Preflight.allowedRoots, which Linter sets to the repository around the working
    // directory.
    try await Self.withTree([
      "a.json": Self.request("../../../../../../../../etc/passwd"),
      "b.json": Self.request("/etc/hostname"),
    ]) { root in
      let cache = ProbeCache()
      let run = try await Linter(preflight: Preflight(cache: cache)).lint([root])
      #expect(run.reports.count == 2)
      for report in run.reports {
        #expect(report.diagnostics.map(\.rule).contains(.mediaOutside))
        #expect(report.media.first?.probe == nil && report.media.first?.error == nil)
      }
      #expect(await cache.probeCount == 0)
    }
  }

  @Test("a 50 MB JSON file is refused after reading at most its first 8 MiB")
  func hugeFile() async throws {
    let big =
      #"{"model": "wan2.7-i2v", "input": {"prompt": ""# + String(repeating: "a", count: 50 << 20)
      + #""}}"#
    try await Self.withTree(["big.json": big]) { root in
      let run = try await Linter().lint([root])
      #expect(run.reports.count == 1)
      let diagnostic = try #require(run.reports.first?.diagnostics.first)
      #expect(diagnostic.rule == .requestJSON)
      #expect(diagnostic.message.contains("is larger than 8388608 bytes"))
    }
  }

  @Test("a path given that does not exist stops the run with an error naming it")
  func missingPath() async throws {
    await #expect(throws: LintError.path("/nonexistent", reason: "no such file or folder")) {
      try await Linter().lint([S.root.path + "/fixtures/requests/first_frame.json", "/nonexistent"])
    }
  }

  @Test("files named get the same test as a folder's: not requests and other models are skipped")
  func namedFiles() async throws {
    try await Self.withTree([
      "package.json": #"{"name": "site", "version": "1.0.0"}"#,
      "t2v.yaml": "model: wan2.7-t2v\ninput:\n  prompt: a cat\n",
      "a.json": Self.request(S.media + "/image/png_640x480.png"),
    ]) { root in
      let run = try await Linter(configuration: .defaults).lint([
        root + "/package.json", root + "/t2v.yaml", root + "/a.json",
      ])
      #expect(run.reports.map(\.request) == [root + "/a.json"])
      #expect(run.skipped == [root + "/package.json"])
      #expect(run.otherModels == [root + "/t2v.yaml"])
    }
  }

  @Test("files named honour the configuration's include and exclude, relative to its folder")
  func namedFilesExcluded() async throws {
    try await Self.withTree([
      ".wan-preflight.json": #"{"version": 1, "exclude": ["jobs/drafts"], "include": ["jobs"]}"#,
      "jobs/drafts/a.json": Self.request(S.media + "/image/png_640x480.png"),
      "jobs/b.json": Self.request(S.media + "/image/png_640x480.png"),
      "other/c.json": Self.request(S.media + "/image/png_640x480.png"),
    ]) { root in
      let named = try await Linter().lint([
        root + "/jobs/drafts/a.json", root + "/jobs/b.json", root + "/other/c.json",
      ])
      #expect(named.reports.map(\.request) == [root + "/jobs/b.json"])
      #expect(named.skipped == [root + "/jobs/drafts/a.json", root + "/other/c.json"])
      let walked = try await Linter().lint([root])
      #expect(walked.reports.map(\.request) == [root + "/jobs/b.json"])
    }
  }

  @Test("each request follows the nearest configuration from its folder up")
  func nearestConfiguration() async throws {
    try await Self.withTree([
      "a/.wan-preflight.json": #"{"version": 1, "rules": {"image_size": "off"}}"#,
      "a/r.json": Self.request(S.media + "/image/png_200x900.png"),
      "b/r.json": Self.request(S.media + "/image/png_200x900.png"),
    ]) { root in
      let run = try await Linter().lint([root])
      #expect(run.reports.map(\.request) == [root + "/a/r.json", root + "/b/r.json"])
      #expect(!run.reports[0].diagnostics.contains { $0.rule == .imageSize })
      #expect(run.reports[1].diagnostics.contains { $0.rule == .imageSize })
    }
  }

  @Test("lint and check agree under one configuration: diagnostics, severities and price")
  func agreesWithCheck() async throws {
    try await Self.withTree([
      ".wan-preflight.json": #"""
      {"version": 1, "rules": {"image_size": "note", "url_unverified": "error"},
       "region": "singapore", "prices": {"singapore": {"720P": 3.0}}}
      """#,
      "r.json": S.body(media: [
        ("first_frame", S.media + "/image/png_200x900.png"),
        ("last_frame", "https://cdn.example.com/end.png"),
      ]),
    ]) { root in
      let file = root + "/r.json"
      let configuration = try Configuration.resolve(.discovered, forRequest: file)
      let checked = await Preflight(configuration: configuration).check(JobRequest.load(file: file))
      let linted = try #require(try await Linter().lint([file]).reports.first)
      let verdict = { (report: Report) in
        report.diagnostics.map { "\($0.rule.rawValue) \($0.severity.rawValue) \($0.pointer)" }
      }
      #expect(verdict(checked) == verdict(linted))
      #expect(verdict(checked).contains("image_size note /input/media/0"))
      #expect(verdict(checked).contains("url_unverified error /input/media/1/url"))
      #expect(checked.plan?.price?.amount == 15.0 && linted.plan?.price?.amount == 15.0)
      #expect(linted.plan?.price?.region == .singapore)
    }
  }

  @Test("folder walks pass over what .gitignore files in the repository ignore")
  func gitignore() async throws {
    let request = Self.request(S.media + "/image/png_640x480.png")
    try await Self.withTree([
      ".gitignore": "# generated\n\n*.tmp.json\nbuild/\n/top.json\n!keep.tmp.json\nout\n",
      "top.json": request, "sub/top.json": request, "a.tmp.json": request,
      "keep.tmp.json": request, "build/r.json": request, "sub/build.json": request,
      "sub/out/r.json": request, "sub/.gitignore": "local.json\n", "sub/local.json": request,
      "local.json": request, "ok.json": request,
    ]) { root in
      try FileManager.default.createDirectory(
        atPath: root + "/.git", withIntermediateDirectories: true)
      let names = { (run: LintRun) in
        run.reports.compactMap { $0.request.map { String($0.dropFirst(root.count + 1)) } }
      }
      let run = try await Linter().lint([root])
      #expect(
        names(run) == ["keep.tmp.json", "local.json", "ok.json", "sub/build.json", "sub/top.json"])
      // Starting inside the repository, the .gitignore files above apply too.
      #expect(
        names(try await Linter().lint([root + "/sub"])) == ["sub/build.json", "sub/top.json"])
      // Outside a repository there is no .gitignore.
      try FileManager.default.removeItem(atPath: root + "/.git")
      let all = names(try await Linter().lint([root]))
      #expect(all.count == 10, "\(all)")
    }
  }

  @Test("a symbolic link in the repository pointing outside is media_outside and never opened")
  func linkOutside() async throws {
    try await Self.withTree(["r.json": Self.request("linked.png")]) { root in
      // The link lies beside the request, inside an allowed root; its target is outside.
      try FileManager.default.createSymbolicLink(
        atPath: root + "/linked.png", withDestinationPath: S.media + "/image/png_640x480.png")
      let cache = ProbeCache()
      var preflight = Preflight(cache: cache)
      preflight.allowedRoots = [root]
      let run = try await Linter(preflight: preflight).lint([root])
      #expect(run.reports.first?.diagnostics.map(\.rule).contains(.mediaOutside) == true)
      #expect(await cache.probeCount == 0)
      // A dangling link is judged by where it points, too.
      try FileManager.default.removeItem(atPath: root + "/linked.png")
      try FileManager.default.createSymbolicLink(
        atPath: root + "/linked.png", withDestinationPath: "/nonexistent/x.png")
      let dangling = try await Linter(preflight: preflight).lint([root])
      #expect(dangling.reports.first?.diagnostics.map(\.rule).contains(.mediaOutside) == true)
      #expect(await cache.probeCount == 0)
    }
  }

  @Test("a linked request file outside the repository is skipped, never read")
  func linkedRequestOutside() async throws {
    let request = Self.request(S.media + "/image/png_640x480.png")
    try await Self.withTree(["inside/r.json": request, "outside/secret.json": request]) { root in
      try FileManager.default.createSymbolicLink(
        atPath: root + "/inside/linked.json", withDestinationPath: root + "/outside/secret.json")
      var preflight = Preflight()
      preflight.allowedRoots = [root + "/inside", S.media]
      let run = try await Linter(preflight: preflight).lint([root + "/inside"])
      #expect(run.reports.map(\.request) == [root + "/inside/r.json"])
      #expect(run.skipped == [root + "/inside/linked.json"])
      // Named (as pre-commit names files), the same.
      let named = try await Linter(preflight: preflight).lint([root + "/inside/linked.json"])
      #expect(named.reports.isEmpty && named.skipped == [root + "/inside/linked.json"])
      // Inside the repository, a linked request is checked like the file.
      preflight.allowedRoots = [root, S.media]
      #expect(try await Linter(preflight: preflight).lint([root + "/inside"]).reports.count == 2)
    }
  }

  @Test("mapped URLs are read only inside the repository; a mapping outside it is refused")
  func mappedBoundary() async throws {
    let body = S.body(media: [
      ("first_frame", "https://CDN.example.com/assets/png_640x480.png?Expires=1&Signature=x#f"),
      ("last_frame", "https://cdn.example.com/assets/../../../../../../etc/passwd"),
    ])
    try await Self.withTree([
      ".wan-preflight.json":
        #"{"version": 1, "url_mappings": {"https://cdn.example.com/assets/": "media"}}"#,
      "r.json": body,
    ]) { root in
      try FileManager.default.createSymbolicLink(
        atPath: root + "/media", withDestinationPath: S.media + "/image")
      let cache = ProbeCache()
      var preflight = Preflight(cache: cache)
      preflight.allowedRoots = [S.root.path]
      let run = try await Linter(preflight: preflight).lint([root + "/r.json"])
      let report = try #require(run.reports.first)
      #expect(report.media.first?.probe?.format == "png")
      #expect(
        report.diagnostics.filter { $0.rule == .urlUnverified }.map(\.pointer) == [
          "/input/media/1/url"
        ])
      #expect(await cache.probeCount == 1)
      preflight.allowedRoots = [root]
      await #expect {
        try await Linter(preflight: preflight).lint([root + "/r.json"])
      } throws: { error in
        guard case .configuration(let reason)? = error as? LintError else { return false }
        return reason.description == root + "/.wan-preflight.json: url_mappings."
          + "https://cdn.example.com/assets/ maps to media, which is outside the repository ("
          + LocalPath.resolved(root) + ")"
      }
    }
  }
}
