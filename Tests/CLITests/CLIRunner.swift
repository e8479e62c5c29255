import Foundation

/// Runs `body` with a new empty directory that is removed afterwards.
func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
  let directory = FileManager.default.temporaryDirectory
    .appendingPathComponent("wan-preflight-test-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: directory) }
  return try body(directory)
}

/// What one run of the built `wan-preflight` binary did.
struct CLIResult {
  let status: Int32
  let stdout: String
  let stderr: String

  /// Standard error split into lines, without the empty last one.
  var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
}

/// Runs the `wan-preflight` binary that `swift build` put beside the test bundle (or the one
/// named by `WAN_PREFLIGHT_BIN`), the way a user would.
enum CLI {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static var binary: URL {
    if let path = ProcessInfo.processInfo.environment["WAN_PREFLIGHT_BIN"] {
      return URL(fileURLWithPath: path)
    }
    let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    return products.appendingPathComponent("wan-preflight")
  }

  /// The path of a fixture relative to the repository root, e.g. `fixtures/media/image/x.png`.
  static func fixture(_ relative: String) -> String {
    root.appendingPathComponent("fixtures/media").appendingPathComponent(relative).path
  }

  /// Runs the binary with `arguments` in `directory` (the repository root by default) and
  /// waits for it.
  static func run(
    _ arguments: [String], environment: [String: String]? = nil, in directory: URL? = nil
  ) throws -> CLIResult {
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.currentDirectoryURL = directory ?? root
    if let environment { process.environment = environment }
    return try withTemporaryDirectory { scratch in
      try run(process, capturingIn: scratch)
    }
  }

  /// Runs another program (a shell that builds arguments no Swift string can hold) in the
  /// repository root and waits for it.
  static func runCommand(_ executable: String, _ arguments: [String]) throws -> CLIResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = root
    return try withTemporaryDirectory { scratch in
      try run(process, capturingIn: scratch)
    }
  }

  private static func run(_ process: Process, capturingIn scratch: URL) throws -> CLIResult {
    let out = scratch.appendingPathComponent("stdout")
    let err = scratch.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: out.path, contents: nil)
    _ = FileManager.default.createFile(atPath: err.path, contents: nil)
    let outHandle = try FileHandle(forWritingTo: out)
    let errHandle = try FileHandle(forWritingTo: err)
    process.standardOutput = outHandle
    process.standardError = errHandle
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try outHandle.close()
    try errHandle.close()
    return CLIResult(
      status: process.terminationStatus,
      stdout: try String(contentsOf: out, encoding: .utf8),
      stderr: try String(contentsOf: err, encoding: .utf8))
  }
}
