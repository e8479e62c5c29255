import Foundation

/// Where the test data lives, found from this file's path.
enum TestPaths {
  /// The repository root.
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// `fixtures/media`, the generated fixtures committed with the project.
  static let media = root.appendingPathComponent("fixtures/media")

  /// The shared corpus of real-world media beside the repository (not part of it).
  static let corpus = root.deletingLastPathComponent().appendingPathComponent("shared/corpus")

  /// Whether the shared corpus is present on this machine.
  static var corpusIsPresent: Bool {
    FileManager.default.fileExists(atPath: corpus.appendingPathComponent("MANIFEST.tsv").path)
  }

  /// The path of a fixture, e.g. `fixture("image/png_640x480.png")`.
  static func fixture(_ relative: String) -> String {
    media.appendingPathComponent(relative).path
  }

  /// The names of the files in a folder of the repository, sorted (none if it is missing).
  static func names(in relative: String) -> [String] {
    let folder = root.appendingPathComponent(relative).path
    return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
  }

  /// The path of a corpus file, e.g. `corpus("video/rotation/iphone_ios9.mov")`.
  static func corpus(_ relative: String) -> String {
    corpus.appendingPathComponent(relative).path
  }
}
