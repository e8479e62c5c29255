package import CFFmpeg

/// The first frame of an image file, decoded with every guard of the probe, and the probe's
/// facts about it; for the transform module, which must read pictures as safely as the probe.
///
/// The bytes are opened and probed once (``ProbedBytes``), then demuxed again with the same
/// allowlisted demuxer and decoded with the pixel budget (`max_pixels`), so what is decoded is
/// what was probed. Owns the decoded ``Frame``, lent only inside ``withFrame(_:)``.
package final class FirstImageFrame {
  /// What the probe found.
  package let info: MediaInfo
  private let frame: Frame

  /// Opens, probes and decodes the picture at `path`; throws the probe's error for anything the
  /// probe refuses, and ``ProbeError/Reason/other(_:)`` for a file that is not an image.
  package init(path: String, options: ProbeOptions) throws(ProbeError) {
    let probed = try ProbedBytes(path: path, options: options)
    guard probed.info.kind == .image, let index = probed.info.primaryVideoStream else {
      throw ProbeError(path: path, reason: .other("not a picture"))
    }
    info = probed.info
    frame = try Self.decode(probed, stream: index, options: options)
  }

  /// Runs `body` with the decoded frame; the pointer is valid only inside `body`.
  package func withFrame<Result, Failure: Error>(
    _ body: (UnsafePointer<AVFrame>) throws(Failure) -> Result
  ) throws(Failure) -> Result {
    try frame.withFrame { (pointer) throws(Failure) in try body(UnsafePointer(pointer)) }
  }

  /// Decodes the first frame of the stream at `index` of what `probed` holds.
  private static func decode(
    _ probed: ProbedBytes, stream index: Int, options: ProbeOptions
  ) throws(ProbeError) -> Frame {
    let path = probed.info.path
    let input = try probed.reopen(options: options, findStreamInfo: false)
    guard index < input.streamCount else { throw ProbeError(path: path, reason: .noMediaStream) }
    let decoder = try input.withStream(at: index) { (stream) throws(ProbeError) in
      try FrameDecoder(stream: stream, maxPixels: options.maxPixels, path: path)
    }
    guard try PacketReader(file: input).decodeFirstFrame(with: decoder) else {
      throw input.failure(decoder.lastError ?? CFFMPEG_AVERROR_INVALIDDATA, otherwise: .undecodable)
    }
    guard let copy = Frame() else { throw ProbeError(path: path, reason: .other("out of memory")) }
    let code = decoder.withFrame { source in copy.withFrame { av_frame_ref($0, source) } }
    guard code >= 0 else { throw input.failure(code, otherwise: .undecodable) }
    return copy
  }
}
