/// The steps every transform takes before it reads and after it encodes.
enum OutputGuard {
  /// Refuses an impossible transform (`problem`) and a destination that is the source.
  static func begin(problem: String?, source: String, destination: String) throws(TransformError) {
    if let problem { throw .invalidTransform(problem) }
    try DestinationGuard.check(source: source, destination: destination)
  }

  /// Writes `bytes` to `destination` atomically, checking once more just before the rename
  /// that the destination has not become the source (a link made meanwhile).
  static func write(_ bytes: [UInt8], source: String, destination: String) throws(TransformError) {
    let file = try AtomicFile(destination: destination)
    try file.write(bytes)
    try DestinationGuard.check(source: source, destination: destination)
    try file.commit()
  }
}
