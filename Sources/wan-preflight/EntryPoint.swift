import ArgumentParser
import Foundation
import WanPreflight

/// Runs the command and maps outcomes to the documented exit codes:
/// 0 success, 1 a file or request failed, 2 usage error, 3 internal fault.
@main
enum EntryPoint {
  static func main() async {
    do {
      var command = try WanPreflightCommand.parseAsRoot()
      if var asyncCommand = command as? any AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch let exit as ExitCode {
      Foundation.exit(exit.rawValue)
    } catch let usage as UsageError {
      Terminal.writeError("wan-preflight: error: \(usage.message)")
      Foundation.exit(ExitStatus.usage)
    } catch let write as FileWriteError {
      Terminal.writeError("wan-preflight: error: \(write)")  // -o into a missing folder, …
      Foundation.exit(ExitStatus.usage)
    } catch {
      let code = WanPreflightCommand.exitCode(for: error)
      if code == .success {
        WanPreflightCommand.exit(withError: error)  // --help, --version
      }
      if code == .failure {
        // Not ArgumentParser's: never print Foundation's text; name the file when it is known.
        let path = (error as NSError).userInfo[NSFilePathErrorKey] as? String
        Terminal.writeError(
          "wan-preflight: error: "
            + (path.map { "\($0): could not be read or written" }
              ?? "internal fault (\(type(of: error)))"))
        Foundation.exit(path == nil ? ExitStatus.internalFault : ExitStatus.usage)
      }
      let isUsage = code == .validationFailure || error is ValidationError
      Terminal.writeError(WanPreflightCommand.fullMessage(for: error))
      Foundation.exit(isUsage ? ExitStatus.usage : ExitStatus.internalFault)
    }
  }
}

/// A usage or configuration problem found while running (exit status 2), printed as one line.
struct UsageError: Error {
  let message: String
  init(_ message: String) { self.message = message }
}

/// The exit statuses every subcommand shares.
enum ExitStatus {
  static let success: Int32 = 0
  static let failure: Int32 = 1
  static let usage: Int32 = 2
  static let internalFault: Int32 = 3
}
