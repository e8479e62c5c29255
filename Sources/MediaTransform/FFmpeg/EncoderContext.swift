internal import CFFmpeg
internal import MediaProbe

/// One opened libavcodec encoder (`AVCodecContext`), owned: opened by `init` (for still
/// pictures or for sound), freed in `deinit`. ``encode(_:)`` sends frames, drains the encoder
/// and returns the bytes of every packet in order; the context itself is never lent.
final class EncoderContext {
  private var context: UnsafeMutablePointer<AVCodecContext>?
  private let qscale: Int?

  /// Opens the encoder `name` for `width` × `height` pictures of `format` (`mjpeg`, `png`), at
  /// the fixed quantiser scale `qscale` (2…31) when given.
  convenience init(
    name: String, width: Int, height: Int, format: AVPixelFormat, qscale: Int? = nil
  ) throws(TransformError) {
    try self.init(name: name, qscale: qscale) { context in
      context.pointee.width = Int32(width)
      context.pointee.height = Int32(height)
      context.pointee.pix_fmt = format
      context.pointee.time_base = AVRational(num: 1, den: 25)
      if format == AV_PIX_FMT_YUVJ420P { context.pointee.color_range = AVCOL_RANGE_JPEG }
      if let qscale {
        context.pointee.flags |= AV_CODEC_FLAG_QSCALE
        context.pointee.global_quality = Int32(qscale) * FF_QP2LAMBDA
      }
    }
  }

  /// Opens the audio encoder `name` (`libmp3lame`) for planar signed 16-bit frames at
  /// `sampleRate` with `channels` channels, at `bitRate` bits a second (constant).
  convenience init(
    name: String, sampleRate: Int, channels: Int, bitRate: Int
  ) throws(TransformError) {
    try self.init(name: name, qscale: nil) { context in
      context.pointee.sample_fmt = AV_SAMPLE_FMT_S16P
      context.pointee.sample_rate = Int32(sampleRate)
      av_channel_layout_default(&context.pointee.ch_layout, Int32(channels))
      context.pointee.bit_rate = Int64(bitRate)
      context.pointee.time_base = AVRational(num: 1, den: Int32(sampleRate))
    }
  }

  private init(
    name: String, qscale: Int?, configure: (UnsafeMutablePointer<AVCodecContext>) -> Void
  ) throws(TransformError) {
    guard let codec = avcodec_find_encoder_by_name(name) else {
      throw .ffmpeg(stage: "encoder \(name)", code: cffmpeg_averror(ENOENT), message: "not found")
    }
    context = avcodec_alloc_context3(codec)
    guard let context else {
      throw .ffmpeg(stage: "encoder \(name)", code: cffmpeg_averror(ENOMEM), message: "no memory")
    }
    self.qscale = qscale
    context.pointee.thread_count = 1
    configure(context)
    let code = avcodec_open2(context, codec, nil)
    if code < 0 {
      throw .ffmpeg(stage: "avcodec_open2 \(name)", code: code, message: describe(code))
    }
  }

  deinit { avcodec_free_context(&context) }

  /// Samples per channel the encoder takes a frame (0: any number).
  var frameSize: Int { Int(context?.pointee.frame_size ?? 0) }

  /// Encodes `frames` in order, then drains the encoder; every byte of every packet.
  func encode(_ frames: [Frame]) throws(TransformError) -> [UInt8] {
    guard let context, let packet = Packet() else {
      throw .ffmpeg(stage: "encode", code: cffmpeg_averror(ENOMEM), message: "no memory")
    }
    var bytes: [UInt8] = []
    for frame in frames {
      frame.withFrame { frame in
        if let qscale { frame.pointee.quality = Int32(qscale) * FF_QP2LAMBDA }
      }
      let code = frame.withFrame { avcodec_send_frame(context, $0) }
      if code < 0 {
        throw .ffmpeg(stage: "avcodec_send_frame", code: code, message: describe(code))
      }
      try drain(context, packet, into: &bytes)
    }
    let code = avcodec_send_frame(context, nil)
    if code < 0 { throw .ffmpeg(stage: "avcodec_send_frame", code: code, message: describe(code)) }
    try drain(context, packet, into: &bytes)
    return bytes
  }

  /// Encodes `frame` as the only picture.
  func encode(_ frame: Frame) throws(TransformError) -> [UInt8] {
    frame.withFrame { $0.pointee.pts = 0 }
    return try encode([frame])
  }

  /// Appends every packet the encoder has ready (all that are left, once it was flushed).
  private func drain(
    _ context: UnsafeMutablePointer<AVCodecContext>, _ packet: Packet, into bytes: inout [UInt8]
  ) throws(TransformError) {
    while true {
      let code = packet.withPacket { avcodec_receive_packet(context, $0) }
      if code == CFFMPEG_AVERROR_EOF || code == CFFMPEG_AVERROR_EAGAIN { return }
      if code < 0 {
        throw .ffmpeg(stage: "avcodec_receive_packet", code: code, message: describe(code))
      }
      packet.withPacket { packet in
        if let data = packet.pointee.data {
          bytes.append(
            contentsOf: UnsafeBufferPointer(start: data, count: Int(packet.pointee.size)))
        }
      }
      packet.unref()
    }
  }
}
