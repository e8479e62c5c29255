package import CFFmpeg

/// One `AVFrame`, owned: allocated by `init`, freed (with whatever buffers it still references)
/// in `deinit`. The pointer is lent only inside ``withFrame(_:)``; never keep it.
package final class Frame {
  private let frame: UnsafeMutablePointer<AVFrame>

  /// An empty frame; `nil` when out of memory.
  package init?() {
    guard let frame = av_frame_alloc() else { return nil }
    self.frame = frame
  }

  deinit {
    var owned: UnsafeMutablePointer<AVFrame>? = frame
    av_frame_free(&owned)
  }

  /// Runs `body` with the frame; the pointer is valid only inside `body`.
  package func withFrame<Result, Failure: Error>(
    _ body: (UnsafeMutablePointer<AVFrame>) throws(Failure) -> Result
  ) throws(Failure) -> Result {
    try body(frame)
  }
}
