import Foundation
import Testing

@testable import WanPreflight

/// The one path helper: normalising, splitting and joining as the string code before it did.
@Suite("Local paths")
struct LocalPathTests {
  /// Each sample and its lexical normal form: `.` dropped, `dir/..` pairs removed, `..` above
  /// the root dropped, a relative path that normalises to nothing is `.`.
  static let samples: [(path: String, normalized: String)] = [
    ("", "."),
    (".", "."),
    ("..", ".."),
    ("/", "/"),
    ("//", "/"),
    ("a", "a"),
    ("a/", "a"),
    ("a//b", "a/b"),
    ("./a", "a"),
    ("a/./b/", "a/b"),
    ("/a/b/..", "/a"),
    ("/..", "/"),
    ("/../a", "/a"),
    ("a/..", "."),
    ("a/../..", ".."),
    ("../x", "../x"),
    ("../../x/y", "../../x/y"),
    ("a/b/../../..", ".."),
    ("x/.", "x"),
    ("/.", "/"),
    ("/a/./../b//c/", "/b/c"),
    ("//a//b", "/a/b"),
    ("a b/ç/../é", "a b/é"),
    ("...", "..."),
    ("a/.../b", "a/.../b"),
    (".hidden/../x", "x"),
    ("a\u{0}b/../c", "c"),
    ("/x\u{0}", "/x\u{0}"),
  ]

  @Test("normalized removes . and dir/.. lexically, as the request's media paths are read")
  func normalizedPaths() {
    for sample in Self.samples {
      #expect(LocalPath.normalized(sample.path) == sample.normalized, "\(sample.path)")
    }
  }

  @Test("absolute and resolving join against a folder; an absolute path stays")
  func joining() {
    #expect(LocalPath.resolving("b/../c", against: "/a") == "/a/c")
    #expect(LocalPath.resolving("/x/./y", against: "/a") == "/x/y")
    #expect(LocalPath.resolving("assets/", against: ".") == "assets")
    #expect(LocalPath.resolving("../up", against: ".") == "../up")
    let current = FileManager.default.currentDirectoryPath
    #expect(LocalPath.absolute("") == current)
    #expect(LocalPath.absolute("x/../y") == current + "/y")
  }

  @Test("folder(of:) is the folder a path names its file in")
  func folders() {
    #expect(LocalPath.folder(of: "a/b.json") == "a")
    #expect(LocalPath.folder(of: "/a") == "/")
    #expect(LocalPath.folder(of: "/") == "/")
    #expect(LocalPath.folder(of: "b.json") == ".")
    #expect(LocalPath.folder(of: "") == ".")
    #expect(LocalPath.folder(of: "/a/b/") == "/a")
  }

  @Test("child keeps the folder as given")
  func children() {
    #expect(LocalPath.child("a.json", of: "jobs") == "jobs/a.json")
    #expect(LocalPath.child("a.json", of: "jobs/") == "jobs/a.json")
    #expect(LocalPath.child("a.json", of: "/") == "/a.json")
    #expect(LocalPath.child("a.json", of: "./jobs") == "./jobs/a.json")
  }

  @Test("relative and isInside compare whole components")
  func components() {
    #expect(LocalPath.relative("/a/b/c.json", to: "/a") == "b/c.json")
    #expect(LocalPath.relative("/a/bc.json", to: "/a/b") == "/a/bc.json")
    #expect(LocalPath.relative("/a", to: "/a") == "/a")
    #expect(LocalPath.relative("/a/b", to: "/") == "a/b")
    #expect(LocalPath.isInside("/a/b", "/a"))
    #expect(LocalPath.isInside("/a", "/a"))
    #expect(LocalPath.isInside("/a", "/"))
    #expect(!LocalPath.isInside("/ab", "/a"))
  }

  @Test("ancestors go up to the root; nearestFolder finds the nearest holder of a name")
  func walkingUp() async throws {
    #expect(LocalPath.ancestors(of: "/a/b") == ["/a/b", "/a", "/"])
    #expect(LocalPath.ancestors(of: "/") == ["/"])
    try await CheckSupport.withTemporaryFolder { root in
      let deep = root.appendingPathComponent("x/y")
      try FileManager.default.createDirectory(at: deep, withIntermediateDirectories: true)
      try Data().write(to: root.appendingPathComponent("x/.marker"))
      let found = LocalPath.nearestFolder(holding: ".marker", from: deep.path)
      #expect(found == LocalPath.resolving("x", against: root.path))
      #expect(LocalPath.nearestFolder(holding: ".no-such-marker-\(UUID())", from: deep.path) == nil)
    }
  }
}
