package import CFFmpeg

/// The decoded frames of an audio file's main audio stream, read with every guard of the probe,
/// and the probe's facts about the file; for the transform module.
///
/// The bytes are opened and probed once (``ProbedBytes``), then demuxed again with the same
/// allowlisted demuxer; ``forEachFrame(_:)`` decodes the stream frame by frame under a deadline
/// of ``ProbeOptions/timeLimitSeconds``, lending each frame to its body only.
package final class AudioFrames {
  /// What the probe found.
  package let info: MediaInfo
  private let input: InputFile
  private let codec: CodecContext
  private let streamIndex: Int32

  /// Opens and probes the file at `path` and opens a decoder for its main audio stream; throws
  /// the probe's error, or ``ProbeError/Reason/noMediaStream`` when it has no audio.
  package init(path: String, options: ProbeOptions) throws(ProbeError) {
    let probed = try ProbedBytes(path: path, options: options)
    guard let index = probed.info.primaryAudioStream else {
      throw ProbeError(path: path, reason: .noMediaStream)
    }
    info = probed.info
    input = try probed.reopen(options: options, findStreamInfo: true)
    guard index < input.streamCount else { throw ProbeError(path: path, reason: .noMediaStream) }
    streamIndex = Int32(index)
    var decoderOptions: OpaquePointer?
    DecoderOptions.fill(&decoderOptions, maxPixels: options.maxPixels)
    defer { av_dict_free(&decoderOptions) }
    do {
      codec = try input.withStream(at: index) { (stream) throws(CodecContext.OpenFailure) in
        try CodecContext(stream: stream, options: &decoderOptions)
      }
    } catch {
      switch error {
      case .outOfMemory: throw ProbeError(path: path, reason: .other("out of memory"))
      case .refused(let code): throw input.failure(code, otherwise: .undecodable)
      }
    }
  }

  /// Decodes the stream in order, calling `body` with each frame until it returns `false` or
  /// the stream ends (the decoder drained). Packets the decoder finds damaged are skipped.
  package func forEachFrame<Failure: Error>(
    _ body: (UnsafePointer<AVFrame>) throws(Failure) -> Bool
  ) throws(ProbeError) -> Result<Void, Failure> {
    guard let packet = Packet(), let frame = Frame() else {
      throw ProbeError(path: info.path, reason: .other("out of memory"))
    }
    var more = true
    while more {
      let read = try input.readPacket(into: packet)
      if read && packet.streamIndex != streamIndex {
        packet.unref()
        continue
      }
      let sent = codec.send(read ? packet : nil)
      if read { packet.unref() }
      // A damaged packet is skipped, as players skip it (a real MP3 can open with one); a
      // stream with no good packet at all ends with no frame, which callers refuse.
      if sent < 0 && sent != CFFMPEG_AVERROR_EOF && sent != CFFMPEG_AVERROR_INVALIDDATA {
        throw input.failure(sent, otherwise: .undecodable)
      }
      while more {
        let received = codec.receive(into: frame)
        if received == CFFMPEG_AVERROR_EAGAIN { break }
        if received == CFFMPEG_AVERROR_EOF { return .success(()) }
        if received < 0 { throw input.failure(received, otherwise: .undecodable) }
        do {
          more = try frame.withFrame { (pointer) throws(Failure) in try body(UnsafePointer(pointer))
          }
        } catch {
          return .failure(error)
        }
      }
      if !read { return .success(()) }
    }
    return .success(())
  }
}
