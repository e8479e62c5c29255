import ArgumentParser
import Foundation
import WanPreflight

/// `wan-preflight lint PATH...`: every request in a repository, with reporters CI tools read.
struct LintCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lint",
    abstract: "Check every wan2.7-i2v request under some files and folders (for CI).",
    discussion: """
      Folders are walked recursively (hidden and .gitignore'd entries passed over). Files found \
      there and files named here get the same test: .json, .yaml and .yml files the \
      configuration's include/exclude select that look like wan2.7-i2v requests (model \
      wan2.7-i2v, or input.media / input.img_url) are checked; requests for other Wan models \
      and other files are skipped and counted. Each media file is probed once, however many \
      requests name it.

      Examples:
        wan-preflight lint jobs/
        wan-preflight lint --format sarif --output lint.sarif .
        wan-preflight lint --format github --strict requests/
        wan-preflight lint --format html -o report.html .
        wan-preflight lint --format codeclimate -o gl-code-quality-report.json .

      Every format but codeclimate carries the budget: requests, billed seconds and the list \
      price per region and tier (every built-in price is in CNY, Singapore's too; a \
      configuration's prices are in the same currency), the free quota noted, and the least \
      wall time when there are more requests than the 5 an account runs at once. --max-cost \
      and --max-seconds fail the run when the total is over them.

      Exit status: 0 no errors; 1 errors (or warnings with --strict, or a budget exceeded); \
      2 usage error; 3 internal fault.
      """
  )

  @Argument(help: "Request files and folders.")
  var paths: [String]

  @Option(name: .shortAndLong, help: "Output format.")
  var format: LintFormat = .text

  @Option(name: .shortAndLong, help: "Write the report to a file instead of standard output.")
  var output: String?

  @Option(
    help:
      "The region the requests go to: beijing or singapore (default: the configuration's, else beijing)."
  )
  var region: Region?

  @OptionGroup(title: "Configuration")
  var configuration: ConfigurationOptions

  @Option(
    help: ArgumentHelp(
      "Fail (exit 1) when the requests' list price totals more than this, in CNY (the price list's currency).",
      valueName: "amount"))
  var maxCost: Double?

  @Option(
    help: ArgumentHelp(
      "Fail (exit 1) when the requests bill more than this many seconds.", valueName: "seconds"))
  var maxSeconds: Int?

  @Flag(help: "Treat warnings as errors for the exit status.")
  var strict = false

  @Flag(name: .shortAndLong, help: "No status line on standard error.")
  var quiet = false

  @Option(
    help: "Colour in text output: auto (only on a terminal, never with NO_COLOR), always, never.")
  var color: ColorChoice = .auto

  func validate() throws {
    guard !paths.isEmpty else { throw ValidationError("Give at least one file or folder.") }
    if let maxCost, !(maxCost.isFinite && maxCost >= 0) {
      throw ValidationError("--max-cost must be a number of CNY, 0 or more; found \(maxCost).")
    }
    if let maxSeconds, maxSeconds < 0 {
      throw ValidationError("--max-seconds must be 0 or more; found \(maxSeconds).")
    }
  }

  func run() async throws {
    if let output { try Self.checkWritable(output) }
    var linter = Linter(configuration: configuration.source, region: region)
    let bar = quiet ? nil : ProgressBar.forStandardError()
    if let bar { linter.progress = { bar.show(checked: $0, of: $1) } }
    let run: LintRun
    do {
      run = try await linter.lint(paths)
      bar?.finish()
    } catch {
      bar?.finish()
      throw UsageError(error.description)
    }
    let colors = output == nil && color.enabled(for: FileHandle.standardOutput)
    let text = try format.reporter(colors: colors).render(run)
    if let output {
      do {
        try AtomicFile.write(output) { try $0.write(contentsOf: Data(text.utf8)) }
      } catch {
        throw UsageError("\(output): cannot be written")
      }
    } else {
      Terminal.write(text)
    }
    if !quiet && isatty(FileHandle.standardError.fileDescriptor) == 1 {
      Terminal.writeError(
        "wan-preflight: \(run.reports.count) request(s), \(run.skipped.count) other file(s) "
          + "skipped, \(run.otherModels.count) other Wan model(s) skipped: \(run.errors) "
          + "error(s), \(run.warnings) warning(s), \(run.notes) note(s)")
    }
    let exceeded = BudgetLimits(maxCost: maxCost, maxSeconds: maxSeconds)
      .exceeded(by: LintBudget(run))
    for line in exceeded { Terminal.writeError("wan-preflight: \(line)") }
    if run.errors > 0 || (strict && run.warnings > 0) || !exceeded.isEmpty {
      throw ExitCode(ExitStatus.failure)
    }
  }

  /// Refuses an `--output` that is a folder or lies in a folder that does not exist, before any
  /// work is done.
  static func checkWritable(_ output: String) throws {
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: output, isDirectory: &isFolder), isFolder.boolValue {
      throw UsageError("\(output): is a folder; --output takes a file")
    }
    let folder = LocalPath.folder(of: output)
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) else {
      throw UsageError("\(output): the folder \(folder) does not exist")
    }
    guard isFolder.boolValue else {
      throw UsageError("\(output): \(folder) is not a folder")
    }
  }
}

extension LintFormat: ExpressibleByArgument {}
