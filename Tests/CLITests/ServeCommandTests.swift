import Foundation
import Testing

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// A `wan-preflight serve` process: started, read until its `listening on` line, stopped by a
/// signal.
final class ServeProcess {
  let process = Process()
  let stdout = Pipe()
  let stderrFile: URL
  /// `http://127.0.0.1:PORT`.
  private(set) var base = ""

  init(_ arguments: [String]) throws {
    stderrFile = FileManager.default.temporaryDirectory
      .appendingPathComponent("wan-preflight-serve-\(UUID().uuidString).err")
    _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
    process.executableURL = CLI.binary
    process.arguments = ["serve"] + arguments
    process.currentDirectoryURL = CLI.root
    process.standardOutput = stdout
    process.standardError = try FileHandle(forWritingTo: stderrFile)
    process.standardInput = FileHandle.nullDevice
    try process.run()
  }

  deinit {
    if process.isRunning { process.terminate() }
    try? FileManager.default.removeItem(at: stderrFile)
  }

  /// Reads stdout until its first line (or end of file) and returns it.
  func firstLine() -> String {
    var bytes = Data()
    while !bytes.contains(UInt8(ascii: "\n")) {
      let chunk = stdout.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      bytes.append(chunk)
    }
    let line = String(decoding: bytes.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
    if let range = line.range(of: "http://") { base = String(line[range.lowerBound...]) }
    return line
  }

  /// Sends `signal` and waits for the exit; the status, the rest of stdout and all of stderr.
  func stop(_ signal: Int32 = SIGTERM) throws -> CLIResult {
    kill(process.processIdentifier, signal)
    let rest = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CLIResult(
      status: process.terminationStatus, stdout: String(decoding: rest, as: UTF8.self),
      stderr: try String(contentsOf: stderrFile, encoding: .utf8))
  }

  /// One request; the status and the body's JSON object.
  func request(
    _ path: String, method: String = "GET", headers: [String: String] = [:], body: String? = nil
  )
    async throws -> (status: Int, json: [String: Any])
  {
    var request = URLRequest(url: try #require(URL(string: base + path)))
    request.httpMethod = method
    for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
    request.httpBody = body.map { Data($0.utf8) }
    let (data, response) = try await URLSession.shared.data(for: request)
    let status = (response as? HTTPURLResponse)?.statusCode ?? 0
    let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    return (status, json)
  }
}

@Suite("wan-preflight serve (end to end)", .serialized)
struct ServeCommandTests {
  @Test(
    "serve --port 0 prints one listening line, answers, logs a line a request, exits 0 on SIGTERM")
  func listensAnswersAndStops() async throws {
    let server = try ServeProcess(["--port", "0", "--queue-seconds", "0", "--run-seconds", "0"])
    let line = server.firstLine()
    #expect(line.wholeMatch(of: /listening on http:\/\/127\.0\.0\.1:[1-9][0-9]*/) != nil)

    let auth = ["Authorization": "Bearer sk-test"]
    let unknown = try await server.request(
      "/api/v1/tasks/0b9e2c1e-0000-4000-8000-000000000000", headers: auth)
    #expect(unknown.status == 200)
    #expect((unknown.json["output"] as? [String: Any])?["task_status"] as? String == "UNKNOWN")
    let noKey = try await server.request("/api/v1/tasks/x")
    #expect(noKey.status == 401)
    #expect(noKey.json["code"] as? String == "InvalidApiKey")
    let path = CLI.fixture("image/png_640x480.png")
    let refused = try await server.request(
      "/api/v1/services/aigc/video-generation/video-synthesis", method: "POST",
      headers: auth.merging(["X-DashScope-Async": "enable", "Content-Type": "application/json"]) {
        $1
      },
      body:
        #"{"model": "wan2.7-i2v", "input": {"media": [{"type": "first_frame", "url": "\#(path)"}]}}"#
    )
    #expect(refused.status == 400)
    #expect(refused.json["code"] as? String == "InvalidParameter")

    let result = try server.stop(SIGTERM)
    #expect(result.status == 0)
    #expect(result.stdout == "")
    let requests = result.stderrLines.filter { $0.contains("[WanEmulator]") }
    #expect(requests.count == 3)
    #expect(
      requests.first?.contains("GET /api/v1/tasks/0b9e2c1e-0000-4000-8000-000000000000 200") == true
    )
    #expect(
      requests.last?.contains("POST /api/v1/services/aigc/video-generation/video-synthesis 400")
        == true)
  }

