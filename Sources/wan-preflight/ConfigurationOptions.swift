import ArgumentParser
import Foundation
import WanPreflight

/// `--config PATH` / `--no-config`: which `.wan-preflight.json` applies.
struct ConfigurationOptions: ParsableArguments {
  @Option(help: "A configuration file (default: the nearest .wan-preflight.json from here up).")
  var config: String?

  @Flag(help: "Use no configuration file.")
  var noConfig = false

  /// The effective configuration; an invalid file is a usage error (exit 2) naming the problem.
  func resolve() throws -> Configuration {
    if noConfig { return Configuration() }
    let path = config ?? Configuration.discover(from: FileManager.default.currentDirectoryPath)
    guard let path else { return Configuration() }
    do {
      return try Configuration.load(path)
    } catch {
      throw UsageError("invalid configuration: \(error)")
    }
  }
}

/// `wan-preflight dump-config`: the effective configuration as JSON.
struct DumpConfigCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dump-config",
    abstract: "Print the effective configuration (the file found, or the defaults) as JSON.")

  @OptionGroup var configuration: ConfigurationOptions

  func run() throws {
    let effective = try configuration.resolve()
    if let file = effective.file {
      Terminal.writeError("wan-preflight: configuration from \(file)")
    }
    Terminal.write(effective.jsonText())
  }
}
