internal import CFFmpeg
internal import MediaProbe

/// One libavformat MP4 muxer (an output `AVFormatContext` and the file it writes), owned:
/// `init` opens `path` for writing (the `file` protocol only), streams are added, then
/// ``writeHeader(faststart:)``, ``write(_:stream:from:)`` and ``finish()``; `deinit` closes the
/// file and frees the context. The context itself is never lent.
///
/// With faststart the muxer moves the `moov` box before `mdat` in the trailer, reading the file
/// back by its path; the path is a temporary file of ``AtomicFile``'s, renamed by the caller.
final class Muxer {
  private var context: UnsafeMutablePointer<AVFormatContext>?
  private let path: String
  private var headerWritten = false

  /// Opens `path` (created or truncated) for an MP4.
  init(path: String) throws(TransformError) {
    self.path = path
    var made: UnsafeMutablePointer<AVFormatContext>?
    var code = avformat_alloc_output_context2(&made, nil, "mp4", path)
    guard code >= 0, let made else {
      throw .ffmpeg(stage: "avformat_alloc_output_context2", code: code, message: describe(code))
    }
    context = made
    var options: OpaquePointer?
    av_dict_set(&options, "protocol_whitelist", "file", 0)
    defer { av_dict_free(&options) }
    code = avio_open2(&made.pointee.pb, path, AVIO_FLAG_WRITE, nil, &options)
    if code < 0 { throw .writeFailed(path: path, reason: describe(code)) }
  }

  deinit {
    if let context {
      if context.pointee.pb != nil { avio_closep(&context.pointee.pb) }
      avformat_free_context(context)
    }
  }

  /// Adds a stream whose packets are copied, with `parameters` (the source's, without its
  /// container tag) in `timeBase`; its index.
  func addStream(
    copying parameters: UnsafePointer<AVCodecParameters>?, timeBase: AVRational
  ) throws(TransformError) -> Int32 {
    try newStream { (stream) throws(TransformError) in
      let code = avcodec_parameters_copy(stream.pointee.codecpar, parameters)
      if code < 0 {
        throw .ffmpeg(stage: "avcodec_parameters_copy", code: code, message: describe(code))
      }
      stream.pointee.codecpar.pointee.codec_tag = 0
      stream.pointee.time_base = timeBase
      return stream.pointee.index
    }
  }

  /// Adds a stream for `encoder`'s packets; its index.
  func addStream(from encoder: EncoderContext) throws(TransformError) -> Int32 {
    try newStream { (stream) throws(TransformError) in
      let code = encoder.fill(stream.pointee.codecpar)
      if code < 0 {
        throw .ffmpeg(
          stage: "avcodec_parameters_from_context", code: code, message: describe(code))
      }
      stream.pointee.time_base = encoder.timeBase
      stream.pointee.sample_aspect_ratio = stream.pointee.codecpar.pointee.sample_aspect_ratio
      return stream.pointee.index
    }
  }

  /// Gives stream `index` the display matrix `matrix` (9 values).
  func setDisplayMatrix(_ matrix: [Int32], stream index: Int32) throws(TransformError) {
    guard matrix.count == 9 else { return }
    let code = matrix.withUnsafeBufferPointer { buffer in
      withStream(index) { cffmpeg_stream_set_display_matrix($0, buffer.baseAddress) }
    }
    if code < 0 { throw .ffmpeg(stage: "display matrix", code: code, message: describe(code)) }
  }

  /// Sets the file's metadata `key` to `value`, before ``writeHeader(faststart:)`` (the MP4
  /// muxer writes `comment` as the `©cmt` item of `moov/udta/meta/ilst`).
  func setMetadata(_ key: String, _ value: String) throws(TransformError) {
    guard let context else { return }
    let code = av_dict_set(&context.pointee.metadata, key, value, 0)
    if code < 0 { throw .ffmpeg(stage: "av_dict_set \(key)", code: code, message: describe(code)) }
  }

  /// Writes the header; with `faststart`, asks for `moov` before `mdat`.
  func writeHeader(faststart: Bool) throws(TransformError) {
    var options: OpaquePointer?
    if faststart { av_dict_set(&options, "movflags", "+faststart", 0) }
    defer { av_dict_free(&options) }
    let code = avformat_write_header(context, &options)
    if code < 0 {
      throw .ffmpeg(stage: "avformat_write_header", code: code, message: describe(code))
    }
    headerWritten = true
  }

  /// The time base of stream `index` (the muxer may change it when writing the header).
  func timeBase(of index: Int32) -> AVRational {
    withStream(index) { $0.pointee.time_base }
  }

  /// Writes `packet` to stream `index`, its timestamps converted from `timeBase` (the packet
  /// is taken: it is blank afterwards).
  func write(
    _ packet: UnsafeMutablePointer<AVPacket>, stream index: Int32, from timeBase: AVRational
  ) throws(TransformError) {
    packet.pointee.stream_index = index
    av_packet_rescale_ts(packet, timeBase, self.timeBase(of: index))
    packet.pointee.pos = -1
    let code = av_interleaved_write_frame(context, packet)
    if code < 0 {
      throw .ffmpeg(stage: "av_interleaved_write_frame", code: code, message: describe(code))
    }
  }

  /// Writes the trailer (and, with faststart, moves `moov` forward) and closes the file.
  func finish() throws(TransformError) {
    guard let context, headerWritten else { return }
    let code = av_write_trailer(context)
    if code < 0 { throw .ffmpeg(stage: "av_write_trailer", code: code, message: describe(code)) }
    let closed = avio_closep(&context.pointee.pb)
    if closed < 0 { throw .writeFailed(path: path, reason: describe(closed)) }
  }

  /// Adds a stream to the output and lends it to `body` (the context owns it).
  private func newStream<Result>(
    _ body: (UnsafeMutablePointer<AVStream>) throws(TransformError) -> Result
  ) throws(TransformError) -> Result {
    guard let stream = avformat_new_stream(context, nil), stream.pointee.codecpar != nil else {
      throw .ffmpeg(stage: "avformat_new_stream", code: cffmpeg_averror(ENOMEM), message: "")
    }
    return try body(stream)
  }

  private func withStream<Result>(
    _ index: Int32, _ body: (UnsafeMutablePointer<AVStream>) -> Result
  ) -> Result {
    guard let context, index >= 0, UInt32(index) < context.pointee.nb_streams,
      let stream = context.pointee.streams[Int(index)]
    else { preconditionFailure("stream \(index)") }
    return body(stream)
  }
}
