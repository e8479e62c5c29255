import ArgumentParser
import Foundation
import MediaProbe
import WanPreflight

/// `wan-preflight build [REQUEST] [flags]`: the exact request body, after a passing check.
struct BuildCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "build",
    abstract: "Build the exact request body (and optionally a curl script) from a checked request.",
    discussion: """
      Runs check first and builds only when it finds no errors (--force builds anyway). Local \
      images become data:{MIME};base64 URIs with the MIME type of their content; local audio and \
      clips must be hosted: map them with --map PATH=URL or --url-prefix. http(s)://, oss:// and \
      data: values pass through. Keys keep the documented order; defaults are not invented.

      Examples:
        wan-preflight build requests/cat.json > body.json
        wan-preflight build job.json --map a.wav=https://cdn.example.com/a.wav
        wan-preflight build job.json --url-prefix https://cdn.example.com/ \\
          --curl submit.sh
        DASHSCOPE_API_KEY=sk-… ./submit.sh   # submits, polls, prints the URL

      The API key is never written: the script reads $DASHSCOPE_API_KEY when it runs.

      Exit status: 0 built; 1 the request has errors or cannot be built; 2 usage error; \
      3 internal fault.
      """
  )

  @OptionGroup var input: RequestInput

  @Option(
    help:
      "The region the request goes to: beijing or singapore (default: the configuration's, else beijing)."
  )
  var region: Region?

  @Option(help: "How local images are sent: base64 (data: URIs) or url (mapped like audio).")
  var imageMode: ImageModeChoice = .base64

  @Option(
    name: .customLong("map"),
    help: ArgumentHelp(
      "Where a local file is hosted: an http(s):// or oss:// URL (repeatable).",
      valueName: "path=url"))
  var mappings: [String] = []

  @Option(help: "A URL prefix joined with each local file's path relative to the request.")
  var urlPrefix: String?

  @Flag(help: "Write the service's defaults for what the request leaves out.")
  var explicitDefaults = false

  @Option(name: .shortAndLong, help: "Where to write the body ('-' for standard output).")
  var output: String = "-"

  @Option(
    help: ArgumentHelp(
      "Also write a bash script that submits the body and waits for the video.", valueName: "script"
    ))
  var curl: String?

  @Option(help: "The API host, for workspace endpoints (default: the region's).")
  var endpoint: String?

  @Flag(help: "Build even if check reports errors.")
  var force = false

  func validate() throws {
    try input.requireRequest()
    for mapping in mappings {
      guard let (_, url) = Self.split(mapping) else {
        throw ValidationError("--map takes PATH=URL; found '\(mapping)'.")
      }
      let scheme = url.lowercased()
      guard
        ["https://", "http://", "oss://"].contains(where: {
          scheme.hasPrefix($0) && scheme.count > $0.count
        })
      else {
        throw ValidationError(
          "--map \(mapping): '\(url)' is not a URL; give the http(s):// or oss:// URL the file "
            + "is hosted at.")
      }
    }
    if let endpoint, !(endpoint.hasPrefix("https://") || endpoint.hasPrefix("http://")) {
      throw ValidationError("--endpoint must be an http(s) URL; found '\(endpoint)'.")
    }
  }

  /// `PATH=URL` split at its first `=`, when both sides are non-empty.
  static func split(_ mapping: String) -> (path: String, url: String)? {
    guard let equals = mapping.firstIndex(of: "=") else { return nil }
    let path = String(mapping[..<equals])
    let url = String(mapping[mapping.index(after: equals)...])
    return path.isEmpty || url.isEmpty ? nil : (path, url)
  }

  func run() async throws {
    let job = try input.job()
    let preflight = try input.preflight(region: region)
    let report = await preflight.check(job)
    if report.errors == 0 {
      // The warnings and notes check would print, so a build never hides them.
      for diagnostic in report.diagnostics {
        for line in ReportText().render(diagnostic) { Terminal.writeError(line) }
      }
    } else {
      Terminal.writeError(ReportText().render(report).trimmingCharacters(in: .newlines))
      guard force else {
        Terminal.writeError(
          "wan-preflight: error: not built: the request has \(report.errors) error(s); fix them or pass --force"
        )
        throw ExitCode(ExitStatus.failure)
      }
      Terminal.writeError(
        "wan-preflight: warning: building despite \(report.errors) error(s) (--force)")
    }
    let options = BuildOptions(
      imageMode: imageMode.mode,
      mappings: Dictionary(
        mappings.compactMap(Self.split), uniquingKeysWith: { _, last in last }),
      urlPrefix: urlPrefix, explicitDefaults: explicitDefaults)
    let built: BuiltRequest
    do {
      built = try RequestBuilder(options: options).build(job, report: report)
    } catch {
      Terminal.writeError("wan-preflight: error: not built: \(error)")
      throw ExitCode(ExitStatus.failure)
    }
    // Listed like check lists stray keys: the first ten, then one line counting the rest.
    let listed = 10
    for field in built.droppedFields.prefix(listed) {
      Terminal.writeError(
        "wan-preflight: note: \(field) is not a field of the API's body and was left out")
    }
    if built.droppedFields.count > listed {
      Terminal.writeError(
        "wan-preflight: note: \(built.droppedFields.count - listed) more fields were left out")
    }
    for path in built.unusedMappings {
      Terminal.writeError(
        "wan-preflight: warning: --map \(path)=\(options.mappings[path] ?? "") was not used: "
          + "no local audio, clip or (with --image-mode url) image of the request is that file")
    }
    var bodyPath = output == "-" ? nil : output
    if let curl, bodyPath == nil {
      bodyPath = (curl.hasSuffix(".sh") ? String(curl.dropLast(3)) : curl) + ".body.json"
    }
    do {
      // Both destinations are checked before either is written, the script's first (the body's
      // path may be derived from it).
      for path in [curl, bodyPath].compactMap({ $0 }) { try AtomicFile.checkDestination(path) }
      if let bodyPath {
        try AtomicFile.write(bodyPath) { try built.write(to: $0) }
      } else {
        try built.write(to: FileHandle.standardOutput)
      }
      if let curl, let bodyPath {
        let script = CurlScript(
          endpoint: endpoint ?? preflight.region.baseURL,
          bodyFile: relative(bodyPath, toFolderOf: curl),
          ossResolve: built.usesOSS, summary: summary(report))
        try AtomicFile.write(curl, permissions: 0o755) {
          try $0.write(contentsOf: Data(script.render().utf8))
        }
      }
    } catch let error as FileWriteError {
      throw UsageError(error.description)
    } catch let error as BuildError {
      Terminal.writeError("wan-preflight: error: not built: \(error)")
      throw ExitCode(ExitStatus.failure)
    } catch {
      throw UsageError("\(bodyPath ?? "standard output"): could not be written")
    }
    if let curl, let bodyPath {
      let command = curl.contains("/") ? curl : "./" + curl
      Terminal.writeError(
        "wan-preflight: wrote \(bodyPath) and \(curl); run it with DASHSCOPE_API_KEY set: \(command)"
      )
    }
  }

  /// `path` relative to the folder of `file` when it lies inside it, else absolute.
  private func relative(_ path: String, toFolderOf file: String) -> String {
    LocalPath.relative(
      LocalPath.absolute(path), to: LocalPath.folder(of: LocalPath.absolute(file)))
  }

  private func summary(_ report: Report) -> String {
    guard let plan = report.plan else { return "wan2.7-i2v task" }
    var text = "\(plan.model): \(plan.task), \(plan.resolution), \(plan.output.seconds) s"
    if let price = plan.price {
      text += ", about \(price.amount) \(price.currency) at list price (\(price.region))"
    }
    return text
  }
}

/// `--image-mode base64|url`.
enum ImageModeChoice: String, ExpressibleByArgument, CaseIterable {
  case base64, url

  var mode: BuildOptions.ImageMode { self == .base64 ? .base64 : .url }
}
