import ArgumentParser
import Foundation

/// `--color auto|always|never`.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
  case auto, always, never

  /// Whether to colour output written to `handle`: `always`, or `auto` on a terminal whose
  /// `TERM` is not `dumb`, with `NO_COLOR` unset or empty.
  func enabled(for handle: FileHandle) -> Bool {
    switch self {
    case .always: return true
    case .never: return false
    case .auto:
      let environment = ProcessInfo.processInfo.environment
      if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
      if environment["TERM"] == "dumb" { return false }
      return isatty(handle.fileDescriptor) == 1
    }
  }
}
