import ArgumentParser
import Foundation
import WanPreflight

/// `--config PATH` / `--no-config`: which `.wan-preflight.json` applies. Shared by `check`,
/// `build`, `lint`, `fix`, `preview`, `serve` and `dump-config`, so all of them follow the same
/// file.
struct ConfigurationOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "A configuration file (default: the nearest .wan-preflight.json, searched from the request "
        + "file's folder up, or from the working directory up for flags and serve)."))
  var config: String?

  @Flag(help: "Use no configuration file.")
  var noConfig = false

  /// The options as words a shell command repeats.
  var words: [String] {
    noConfig ? ["--no-config"] : config.map { ["--config", $0] } ?? []
  }

  /// Where the configuration comes from.
  var source: Configuration.Source {
    if noConfig { return .defaults }
    return config.map { .file($0) } ?? .discovered
  }

  /// The configuration for the request file `request` (`nil`: a request from flags, found from
  /// the working directory); an invalid file is a usage error (exit 2) naming the problem.
  func resolve(forRequest request: String? = nil) throws -> Configuration {
    do {
      return try Configuration.resolve(source, forRequest: request)
    } catch {
      throw UsageError("invalid configuration: \(error)")
    }
  }
}
