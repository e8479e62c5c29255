/// Limits and switches for a probe.
public struct ProbeOptions: Sendable, Equatable {
  /// The most pixels (width × height) the probe agrees to decode in one frame.
  ///
  /// The default, 8192 × 8192, is above anything the wan2.7-i2v API accepts (8000 px a side
  /// for images, 4096 for clips), and keeps one decoded RGBA frame under 300 MB. A larger picture
  /// is reported with ``ProbeError/Reason/pixelBudgetExceeded(width:height:limit:)``, carrying its
  /// size, before any decoder allocates a frame for it.
  public var maxPixels: Int
  /// How long one file may take, in seconds, before the probe gives up with
  /// ``ProbeError/Reason/timedOut(_:)``. A budget that is negative or not a number counts as 0;
  /// an infinite one as a billion seconds.
  ///
  /// The budget covers the whole probe, from opening the file: the header walks, FFmpeg's
  /// header parsing and reads, decoding the first frame and counting packets. What cannot be
  /// interrupted (decoding one frame) is kept small by ``maxPixels``, and the limit is hard: the
  /// caller gets the time-out at most a quarter second after it even when FFmpeg is stuck in a
  /// loop that checks nothing (the stuck worker finishes later by itself).
  public var timeLimitSeconds: Double

  /// Creates options; the defaults suit the wan2.7-i2v API.
  public init(maxPixels: Int = 8192 * 8192, timeLimitSeconds: Double = 10) {
    self.maxPixels = maxPixels
    self.timeLimitSeconds = timeLimitSeconds
  }
}
