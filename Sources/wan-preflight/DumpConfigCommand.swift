import ArgumentParser
import WanPreflight

/// `wan-preflight dump-config`: the effective configuration as JSON.
struct DumpConfigCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dump-config",
    abstract: "Print the effective configuration (the file found, or the defaults) as JSON.")

  @Argument(help: "A request file: print the configuration that applies to it.")
  var request: String?

  @OptionGroup var configuration: ConfigurationOptions

  func run() throws {
    let effective = try configuration.resolve(forRequest: request)
    if let file = effective.file {
      Terminal.writeError("wan-preflight: configuration from \(file)")
    }
    Terminal.write(try effective.effective.jsonText())
  }
}
