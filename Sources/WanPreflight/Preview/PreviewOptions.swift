/// How ``Preflight/preview(_:options:)`` writes a preview.
public struct PreviewOptions: Sendable {
  /// The folder the pictures and `index.html` are written into (created if missing).
  public var outputDirectory: String
  /// Inline the pictures into `index.html` as `data:` URIs (the page is then one file; the
  /// pictures are still written beside it).
  public var inline = false
  /// How many min/max peaks the waveform has.
  public var waveformPeaks = 400

  /// Options that write into `outputDirectory`, with every default.
  public init(outputDirectory: String) {
    self.outputDirectory = outputDirectory
  }
}
