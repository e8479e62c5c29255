import Foundation

/// The folders the emulator keeps files in: `uploads/`, `videos/` and `scratch/` under the data
/// folder (or a temporary folder when state is kept in memory), and the path of the data
/// folder's database, `tasks.sqlite`.
public struct EmulatorFolders: Sendable {
  /// The root: `--data DIR`, or the temporary folder.
  public let root: String
  /// Uploaded files, one a file named by the store.
  public let uploads: String
  /// Rendered videos, `<task id>.mp4`.
  public let videos: String
  /// Files written for one task (decoded `data:` URIs), and videos being written.
  public let scratch: String
  /// The SQLite database of tasks, upload policies and uploads (used with `--data DIR`).
  public let database: String

  /// The database's file name under the root.
  public static let databaseName = "tasks.sqlite"

  /// The folders under `root`, created when missing.
  public init(root: String) throws {
    self.root = root
    uploads = root + "/uploads"
    videos = root + "/videos"
    scratch = root + "/scratch"
    database = root + "/" + Self.databaseName
    for folder in [uploads, videos, scratch] {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }
  }

  /// A new temporary root under the system's temporary folder.
  public static func temporary() throws -> EmulatorFolders {
    let root = NSTemporaryDirectory() + "wan-preflight-serve-" + UUID().uuidString.lowercased()
    return try EmulatorFolders(root: (root as NSString).standardizingPath)
  }

  /// The path of the stored upload file `name`; `nil` for a name that is not one plain file
  /// name (no `/`, not `.` or `..`).
  func uploadFile(_ name: String) -> String? {
    Self.isPlainName(name) ? uploads + "/" + name : nil
  }

  /// The path of video `name` in ``videos``, for a plain file name.
  func videoFile(_ name: String) -> String? {
    Self.isPlainName(name) ? videos + "/" + name : nil
  }

  /// Whether `name` is one file name: not empty, no `/`, NUL or backslash, not `.` or `..`.
  static func isPlainName(_ name: String) -> Bool {
    !name.isEmpty && name != "." && name != ".." && name.utf8.count <= 255
      && !name.contains(where: { $0 == "/" || $0 == "\\" || $0 == "\0" })
  }

  /// Removes `path` if it lies in one of the folders; errors are ignored (it may be gone).
  func remove(_ path: String) {
    guard path.hasPrefix(root + "/") else { return }
    try? FileManager.default.removeItem(atPath: path)
  }
}
