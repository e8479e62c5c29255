internal import CFFmpeg

/// One opened libavcodec decoder (`AVCodecContext`), owned: opened by `init` for one stream,
/// freed in `deinit`. Packets go in and frames come out through ``send(_:)`` and
/// ``receive(into:)``; the context itself is never lent.
final class CodecContext {
  private var context: UnsafeMutablePointer<AVCodecContext>?

  /// Opens the decoder for `stream`'s codec with its parameters and time base, and `options`
  /// (a dictionary the caller fills and frees). Throws FFmpeg's code when there is no decoder
  /// (`AVERROR_DECODER_NOT_FOUND`) or the decoder refuses to open.
  init(stream: UnsafeMutablePointer<AVStream>, options: inout OpaquePointer?) throws(OpenFailure) {
    guard let parameters = stream.pointee.codecpar,
      let decoder = avcodec_find_decoder(parameters.pointee.codec_id)
    else { throw .refused(CFFMPEG_AVERROR_DECODER_NOT_FOUND) }
    context = avcodec_alloc_context3(decoder)
    guard let context else { throw .outOfMemory }
    var code = avcodec_parameters_to_context(context, parameters)
    if code >= 0 {
      context.pointee.pkt_timebase = stream.pointee.time_base
      code = avcodec_open2(context, decoder, &options)
    }
    guard code >= 0 else { throw .refused(code) }
  }

  deinit { avcodec_free_context(&context) }

  /// Feeds `packet` (or `nil`, to drain at the end of the stream); FFmpeg's return code.
  func send(_ packet: Packet?) -> Int32 {
    guard let packet else { return avcodec_send_packet(context, nil) }
    return packet.withPacket { avcodec_send_packet(context, $0) }
  }

  /// Takes the next decoded frame into `frame`; FFmpeg's return code (`EAGAIN` until one is
  /// ready).
  func receive(into frame: Frame) -> Int32 {
    frame.withFrame { avcodec_receive_frame(context, $0) }
  }
}

extension CodecContext {
  /// Why a decoder did not open.
  enum OpenFailure: Error {
    /// The context could not be allocated.
    case outOfMemory
    /// FFmpeg refused, with this (negative) code.
    case refused(Int32)
  }
}
