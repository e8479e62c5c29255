import ArgumentParser
import Foundation
import WanEmulator
import WanPreflight

/// `wan-preflight serve`: the dry run of the service's HTTP API on this machine.
struct ServeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Run a dry run of the wan2.7-i2v HTTP API on this machine (no charge, no network).",
    discussion: """
      Serves the task API under /api/v1 as the service does: task creation (X-DashScope-Async: \
      enable), GET /tasks/{id}, POST /tasks/{id}/cancel, the upload policy and an upload host \
      for oss:// media. Requests are judged with the rules of `check`: a malformed request is \
      refused with HTTP 400 and the service's code; media the service would refuse make the \
      task FAILED; a good task passes through PENDING and RUNNING and SUCCEEDED with a \
      placeholder MP4 of the predicted size and length at video_url. Remote media are read \
      only from folders given with --map (or the configuration's url_mappings); nothing is \
      downloaded.

      Prints one line, "listening on http://HOST:PORT", on stdout when ready, then one line a \
      request on stderr. SIGINT or SIGTERM stops it (exit 0).

      Examples:
        wan-preflight serve
        wan-preflight serve --port 0 --queue-seconds 0 --run-seconds 0 --rate off
        wan-preflight serve --data .dry-run --api-key sk-local --ttl 1h
        wan-preflight serve --map https://cdn.example.com/media=./media
        wan-preflight serve --fail image_size
      Point the Python SDK at it with
        dashscope.base_http_api_url = "http://127.0.0.1:8080/api/v1"

      Exit status: 0 stopped by a signal; 1 the address could not be bound or the data folder \
      used; 2 usage error; 3 internal fault.
      """
  )

  @Option(help: "The address to listen on; anything but loopback is warned about.")
  var host = "127.0.0.1"

  @Option(help: "The port; 0 picks a free one (the line on stdout names it).")
  var port = 8080

  @Option(
    help: ArgumentHelp(
      "A folder that keeps tasks, uploads and videos across restarts (default: memory).",
      valueName: "DIR"))
  var data: String?

  @Option(help: "The only API key accepted (default: any non-empty key).")
  var apiKey: String?

  @Option(
    name: .customLong("map"),
    help: ArgumentHelp(
      "Serve remote media under a URL prefix from a local folder (repeatable).",
      valueName: "PREFIX=DIR"))
  var mappings: [String] = []

  @OptionGroup(title: "Configuration")
  var configurationOptions: ConfigurationOptions

  @Option(help: "How long tasks, videos and uploads live (90s, 30m, 24h, 7d).")
  var ttl = TimeSpan(seconds: 86_400, text: "24h")

  @Option(help: "The most tasks RUNNING at once, or off.")
  var concurrency = Limit(value: 5)

  @Option(help: "The most task creations a second (then 429 Throttling.RateQuota), or off.")
  var rate = Limit(value: 5)

  @Option(help: "Seconds a task stays PENDING at least.")
  var queueSeconds: Double = 1

  @Option(help: "Seconds a task stays RUNNING at least.")
  var runSeconds: Double = 2

  @Option(
    help: ArgumentHelp(
      "Fail every creation: 429, 500 or 503 at once, or a rule id or service code in the task.",
      valueName: "RULE|CODE"))
  var fail: String?

  @Option(help: "The largest request body (then 413 BadRequest.TooLarge).")
  var maxBody = ByteCount(bytes: 64 << 20, text: "64MiB")

  func validate() throws {
    guard (0...65535).contains(port) else {
      throw ValidationError("--port must be 0…65535; found \(port).")
    }
    for seconds in [("--queue-seconds", queueSeconds), ("--run-seconds", runSeconds)] {
      guard seconds.1.isFinite, (0...86_400).contains(seconds.1) else {
        throw ValidationError("\(seconds.0) must be 0…86400 seconds; found \(seconds.1).")
      }
    }
    if let fail, ForcedFailure(fail) == nil {
      throw ValidationError(
        "--fail takes 429, 500, 503, a rule id (image_size) or a service code "
          + "(InvalidParameter.DataInspection); found '\(fail)'.")
    }
    for mapping in mappings { _ = try Self.mapping(mapping) }
  }

  /// `PREFIX=DIR` as a URL prefix and the folder's absolute path.
  static func mapping(_ text: String) throws -> (prefix: String, folder: String) {
    guard let equals = text.firstIndex(of: "=") else {
      throw ValidationError("--map takes PREFIX=DIR; found '\(text)'.")
    }
    let prefix = String(text[..<equals])
    let folder = String(text[text.index(after: equals)...])
    let lower = prefix.lowercased()
    guard
      ["https://", "http://"].contains(where: { lower.hasPrefix($0) && lower.count > $0.count })
    else {
      throw ValidationError(
        "--map \(text): '\(prefix)' is not an http(s):// URL prefix such as "
          + "https://cdn.example.com/media.")
    }
    let absolute = LocalPath.resolving(folder, against: FileManager.default.currentDirectoryPath)
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isFolder),
      isFolder.boolValue
    else {
      throw ValidationError("--map \(text): '\(folder)' is not a folder.")
    }
    return (prefix, absolute)
  }

  /// The flags as the emulator's configuration.
  func emulatorConfiguration() throws -> EmulatorConfiguration {
    var configuration = EmulatorConfiguration()
    configuration.host = host
    configuration.port = port
    configuration.dataDirectory = data.map {
      LocalPath.resolving($0, against: FileManager.default.currentDirectoryPath)
    }
    configuration.apiKey = apiKey
    configuration.configuration = try configurationOptions.resolve()
    for mapping in mappings {
      let (prefix, folder) = try Self.mapping(mapping)
      configuration.urlMappings[prefix] = folder
    }
    configuration.timeToLive = ttl.seconds
    configuration.concurrency = concurrency.value
    configuration.rate = rate.value
    configuration.queueSeconds = queueSeconds
    configuration.runSeconds = runSeconds
    configuration.forcedFailure = fail.flatMap(ForcedFailure.init)
    configuration.maxBodyBytes = maxBody.bytes
    return configuration
  }

  func run() async throws {
    let configuration = try emulatorConfiguration()
    if !configuration.bindsLoopback {
      Terminal.writeError(
        "wan-preflight: warning: --host \(host) is not loopback: anyone who can reach this "
          + "machine can use the dry run and read its uploads and videos")
    }
    let emulator: Emulator
    do {
      emulator = try await Emulator(
        configuration: configuration, renderer: PlaceholderRenderer(),
        logger: Emulator.standardErrorLogger())
    } catch {
      Terminal.writeError("wan-preflight: error: cannot use the data folder: \(error)")
      throw ExitCode(ExitStatus.failure)
    }
    let shownHost = host.contains(":") ? "[\(host)]" : host
    do {
      try await emulator.run { port in
        Terminal.write("listening on http://\(shownHost):\(port)\n")
      }
    } catch {
      Terminal.writeError("wan-preflight: error: cannot listen on \(shownHost):\(port): \(error)")
      throw ExitCode(ExitStatus.failure)
    }
  }
}
