import ArgumentParser
import WanPreflight

/// What `check` and `build` both take: a request file, flags that build or override it, and
/// the configuration that applies to it.
struct RequestInput: ParsableArguments {
  @Argument(help: "A request body (JSON or YAML).")
  var request: String?

  @OptionGroup(title: "Request fields")
  var fields: RequestFlags

  @OptionGroup(title: "Configuration")
  var configuration: ConfigurationOptions

  /// Refuses a command line that names no request: neither a file nor a media flag.
  func requireRequest() throws {
    guard request != nil || fields.hasMedia else {
      throw ValidationError("Give a request file, or media flags such as --first-frame cat.jpg.")
    }
  }

  /// The request to check: the file's with the flags applied, or one built from the flags.
  func job() throws -> JobRequest {
    var job = try fields.request(from: request)
    job.commandArguments = (request.map { [$0] } ?? []) + fields.words + configuration.words
    return job
  }

  /// A checker that follows the configuration of the request, going to `region` when given.
  func preflight(region: Region?) throws -> Preflight {
    Preflight(configuration: try configuration.resolve(forRequest: request), region: region)
  }
}
