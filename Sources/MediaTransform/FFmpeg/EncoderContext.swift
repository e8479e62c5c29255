internal import CFFmpeg
internal import MediaProbe

/// One opened libavcodec encoder (`AVCodecContext`) for a single still picture, owned: opened by
/// `init`, freed in `deinit`. ``encode(_:)`` sends one frame, drains the encoder and returns the
/// bytes; the context itself is never lent.
final class EncoderContext {
  private var context: UnsafeMutablePointer<AVCodecContext>?
  private let qscale: Int?

  /// Opens the encoder `name` (`mjpeg`, `png`) for `width` × `height` frames of `format`, at
  /// the fixed quantiser scale `qscale` (2…31) when given.
  init(
    name: String, width: Int, height: Int, format: AVPixelFormat, qscale: Int? = nil
  ) throws(TransformError) {
    guard let codec = avcodec_find_encoder_by_name(name) else {
      throw .ffmpeg(stage: "encoder \(name)", code: cffmpeg_averror(ENOENT), message: "not found")
    }
    context = avcodec_alloc_context3(codec)
    guard let context else {
      throw .ffmpeg(stage: "encoder \(name)", code: cffmpeg_averror(ENOMEM), message: "no memory")
    }
    self.qscale = qscale
    context.pointee.width = Int32(width)
    context.pointee.height = Int32(height)
    context.pointee.pix_fmt = format
    context.pointee.time_base = AVRational(num: 1, den: 25)
    context.pointee.thread_count = 1
    if format == AV_PIX_FMT_YUVJ420P { context.pointee.color_range = AVCOL_RANGE_JPEG }
    if let qscale {
      context.pointee.flags |= AV_CODEC_FLAG_QSCALE
      context.pointee.global_quality = Int32(qscale) * FF_QP2LAMBDA
    }
    let code = avcodec_open2(context, codec, nil)
    if code < 0 { throw .ffmpeg(stage: "avcodec_open2 \(name)", code: code, message: describe(code)) }
  }

  deinit { avcodec_free_context(&context) }

  /// Encodes `frame` as the only picture and returns every byte the encoder gave for it.
  func encode(_ frame: Frame) throws(TransformError) -> [UInt8] {
    guard let context, let packet = Packet() else {
      throw .ffmpeg(stage: "encode", code: cffmpeg_averror(ENOMEM), message: "no memory")
    }
    frame.withFrame { frame in
      frame.pointee.pts = 0
      if let qscale { frame.pointee.quality = Int32(qscale) * FF_QP2LAMBDA }
    }
    var code = frame.withFrame { avcodec_send_frame(context, $0) }
    if code >= 0 { code = avcodec_send_frame(context, nil) }
    if code < 0 { throw .ffmpeg(stage: "avcodec_send_frame", code: code, message: describe(code)) }
    var bytes: [UInt8] = []
    while true {
      code = packet.withPacket { avcodec_receive_packet(context, $0) }
      if code == CFFMPEG_AVERROR_EOF { return bytes }
      if code < 0 {
        throw .ffmpeg(stage: "avcodec_receive_packet", code: code, message: describe(code))
      }
      packet.withPacket { packet in
        if let data = packet.pointee.data {
          bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(packet.pointee.size)))
        }
      }
      packet.unref()
    }
  }
}
