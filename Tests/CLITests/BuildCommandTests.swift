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

  /// What one run of a built curl script against the loopback fake API did.
  struct ScriptRun {
    let status: Int32
    let stdout: String
    let stderr: String
    let requests: String
  }

  /// Builds `first_frame.json` with `--curl` against the fake API in `mode` (`ok`, `escaped`,
  /// `running`) and runs the script with `environment` added.
  static func runScript(mode: String, environment extra: [String: String] = [:]) throws
    -> ScriptRun
  {
    try withTemporaryDirectory { directory in
      let log = directory.appendingPathComponent("requests.log").path
      let portFile = directory.appendingPathComponent("port").path
      let server = Process()
      server.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
      server.arguments = ["-c", Self.fakeServer, log, portFile, mode]
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
      environment.merge(extra) { _, new in new }
      run.environment = environment
      let output = directory.appendingPathComponent("stdout")
      let errors = directory.appendingPathComponent("stderr")
      #expect(FileManager.default.createFile(atPath: output.path, contents: nil))
      #expect(FileManager.default.createFile(atPath: errors.path, contents: nil))
      run.standardOutput = try FileHandle(forWritingTo: output)
      run.standardError = try FileHandle(forWritingTo: errors)
      run.standardInput = FileHandle.nullDevice
      try run.run()
      run.waitUntilExit()
      return ScriptRun(
        status: run.terminationStatus, stdout: try String(contentsOf: output, encoding: .utf8),
        stderr: try String(contentsOf: errors, encoding: .utf8),
        requests: (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }
  }

  static let hasPython = FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")

  @Test(
    "the script submits, polls and prints the video URL against a loopback fake of the API",
    .enabled(if: hasPython))
  func scriptAgainstFakeServer() throws {
    let run = try Self.runScript(mode: "ok")
    #expect(run.status == 0)
    #expect(run.stdout == "https://video.example.com/out.mp4\n")
    #expect(run.requests.contains("POST /api/v1/services/aigc/video-generation/video-synthesis"))
    #expect(run.requests.contains("x-dashscope-async: enable"))
    #expect(run.requests.contains("authorization: Bearer \(Self.secret)"))
    #expect(run.requests.contains("GET /api/v1/tasks/task-123"))
    #expect(run.requests.contains("body-matches: yes"))
  }

  @Test(
    "the script decodes the JSON escapes \\/ and \\u0026 in the URL it prints",
    .enabled(if: hasPython))
  func scriptDecodesEscapes() throws {
    // Found in review of issue #10: the URL was printed as https:\/\/video…?Expires=1\u0026….
    let run = try Self.runScript(mode: "escaped")
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout == "https://video.example.com/out.mp4?Expires=1&Signature=a%2Fb\n")
  }

  @Test(
    "the script gives up after WAN_PREFLIGHT_MAX_WAIT_SECONDS with a clear message, exit 1",
    .enabled(if: hasPython))
  func scriptGivesUp() throws {
    // Found in review of issue #10: a task that never ended was polled forever.
    let run = try Self.runScript(
      mode: "running", environment: ["WAN_PREFLIGHT_MAX_WAIT_SECONDS": "0"])
    #expect(run.status == 1)
    #expect(run.stdout == "")
    #expect(run.requests.components(separatedBy: "GET /api/v1/tasks/task-123").count == 2)
    #expect(
      run.stderr.contains(
        "gave up on task task-123: still RUNNING after 0 s (WAN_PREFLIGHT_MAX_WAIT_SECONDS)"))
    let invalid = try Self.runScript(
      mode: "running", environment: ["WAN_PREFLIGHT_MAX_WAIT_SECONDS": "soon"])
    #expect(invalid.status == 2)
    #expect(
      invalid.stderr.contains(
        "WAN_PREFLIGHT_MAX_WAIT_SECONDS must be a whole number of seconds, not 'soon'"))
  }

  @Test("-o or --curl where no file can be written is one line naming the path, exit 2")
  func unwritableDestinations() throws {
    // Found in review of issue #10: Foundation's "The file … couldn't be saved" reached the user
    // with exit 3.
    try withTemporaryDirectory { directory in
      let missing = directory.appendingPathComponent("no/such").path
      let request = "fixtures/requests/first_frame.json"
      for (arguments, line) in [
        (["-o", missing + "/x.json"], "\(missing)/x.json: the folder \(missing) does not exist"),
        (["-o", directory.path], "\(directory.path): is a folder; give a file name"),
        (
          ["--curl", missing + "/submit.sh"],
          "\(missing)/submit.sh: the folder \(missing) does not exist"
        ),
        (
          ["-o", directory.appendingPathComponent("body.json").path, "--curl", missing + "/s.sh"],
          "\(missing)/s.sh: the folder \(missing) does not exist"
        ),
      ] {
        let result = try CLI.run(["build", request] + arguments)
        #expect(result.status == 2, "\(arguments)")
        #expect(result.stdout == "")
        #expect(result.stderr == "wan-preflight: error: \(line)\n")
      }
      // Nothing was written: the destinations are checked before either is.
      #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == [])
      // Any command's FileWriteError gets the same line through EntryPoint (lint -o here).
      let lint = try CLI.run(["lint", "-o", missing + "/lint.txt", "fixtures/requests"])
      #expect(lint.status == 2)
      #expect(
        lint.stderr
          == "wan-preflight: error: \(missing)/lint.txt: the folder \(missing) does not exist\n")
    }
  }

  @Test("build repeats check's warnings and notes on stderr, the same lines")
  func warningsOnStderr() throws {
    let arguments = [
      "--first-frame", "fixtures/media/image/jpeg_exif_orientation6.jpg", "--duration", "5",
    ]
    let check = try CLI.run(["check"] + arguments)
    let lines = check.stdout.split(separator: "\n").map(String.init).filter {
      $0.contains(": warning: [") || $0.contains(": note: [") || $0.hasPrefix("    ")
    }
    #expect(lines.contains { $0.contains("warning: [orientation]") })
    #expect(lines.contains { $0.contains("warning: [") && $0.contains("resolution") })
    let build = try CLI.run(["build"] + arguments)
    #expect(build.status == 0)
    #expect(build.stderrLines == lines)
  }

  @Test("fields left out are named on stderr: the first ten, then one line counting the rest")
  func leftOutFields() throws {
    try withTemporaryDirectory { directory in
      let request = directory.appendingPathComponent("r.json")
      let image = CLI.fixture("image/png_750x1000.png")
      let stray = (0..<12).map { #""k\#($0)": 1, "# }.joined()
      try Data(
        (#"{"# + stray
          + #""model": "wan2.7-i2v", "input": {"media": [{"type": "first_frame", "url": ""#
          + image + #""}]}, "parameters": {"resolution": "720P", "duration": 5}}"#).utf8
      ).write(to: request)
      let result = try CLI.run(["build", request.path])
      #expect(result.status == 0)
      let notes = result.stderrLines.filter { $0.hasPrefix("wan-preflight: note:") }
      #expect(notes.count == 11)
      #expect(
        notes.first == "wan-preflight: note: k0 is not a field of the API's body and was left out")
      #expect(notes.last == "wan-preflight: note: 2 more fields were left out")
    }
  }

  @Test("--map whose value is not a URL is a usage error naming it; an unused --map a warning")
  func mapValues() throws {
    let request = "fixtures/requests/first_frame.json"
    for mapping in ["a.wav=notaurl", "a.wav=https://", "a.wav=", "=https://x/a.wav"] {
      let result = try CLI.run(["build", request, "--map", mapping])
      #expect(result.status == 2, "\(mapping)")
      #expect(result.stdout == "")
      #expect(result.stderr.contains(mapping), "\(result.stderr)")
    }
    let unused = try CLI.run(["build", request, "--map", "a.wav=https://cdn.example.com/a.wav"])
    #expect(unused.status == 0)
    #expect(
      unused.stderrLines == [
        "wan-preflight: warning: --map a.wav=https://cdn.example.com/a.wav was not used: no local "
          + "audio, clip or (with --image-mode url) image of the request is that file"
      ])
  }

  /// A loopback HTTP server that answers like the API: a task id, then RUNNING, then SUCCEEDED.
  static let fakeServer = #"""
    import http.server, json, sys
    log, port_file = sys.argv[1], sys.argv[2]
    mode = sys.argv[3] if len(sys.argv) > 3 else "ok"
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
            if mode == "escaped":  # as servers that escape / and & write it
                data = data.replace(b"/", b"\\/").replace(b"&", b"\\u0026")
            self.send_response(200); self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data))); self.end_headers(); self.wfile.write(data)
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            ok = json.loads(body)["input"]["media"][0]["url"].startswith("data:image/png;base64,")
            self.record("body-matches: %s\n" % ("yes" if ok else "no"))
            self.reply({"output": {"task_id": "task-123", "task_status": "PENDING"}})
        def do_GET(self):
            self.record(); polls["n"] += 1
            status = "SUCCEEDED" if polls["n"] > 1 and mode != "running" else "RUNNING"
            out = {"task_id": "task-123", "task_status": status}
            if status == "SUCCEEDED":
                out["video_url"] = "https://video.example.com/out.mp4"
                if mode == "escaped": out["video_url"] += "?Expires=1&Signature=a%2Fb"
            self.reply({"output": out})
    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    server.timeout = 5
    with open(port_file, "w") as f: f.write(str(server.server_address[1]))
    for _ in range(10): server.handle_request()
    """#
}
