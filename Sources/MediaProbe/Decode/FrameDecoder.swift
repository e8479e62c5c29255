internal import CFFmpeg

/// A libavcodec decoder for one stream, used to prove that the stream's first frame decodes.
///
/// Opened with the pixel budget (`max_pixels`), one thread and strict error detection, so a
/// truncated or corrupt picture fails instead of coming back half grey. Owns its codec context
/// and frame.
final class FrameDecoder {
  /// The index of the stream this decoder reads.
  let streamIndex: Int32
  private var codec: UnsafeMutablePointer<AVCodecContext>?
  private var frame: UnsafeMutablePointer<AVFrame>?
  /// FFmpeg's last complaint, reported if no frame ever comes out.
  private(set) var lastError: Int32?

  /// Opens a decoder for `stream`.
  init(stream: UnsafeMutablePointer<AVStream>, maxPixels: Int, path: String) throws(ProbeError) {
    streamIndex = stream.pointee.index
    guard let parameters = stream.pointee.codecpar,
      let decoder = avcodec_find_decoder(parameters.pointee.codec_id)
    else {
      throw ProbeError(
        path: path, reason: .undecodable, ffmpegCode: CFFMPEG_AVERROR_DECODER_NOT_FOUND,
        ffmpegMessage: ffmpegErrorDescription(CFFMPEG_AVERROR_DECODER_NOT_FOUND))
    }
    codec = avcodec_alloc_context3(decoder)
    frame = av_frame_alloc()
    guard let codec, frame != nil else {
      throw ProbeError(path: path, reason: .other("out of memory"))
    }
    var code = avcodec_parameters_to_context(codec, parameters)
    if code >= 0 {
      codec.pointee.pkt_timebase = stream.pointee.time_base
      var options: OpaquePointer?
      DecoderOptions.fill(&options, maxPixels: maxPixels)
      av_dict_set(&options, "err_detect", "crccheck", 0)
      code = avcodec_open2(codec, decoder, &options)
      av_dict_free(&options)
    }
    guard code >= 0 else {
      throw ProbeError(
        path: path, reason: .undecodable, ffmpegCode: code,
        ffmpegMessage: ffmpegErrorDescription(code))
    }
  }

  deinit {
    av_frame_free(&frame)
    avcodec_free_context(&codec)
  }

  /// Feeds one packet of this decoder's stream (or `nil` to drain at the end of the file) and
  /// returns the first frame that comes out, if any. The frame stays valid until the next call.
  func decode(_ packet: UnsafeMutablePointer<AVPacket>?) -> UnsafeMutablePointer<AVFrame>? {
    guard let codec, let frame else { return nil }
    let sent = avcodec_send_packet(codec, packet)
    if sent < 0 && sent != CFFMPEG_AVERROR_EAGAIN && sent != CFFMPEG_AVERROR_EOF {
      lastError = sent
      return nil
    }
    let received = avcodec_receive_frame(codec, frame)
    if received >= 0 {
      if frame.pointee.decode_error_flags != 0 || (frame.pointee.flags & AV_FRAME_FLAG_CORRUPT) != 0
      {
        lastError = CFFMPEG_AVERROR_INVALIDDATA
        return nil
      }
      return frame
    }
    if received != CFFMPEG_AVERROR_EAGAIN && received != CFFMPEG_AVERROR_EOF {
      lastError = received
    }
    return nil
  }
}
