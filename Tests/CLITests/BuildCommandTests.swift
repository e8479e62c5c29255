import Foundation
import Testing

/// End-to-end tests of `wan-preflight build`.
@Suite("wan-preflight build (end to end)")
struct BuildCommandTests {
  static let secret = "sk-wanpreflight-test-secret-0123456789"

  @Test("a passing request's body goes to stdout and parses")
  func toStdout() throws {
    let result = try CLI.run(["build", "fixtures/requests/first_frame.json"])
    #expect(result.status == 0)
    #expect(result.stderr == "")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(object["model"] as? String == "wan2.7-i2v")
    #expect(result.stdout.hasPrefix("{\n  \"model\": \"wan2.7-i2v\",\n  \"input\": {"))
  }

  @Test("a request with errors is not built; --output is not even created")
  func errorsAreNotBuilt() throws {
    try withTemporaryDirectory { directory in
      let output = directory.appendingPathComponent("body.json").path
      let result = try CLI.run([
        "build", "fixtures/requests/mistakes/bad_values.json", "-o", output,
      ])
      #expect(result.status == 1)
      #expect(result.stdout == "")
      #expect(result.stderr.contains("error: [resolution_value]"))
      #expect(result.stderr.contains("not built: the request has 4 error(s)"))
      #expect(!FileManager.default.fileExists(atPath: output))
      #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }
  }

  @Test("--force builds anyway and says so on stderr")
  func force() throws {
    let result = try CLI.run(["build", "fixtures/requests/mistakes/bad_values.json", "--force"])
    #expect(result.status == 0)
    #expect(result.stderr.contains("building despite 4 error(s) (--force)"))
    #expect(result.stdout.contains(#""resolution": "4K""#))
  }

  @Test("local audio without a mapping fails, and an existing --output is left as it was")
  func unmappedAudio() throws {
    try withTemporaryDirectory { directory in
      let output = directory.appendingPathComponent("body.json")
      try Data("previous".utf8).write(to: output)
      let result = try CLI.run([
        "build", "fixtures/requests/first_frame_audio.json", "-o", output.path,
      ])
      #expect(result.status == 1)
      #expect(result.stderr.contains("driving_audio"))
      #expect(result.stderr.contains("--map"))
      #expect(try String(contentsOf: output, encoding: .utf8) == "previous")
      #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["body.json"])
    }
  }

  @Test("--curl writes a valid script and body; no API key value appears anywhere")
  func curlAndKey() throws {
    try withTemporaryDirectory { directory in
      let script = directory.appendingPathComponent("submit.sh").path
      var environment = ProcessInfo.processInfo.environment
      environment["DASHSCOPE_API_KEY"] = Self.secret
      let result = try CLI.run(
        [
          "build", "fixtures/requests/first_frame_audio.json", "--url-prefix",
          "https://cdn.example.com/assets/", "--image-mode", "url", "--curl", script,
        ], environment: environment)
      #expect(result.status == 0, "\(result.stderr)")
      let body = directory.appendingPathComponent("submit.body.json").path
      #expect(FileManager.default.isExecutableFile(atPath: script))
      let check = Process()
      check.executableURL = URL(fileURLWithPath: "/bin/bash")
      check.arguments = ["-n", script]
      try check.run()
      check.waitUntilExit()
      #expect(check.terminationStatus == 0)
      let texts = [
        result.stdout, result.stderr, try String(contentsOfFile: script, encoding: .utf8),
        try String(contentsOfFile: body, encoding: .utf8),
      ]
      for text in texts { #expect(!text.contains(Self.secret)) }
      #expect(texts[2].contains("body=\"$(dirname \"$0\")\"/'submit.body.json'"))
    }
  }

  @Test(
    "the script submits, polls and prints the video URL against a loopback fake of the API",
    .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")))
  func scriptAgainstFakeServer() throws {
    try withTemporaryDirectory { directory in
      let log = directory.appendingPathComponent("requests.log").path
      let portFile = directory.appendingPathComponent("port").path
      let server = Process()
      server.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
      server.arguments = ["-c", Self.fakeServer, log, portFile]
      // Its own streams, so a straggling server never holds the test runner's output open.
      server.standardOutput = FileHandle.nullDevice
      server.standardError = FileHandle.nullDevice
      server.standardInput = FileHandle.nullDevice
      try server.run()
      defer { server.terminate() }
      var port = ""
      for _ in 0..<100 where port.isEmpty {
        usleep(50_000)
        port = (try? String(contentsOfFile: portFile, encoding: .utf8)) ?? ""
      }
      #expect(!port.isEmpty)
      let script = directory.appendingPathComponent("submit.sh").path
      let build = try CLI.run([
        "build", "fixtures/requests/first_frame.json", "--endpoint", "http://127.0.0.1:\(port)",
        "--curl", script,
      ])
      #expect(build.status == 0)
      let run = Process()
      run.executableURL = URL(fileURLWithPath: "/bin/bash")
      run.arguments = [script]
      var environment = ProcessInfo.processInfo.environment
      environment["DASHSCOPE_API_KEY"] = Self.secret
      environment["WAN_PREFLIGHT_POLL_SECONDS"] = "0"
      run.environment = environment
      let output = Pipe()
      run.standardOutput = output
      run.standardError = FileHandle.nullDevice
      try run.run()
      let printed = String(
        decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      run.waitUntilExit()
      #expect(run.terminationStatus == 0)
      #expect(printed == "https://video.example.com/out.mp4\n")
      let requests = try String(contentsOfFile: log, encoding: .utf8)
      #expect(requests.contains("POST /api/v1/services/aigc/video-generation/video-synthesis"))
      #expect(requests.contains("x-dashscope-async: enable"))
      #expect(requests.contains("authorization: Bearer \(Self.secret)"))
      #expect(requests.contains("GET /api/v1/tasks/task-123"))
      #expect(requests.contains("body-matches: yes"))
    }
  }

  /// A loopback HTTP server that answers like the API: a task id, then RUNNING, then SUCCEEDED.
  static let fakeServer = #"""
    import http.server, json, sys
    log, port_file = sys.argv[1], sys.argv[2]
    polls = {"n": 0}
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args): pass
        def record(self, extra=""):
            with open(log, "a") as f:
                f.write(f"{self.command} {self.path}\n")
                for k, v in self.headers.items(): f.write(f"{k.lower()}: {v}\n")
                f.write(extra)
        def reply(self, obj):
            data = json.dumps(obj).encode()
            self.send_response(200); self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data))); self.end_headers(); self.wfile.write(data)
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            ok = json.loads(body)["input"]["media"][0]["url"].startswith("data:image/png;base64,")
            self.record("body-matches: %s\n" % ("yes" if ok else "no"))
            self.reply({"output": {"task_id": "task-123", "task_status": "PENDING"}})
        def do_GET(self):
            self.record(); polls["n"] += 1
            status = "SUCCEEDED" if polls["n"] > 1 else "RUNNING"
            out = {"task_id": "task-123", "task_status": status}
            if status == "SUCCEEDED": out["video_url"] = "https://video.example.com/out.mp4"
            self.reply({"output": out})
    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    server.timeout = 5
    with open(port_file, "w") as f: f.write(str(server.server_address[1]))
    for _ in range(10): server.handle_request()
    """#
}
