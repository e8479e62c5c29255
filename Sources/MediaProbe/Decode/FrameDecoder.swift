internal import CFFmpeg

/// A libavcodec decoder for one stream, used to prove that the stream's first frame decodes.
///
/// Opened with the pixel budget (`max_pixels`), one thread and strict error detection, so a
/// truncated or corrupt picture fails instead of coming back half grey. Owns its
/// ``CodecContext`` and the ``Frame`` it decodes into; the frame is lent through
/// ``withFrame(_:)``.
final class FrameDecoder {
  /// The index of the stream this decoder reads.
  let streamIndex: Int32
  private let codec: CodecContext
  private let frame: Frame
  /// FFmpeg's last complaint, reported if no frame ever comes out.
  private(set) var lastError: Int32?

  /// Opens a decoder for `stream`.
  init(stream: UnsafeMutablePointer<AVStream>, maxPixels: Int, path: String) throws(ProbeError) {
    streamIndex = stream.pointee.index
    var options: OpaquePointer?
    DecoderOptions.fill(&options, maxPixels: maxPixels)
    av_dict_set(&options, "err_detect", "crccheck", 0)
    defer { av_dict_free(&options) }
    do {
      codec = try CodecContext(stream: stream, options: &options)
    } catch {
      switch error {
      case .outOfMemory: throw ProbeError(path: path, reason: .other("out of memory"))
      case .refused(let code):
        throw ProbeError(
          path: path, reason: .undecodable, ffmpegCode: code,
          ffmpegMessage: ffmpegErrorDescription(code))
      }
    }
    guard let frame = Frame() else { throw ProbeError(path: path, reason: .other("out of memory")) }
    self.frame = frame
  }

  /// Feeds one packet of this decoder's stream (or `nil` to drain at the end of the file);
  /// `true` when a frame came out whole, to read with ``withFrame(_:)`` until the next call.
  func decode(_ packet: Packet?) -> Bool {
    let sent = codec.send(packet)
    if sent < 0 && sent != CFFMPEG_AVERROR_EAGAIN && sent != CFFMPEG_AVERROR_EOF {
      lastError = sent
      return false
    }
    let received = codec.receive(into: frame)
    if received >= 0 {
      let damaged = frame.withFrame {
        $0.pointee.decode_error_flags != 0 || ($0.pointee.flags & AV_FRAME_FLAG_CORRUPT) != 0
      }
      if damaged { lastError = CFFMPEG_AVERROR_INVALIDDATA }
      return !damaged
    }
    if received != CFFMPEG_AVERROR_EAGAIN && received != CFFMPEG_AVERROR_EOF {
      lastError = received
    }
    return false
  }

  /// Runs `body` with the frame the last successful ``decode(_:)`` produced.
  func withFrame<Result, Failure: Error>(
    _ body: (UnsafeMutablePointer<AVFrame>) throws(Failure) -> Result
  ) throws(Failure) -> Result {
    try frame.withFrame(body)
  }
}
