package import CFFmpeg

/// The first frame of an image file, decoded with every guard of the probe, and the probe's
/// facts about it; for the transform module, which must read pictures as safely as the probe.
///
/// The bytes are opened and probed once (``ProbedBytes``), and the frame the probe decoded
/// (with the pixel budget, `max_pixels`) is the one kept, so what is transformed is what was
/// probed; a probe of a file by path can keep it too (``ProbeAnswer/picture``). Owns the
/// decoded ``Frame``, lent only inside ``withFrame(_:)``; never changed after it is made, so
/// it may be read from any thread.
///
/// A JPEG may instead be decoded again at a reduced size (libavcodec's `lowres`: 1/2, 1/4 or
/// 1/8 a side), from the same bytes with the same demuxer, which skips most of the inverse
/// DCT's work when the picture is to be scaled down anyway.
package final class FirstImageFrame: @unchecked Sendable {
  /// What the probe found.
  package let info: MediaInfo
  /// The `lowres` the frame was decoded at: each side is the stored side divided by 2 to this
  /// power, rounded up (0: the full size).
  package let reduction: Int
  private let frame: Frame

  /// Opens, probes and decodes the picture at `path`; throws the probe's error for anything the
  /// probe refuses, and ``ProbeError/Reason/other(_:)`` for a file that is not an image.
  ///
  /// `reduction` is asked, with the probe's facts, for the `lowres` to decode at; it is used
  /// for a JPEG (`mjpeg`) and clamped to 0…3, and other codecs decode at the full size.
  package init(
    path: String, options: ProbeOptions, reduction: (MediaInfo) -> Int = { _ in 0 }
  ) throws(ProbeError) {
    let probed = try ProbedBytes(path: path, options: options, keepingPicture: true)
    guard probed.info.kind == .image, let index = probed.info.primaryVideoStream,
      let picture = probed.picture
    else {
      throw ProbeError(path: path, reason: .other("not a picture"))
    }
    info = probed.info
    let lowres = probed.info.streams[index].codec == "mjpeg" ? reduction(probed.info) : 0
    self.reduction = min(max(lowres, 0), 3)
    if self.reduction > 0 {
      frame = try Self.decodeReduced(
        probed, stream: index, lowres: self.reduction, options: options)
    } else {
      frame = picture.frame
    }
  }

  /// The picture a probe kept: `frame` (a reference to the decoder's first frame) of the file
  /// `info` describes, at its full size.
  init(info: MediaInfo, frame: Frame) {
    self.info = info
    self.reduction = 0
    self.frame = frame
  }

  /// Runs `body` with the decoded frame; the pointer is valid only inside `body`.
  package func withFrame<Result, Failure: Error>(
    _ body: (UnsafePointer<AVFrame>) throws(Failure) -> Result
  ) throws(Failure) -> Result {
    try frame.withFrame { (pointer) throws(Failure) in try body(UnsafePointer(pointer)) }
  }

  /// Decodes the first frame of the stream at `index` at `lowres` with the probe decoder's
  /// options (`max_pixels`, one thread, CRC checks), refusing a damaged frame as it does.
  private static func decodeReduced(
    _ probed: ProbedBytes, stream index: Int, lowres: Int, options: ProbeOptions
  ) throws(ProbeError) -> Frame {
    let path = probed.info.path
    let input = try probed.reopen(options: options, findStreamInfo: false)
    guard index < input.streamCount else { throw ProbeError(path: path, reason: .noMediaStream) }
    var dictionary: OpaquePointer?
    DecoderOptions.fill(&dictionary, maxPixels: options.maxPixels)
    av_dict_set(&dictionary, "err_detect", "crccheck", 0)
    av_dict_set(&dictionary, "lowres", String(lowres), 0)
    defer { av_dict_free(&dictionary) }
    let codec: CodecContext
    do {
      codec = try input.withStream(at: index) { (stream) throws(CodecContext.OpenFailure) in
        try CodecContext(stream: stream, options: &dictionary)
      }
    } catch {
      switch error {
      case .outOfMemory: throw ProbeError(path: path, reason: .other("out of memory"))
      case .refused(let code): throw input.failure(code, otherwise: .undecodable)
      }
    }
    guard let frame = Frame(), let packet = Packet() else {
      throw ProbeError(path: path, reason: .other("out of memory"))
    }
    var lastError = CFFMPEG_AVERROR_INVALIDDATA
    for _ in 0..<PacketReader.maxPacketsForFirstFrame {
      let more = try input.readPacket(into: packet)
      defer { packet.unref() }
      if more && packet.streamIndex != Int32(index) { continue }
      let sent = codec.send(more ? packet : nil)
      if sent < 0 && sent != CFFMPEG_AVERROR_EAGAIN && sent != CFFMPEG_AVERROR_EOF {
        lastError = sent
        break
      }
      let received = codec.receive(into: frame)
      if received >= 0 {
        let damaged = frame.withFrame {
          $0.pointee.decode_error_flags != 0 || ($0.pointee.flags & AV_FRAME_FLAG_CORRUPT) != 0
        }
        guard !damaged else { break }
        return frame
      }
      if received != CFFMPEG_AVERROR_EAGAIN && received != CFFMPEG_AVERROR_EOF {
        lastError = received
      }
      if !more { break }
    }
    throw input.failure(lastError, otherwise: .undecodable)
  }
}
