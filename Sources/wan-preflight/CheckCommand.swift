import ArgumentParser
import Foundation
import MediaProbe
import WanPreflight

/// `wan-preflight check [REQUEST] [flags]`: every rule, and the predicted output and price.
struct CheckCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Check a wan2.7-i2v request and its media before you pay for it.",
    discussion: """
      REQUEST is the API body as JSON or YAML; a media url may be a local path (relative to the \
      request file) or file:// URL, which is probed offline. Flags build a request, or override \
      fields of REQUEST. Remote URLs are checked for form only.

      Examples:
        wan-preflight check requests/cat.json
        wan-preflight check --first-frame cat.jpg --duration 5 --resolution 720P
        wan-preflight check --clip in.mp4 --last-frame end.png --format json
        wan-preflight check job.yaml --strict        # warnings fail too (CI)

      Exit status: 0 no errors; 1 errors (or warnings with --strict); 2 usage error; \
      3 internal fault.
      """
  )

  @OptionGroup var input: RequestInput

  @Option(
    help:
      "The region the request goes to: beijing or singapore (prices, oss:// URLs; default: the configuration's, else beijing)."
  )
  var region: Region?

  @Option(name: .shortAndLong, help: "Output format.")
  var format: ReportFormat = .text

  @Flag(help: "Treat warnings as errors for the exit status.")
  var strict = false

  @Option(
    help: "Colour in text output: auto (only on a terminal, never with NO_COLOR), always, never.")
  var color: ColorChoice = .auto

  func validate() throws {
    try input.requireRequest()
  }

  func run() async throws {
    let preflight = try input.preflight(region: region)
    let report = await preflight.check(try input.job())
    let reporter = format.reporter(colors: color.enabled(for: FileHandle.standardOutput))
    Terminal.write(try reporter.render(report))
    let failed = report.errors > 0 || (strict && report.warnings > 0)
    if failed { throw ExitCode(ExitStatus.failure) }
  }
}

extension ReportFormat: ExpressibleByArgument {}

extension Region: ExpressibleByArgument {}
