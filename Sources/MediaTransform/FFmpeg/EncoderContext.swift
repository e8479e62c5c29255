internal import CFFmpeg
internal import MediaProbe

/// One opened libavcodec encoder (`AVCodecContext`), owned: opened by `init` (for still
/// pictures, for sound, or for a clip's streams), freed in `deinit`. ``encode(_:)`` sends
/// frames, drains the encoder and returns the bytes of every packet in order;
/// ``send(_:each:)`` streams packets to a muxer. The context itself is never lent.
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
    name: String, qscale: Int?, options: [(String, String)] = [],
    configure: (UnsafeMutablePointer<AVCodecContext>) -> Void
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
    var dictionary: OpaquePointer?
    defer { av_dict_free(&dictionary) }
    for (key, value) in options { av_dict_set(&dictionary, key, value, 0) }
    let code = avcodec_open2(context, codec, &dictionary)
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

extension EncoderContext {
  /// How libx264 spends bits.
  enum RateControl {
    /// Constant quality at this CRF (0…51).
    case crf(Int)
    /// An average of this many bits a second, capped by the same maximum rate over a buffer of
    /// one second (ABR with VBV).
    case average(bitRate: Int)
  }

  /// Opens libx264 for `width` × `height` yuv420p pictures (limited range, tagged with
  /// `colorspace`, of `sampleAspectRatio` when not square) stamped in `timeBase` at
  /// `frameRate`, with the x264 `preset`, `rate` and `threads` threads; with global headers, as
  /// MP4 wants them.
  convenience init(
    h264Width width: Int, height: Int, timeBase: AVRational, frameRate: AVRational,
    sampleAspectRatio: AVRational?, preset: String, rate: RateControl, colorspace: AVColorSpace,
    threads: Int
  ) throws(TransformError) {
    var options = [("preset", preset)]
    if case .crf(let crf) = rate { options.append(("crf", String(crf))) }
    try self.init(name: "libx264", qscale: nil, options: options) { context in
      context.pointee.width = Int32(width)
      context.pointee.height = Int32(height)
      context.pointee.pix_fmt = AV_PIX_FMT_YUV420P
      context.pointee.time_base = timeBase
      context.pointee.framerate = frameRate
      if let sampleAspectRatio { context.pointee.sample_aspect_ratio = sampleAspectRatio }
      context.pointee.color_range = AVCOL_RANGE_MPEG
      context.pointee.colorspace = colorspace
      let bt709 = colorspace == AVCOL_SPC_BT709
      context.pointee.color_primaries = bt709 ? AVCOL_PRI_BT709 : AVCOL_PRI_SMPTE170M
      context.pointee.color_trc = bt709 ? AVCOL_TRC_BT709 : AVCOL_TRC_SMPTE170M
      context.pointee.flags |= AV_CODEC_FLAG_GLOBAL_HEADER
      context.pointee.thread_count = Int32(threads)
      if case .average(let bitRate) = rate {
        context.pointee.bit_rate = Int64(bitRate)
        context.pointee.rc_max_rate = Int64(bitRate)
        context.pointee.rc_buffer_size = Int32(clamping: bitRate)
      }
    }
  }

  /// Opens FFmpeg's native `aac` encoder (AAC-LC) for planar float frames at `sampleRate` with
  /// `channels` channels, at `bitRate` bits a second; with global headers.
  convenience init(aacSampleRate sampleRate: Int, channels: Int, bitRate: Int)
    throws(TransformError)
  {
    try self.init(name: "aac", qscale: nil) { context in
      context.pointee.sample_fmt = AV_SAMPLE_FMT_FLTP
      context.pointee.sample_rate = Int32(sampleRate)
      av_channel_layout_default(&context.pointee.ch_layout, Int32(channels))
      context.pointee.bit_rate = Int64(bitRate)
      context.pointee.time_base = AVRational(num: 1, den: Int32(sampleRate))
      context.pointee.flags |= AV_CODEC_FLAG_GLOBAL_HEADER
    }
  }

  /// The time base the encoder's packets are stamped in.
  var timeBase: AVRational { context?.pointee.time_base ?? AVRational(num: 1, den: 1) }

  /// Fills `parameters` (a muxer stream's) from the opened encoder; FFmpeg's code.
  func fill(_ parameters: UnsafeMutablePointer<AVCodecParameters>) -> Int32 {
    avcodec_parameters_from_context(parameters, context)
  }

  /// Sends `frame` (`nil`: the end, which drains the encoder) and calls `each` with every
  /// packet the encoder has ready; the packet is valid only inside `each`.
  func send(
    _ frame: Frame?, each: (UnsafeMutablePointer<AVPacket>) throws(TransformError) -> Void
  ) throws(TransformError) {
    guard let context, let packet = Packet() else {
      throw .ffmpeg(stage: "encode", code: cffmpeg_averror(ENOMEM), message: "no memory")
    }
    let sent =
      frame.map { $0.withFrame { avcodec_send_frame(context, $0) } }
      ?? avcodec_send_frame(context, nil)
    if sent < 0 { throw .ffmpeg(stage: "avcodec_send_frame", code: sent, message: describe(sent)) }
    while true {
      let code = packet.withPacket { avcodec_receive_packet(context, $0) }
      if code == CFFMPEG_AVERROR_EOF || code == CFFMPEG_AVERROR_EAGAIN { return }
      if code < 0 {
        throw .ffmpeg(stage: "avcodec_receive_packet", code: code, message: describe(code))
      }
      defer { packet.unref() }
      try packet.withPacket { (pointer) throws(TransformError) in try each(pointer) }
    }
  }
}
