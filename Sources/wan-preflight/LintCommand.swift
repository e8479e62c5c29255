import ArgumentParser
import Foundation
import WanPreflight

/// `wan-preflight lint PATH...`: every request in a repository, with reporters CI tools read.
struct LintCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lint",
    abstract: "Check every wan2.7-i2v request under some files and folders (for CI).",
    discussion: """
      Folders are walked recursively; .json, .yaml and .yml files that look like requests (a \
      model starting with "wan", or input.media / input.img_url) are checked, others skipped \
      and counted. Each media file is probed once, however many requests name it.

      Examples:
        wan-preflight lint jobs/
        wan-preflight lint --format sarif --output lint.sarif .
        wan-preflight lint --format github --strict requests/

      Exit status: 0 no errors; 1 errors (or warnings with --strict); 2 usage error; \
      3 internal fault.
      """
  )

  @Argument(help: "Request files and folders.")
  var paths: [String]

  @Option(name: .shortAndLong, help: "Output format.")
  var format: LintOutputFormat = .text

  @Option(name: .shortAndLong, help: "Write the report to a file instead of standard output.")
  var output: String?

  @Option(
    help:
      "The region the requests go to: beijing or singapore (default: the configuration's, else beijing)."
  )
  var region: Region?

  @OptionGroup(title: "Configuration")
  var configuration: ConfigurationOptions

  @Flag(help: "Treat warnings as errors for the exit status.")
  var strict = false

  @Flag(name: .shortAndLong, help: "No status line on standard error.")
  var quiet = false

  @Option(
    help: "Colour in text output: auto (only on a terminal, never with NO_COLOR), always, never.")
  var color: ColorChoice = .auto

  func validate() throws {
    guard !paths.isEmpty else { throw ValidationError("Give at least one file or folder.") }
  }

  func run() async throws {
    let config = try configuration.resolve()
    var preflight = Preflight(
      spec: config.apply(to: .wan27i2v), region: region ?? config.region ?? .beijing)
    preflight.urlMappings = Dictionary(
      uniqueKeysWithValues: config.urlMappings.map { prefix, folder in
        (prefix, folder.hasPrefix("/") ? folder : config.baseDirectory + "/" + folder)
      })
    var linter = Linter(preflight: preflight)
    linter.selects = { config.selects($0) }
    var run = await linter.lint(paths)
    run.reports = run.reports.map { config.apply(to: $0) }
    let colors = output == nil && color.enabled(for: FileHandle.standardOutput)
    let text = try format.format.render(run, colors: colors)
    if let output {
      try AtomicFile.write(output) { try $0.write(contentsOf: Data(text.utf8)) }
    } else {
      Terminal.write(text)
    }
    if !quiet && isatty(FileHandle.standardError.fileDescriptor) == 1 {
      Terminal.writeError(
        "wan-preflight: \(run.reports.count) request(s), \(run.skipped.count) other file(s) "
          + "skipped: \(run.errors) error(s), \(run.warnings) warning(s), \(run.notes) note(s)")
    }
    if run.errors > 0 || (strict && run.warnings > 0) { throw ExitCode(ExitStatus.failure) }
  }
}

/// `--format` for `lint`.
enum LintOutputFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json, sarif, github, junit

  var format: LintFormat {
    switch self {
    case .text: .text
    case .json: .json
    case .sarif: .sarif
    case .github: .github
    case .junit: .junit
    }
  }
}

/// `wan-preflight rules`: every rule id with its severity, family and description.
struct RulesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rules", abstract: "List every rule: id, default severity, family, what it checks."
  )

  func run() throws {
    let width = RuleID.allCases.map(\.rawValue.count).max() ?? 0
    var lines = [
      "\("RULE".padding(toLength: width, withPad: " ", startingAt: 0))  SEVERITY  FAMILY     DESCRIPTION"
    ]
    for rule in RuleID.allCases {
      lines.append(
        rule.rawValue.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
          + rule.defaultSeverity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0) + "  "
          + rule.family.padding(toLength: 9, withPad: " ", startingAt: 0) + "  " + rule.summary)
    }
    Terminal.write(lines.joined(separator: "\n") + "\n")
  }
}
