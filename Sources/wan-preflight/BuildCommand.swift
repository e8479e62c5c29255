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

  @Argument(help: "A request body (JSON or YAML).")
  var request: String?

  @OptionGroup(title: "Request fields")
  var fields: RequestFlags

  @OptionGroup(title: "Configuration")
  var configuration: ConfigurationOptions

  @Option(
    help:
      "The region the request goes to: beijing or singapore (default: the configuration's, else beijing)."
  )
  var region: Region?

  @Option(help: "How local images are sent: base64 (data: URIs) or url (mapped like audio).")
  var imageMode: ImageModeChoice = .base64

  @Option(
    name: .customLong("map"),
    help: ArgumentHelp("Where a local file is hosted (repeatable).", valueName: "path=url"))
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
    guard request != nil || fields.hasMedia else {
      throw ValidationError("Give a request file, or media flags such as --first-frame cat.jpg.")
    }
    for mapping in mappings where !mapping.contains("=") {
      throw ValidationError("--map takes PATH=URL; found '\(mapping)'.")
    }
    if let endpoint, !(endpoint.hasPrefix("https://") || endpoint.hasPrefix("http://")) {
      throw ValidationError("--endpoint must be an http(s) URL; found '\(endpoint)'.")
    }
  }

  func run() async throws {
    let job = fields.request(from: request)
    let preflight = Preflight(
      configuration: try configuration.resolve(forRequest: request), region: region)
    let report = await preflight.check(job)
    if report.errors > 0 {
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
        mappings.map { mapping in
          let parts = mapping.split(separator: "=", maxSplits: 1).map(String.init)
          return (parts[0], parts.count > 1 ? parts[1] : "")
        }, uniquingKeysWith: { _, last in last }),
      urlPrefix: urlPrefix, explicitDefaults: explicitDefaults)
    let built: BuiltRequest
    do {
      built = try RequestBuilder(options: options).build(job, report: report)
    } catch {
      Terminal.writeError("wan-preflight: error: not built: \(error)")
      throw ExitCode(ExitStatus.failure)
    }
    for field in built.droppedFields {
      Terminal.writeError("wan-preflight: note: \(field) is not an API field and was left out")
    }
    var bodyPath = output == "-" ? nil : output
    if let curl, bodyPath == nil {
      bodyPath = (curl.hasSuffix(".sh") ? String(curl.dropLast(3)) : curl) + ".body.json"
    }
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
      let command = curl.contains("/") ? curl : "./" + curl
      Terminal.writeError(
        "wan-preflight: wrote \(bodyPath) and \(curl); run it with DASHSCOPE_API_KEY set: \(command)"
      )
    }
  }

  /// `path` relative to the folder of `file` when it lies inside it, else absolute.
  private func relative(_ path: String, toFolderOf file: String) -> String {
    let current = FileManager.default.currentDirectoryPath
    func absolute(_ text: String) -> String {
      MediaReference.normalized(text.hasPrefix("/") ? text : current + "/" + text)
    }
    let folder = (absolute(file) as NSString).deletingLastPathComponent + "/"
    let target = absolute(path)
    return target.hasPrefix(folder) ? String(target.dropFirst(folder.count)) : target
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
