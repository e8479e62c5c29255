/// Writes a file of bytes (a preview's picture or page, a copy `fix` makes): whole or not at
/// all, and never over one of the inputs.
public enum GuardedFile {
  /// Writes `bytes` to `destination` atomically (a temporary file beside it, renamed into
  /// place), refusing with ``TransformError/destinationIsSource(_:)`` when `destination` is any
  /// of `sources` (the same path once links are resolved, or the same file), checked before the
  /// write and again just before the rename.
  public static func write(
    _ bytes: [UInt8], to destination: String, notOver sources: [String]
  ) throws(TransformError) {
    for source in sources {
      try DestinationGuard.check(source: source, destination: destination)
    }
    let file = try AtomicFile(destination: destination)
    try file.write(bytes)
    for source in sources {
      try DestinationGuard.check(source: source, destination: destination)
    }
    try file.commit()
  }
}
