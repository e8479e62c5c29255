import Logging

extension Emulator {
  /// A logger writing one line an event to standard error (standard output keeps only the
  /// `listening on` line), at `level`.
  public static func standardErrorLogger(level: Logger.Level = .info) -> Logger {
    var logger = Logger(
      label: "wan-preflight.serve", factory: { StreamLogHandler.standardError(label: $0) })
    logger.logLevel = level
    return logger
  }
}