  @Test("SIGINT stops it with exit 0 too; a host that is not loopback is warned about")
  func interruptAndWarning() throws {
    let server = try ServeProcess(["--port", "0", "--host", "0.0.0.0"])
    #expect(server.firstLine().hasPrefix("listening on http://0.0.0.0:"))
    let result = try server.stop(SIGINT)
    #expect(result.status == 0)
    #expect(
      result.stderrLines.first?.hasPrefix("wan-preflight: warning: --host 0.0.0.0 is not loopback")
        == true)
  }

  @Test("bad flags are usage errors (exit 2) naming the flag")
  func badFlags() throws {
    for (arguments, text) in [
      (["--ttl", "soon"], "--ttl"), (["--rate", "0"], "--rate"),
      (["--max-body", "lots"], "--max-body"),
      (["--fail", "404"], "--fail takes"), (["--map", "cdn=/tmp"], "--map cdn=/tmp"),
      (["--map", "https://cdn.example.com=/no/such/folder"], "is not a folder"),
      (["--port", "70000"], "--port must be"),
    ] {
      let result = try CLI.run(["serve"] + arguments)
      #expect(result.status == 2, "\(arguments)")
      #expect(result.stderr.contains(text), "\(arguments): \(result.stderr)")
      #expect(result.stdout == "")
    }
  }

  @Test("--data DIR with a database that is not SQLite is exit 1 with one line naming the file")
  func garbageDatabase() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("serve-data-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let database = folder.appendingPathComponent("tasks.sqlite")
    try Data(repeating: 0x5A, count: 8192).write(to: database)
    let result = try CLI.run(["serve", "--port", "0", "--data", folder.path])
    #expect(result.status == 1)
    #expect(result.stdout == "")
    #expect(result.stderrLines.count == 1)
    #expect(
      result.stderr.hasPrefix(
        "wan-preflight: error: cannot use the data folder: \(database.path): is not an SQLite "
          + "database"))
  }

  @Test("--data DIR keeps a task across a restart of serve")
  func dataSurvivesARestart() async throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("serve-data-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let arguments = [
      "--port", "0", "--data", folder.path, "--queue-seconds", "0", "--run-seconds", "0",
    ]
    let auth = ["Authorization": "Bearer sk-test"]
    let first = try ServeProcess(arguments)
    _ = first.firstLine()
    let path = CLI.fixture("image/png_640x480.png")
    let image = try Data(contentsOf: URL(fileURLWithPath: path)).base64EncodedString()
    let created = try await first.request(
      "/api/v1/services/aigc/video-generation/video-synthesis", method: "POST",
      headers: auth.merging(["X-DashScope-Async": "enable", "Content-Type": "application/json"]) {
        $1
      },
      body: #"{"model": "wan2.7-i2v", "input": {"prompt": "a cat", "media": ["#
        + #"{"type": "first_frame", "url": "data:image/png;base64,\#(image)"}]}, "#
        + #""parameters": {"resolution": "720P", "duration": 2}}"#)
    #expect(created.status == 200)
    let id = try #require((created.json["output"] as? [String: Any])?["task_id"] as? String)
    var status = ""
    for _ in 0..<600 where status != "SUCCEEDED" && status != "FAILED" {
      try await Task.sleep(for: .milliseconds(100))
      let polled = try await first.request("/api/v1/tasks/\(id)", headers: auth)
      status = (polled.json["output"] as? [String: Any])?["task_status"] as? String ?? ""
    }
    #expect(status == "SUCCEEDED")
    #expect(try first.stop().status == 0)

    let second = try ServeProcess(arguments)
    _ = second.firstLine()
    let again = try await second.request("/api/v1/tasks/\(id)", headers: auth)
    let output = again.json["output"] as? [String: Any]
    #expect(output?["task_status"] as? String == "SUCCEEDED")
    #expect((output?["video_url"] as? String)?.contains("/videos/\(id).mp4") == true)
    #expect(
      FileManager.default.fileExists(
        atPath: folder.appendingPathComponent("videos/\(id).mp4").path))
    #expect(try second.stop().status == 0)
  }

  @Test("a port in use is exit 1 with one line naming it")
  func portInUse() throws {
    let first = try ServeProcess(["--port", "0"])
    _ = first.firstLine()
    let port = try #require(first.base.split(separator: ":").last.map(String.init))
    let second = try CLI.run(["serve", "--port", port])
    #expect(second.status == 1)
    #expect(second.stderr.contains("wan-preflight: error: cannot listen on 127.0.0.1:\(port)"))
    #expect(second.stdout == "")
    #expect(try first.stop().status == 0)
  }
}
