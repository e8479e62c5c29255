internal import CFFmpeg

/// One media file opened with libavformat, safely: FFmpeg reads it through an ``IOContext`` of
/// our own, over the descriptor the probe opened (``FileGate``) or over bytes in memory, and is
/// given no URL, so it never opens a path; only demuxers the ``DemuxerPolicy`` allows run; and
/// every read fails once the deadline has passed.
///
/// Owns its `AVFormatContext` (and the ``IOContext`` under it) and frees it in `deinit`. Its
/// streams are lent only inside ``withStream(at:_:)``; everything else it tells is a Swift
/// value. It lives inside one probe call and is never shared between threads.
final class InputFile {
  /// The path as the caller gave it (or the name given to bytes in memory), for error messages.
  let path: String
  private let deadline: Deadline
  private let io: IOContext
  private var context: UnsafeMutablePointer<AVFormatContext>?

  /// Reads the opened file `file`, called `name` in errors; nothing is parsed yet.
  convenience init(file: FileByteSource, name: String, deadline: Deadline) throws(ProbeError) {
    try self.init(io: IOContext(file: file, deadline: deadline), name: name, deadline: deadline)
  }

  /// Reads `bytes` from memory under the name `name`; nothing is parsed yet.
  convenience init(bytes: MemoryByteSource, name: String, deadline: Deadline) throws(ProbeError) {
    try self.init(io: IOContext(bytes: bytes, deadline: deadline), name: name, deadline: deadline)
  }

  /// Reads through `io` (`nil`: it could not be allocated).
  private init(io: IOContext?, name: String, deadline: Deadline) throws(ProbeError) {
    guard let io else { throw ProbeError(path: name, reason: .other("out of memory")) }
    path = name
    self.deadline = deadline
    self.io = io
  }

  deinit {
    // Before `io` goes: the format context reads through it.
    avformat_close_input(&context)
  }

  /// The demuxer to read the file with: `preferred` (chosen from the content by the sniffer)
  /// when given, otherwise FFmpeg's own guess from the content; either must pass the policy.
  func chooseDemuxer(preferred: String?) throws(ProbeError) -> Demuxer {
    var format: UnsafePointer<AVInputFormat>?
    if let preferred {
      format = av_find_input_format(preferred)
    } else {
      let code = io.withContext { av_probe_input_buffer2($0, &format, "", nil, 0, 1 << 20) }
      if code < 0 {
        throw failure(code, otherwise: .unrecognized)
      }
    }
    guard let format else { throw ProbeError(path: path, reason: .unrecognized) }
    let name = String(cString: format.pointee.name)
    switch DemuxerPolicy.verdict(for: name) {
    case .allowed: return Demuxer(format: format)
    case .refused(let what): throw ProbeError(path: path, reason: .refusedFormat(what))
    case .unknown: throw ProbeError(path: path, reason: .unrecognized)
    }
  }

  /// Reads the container header with `demuxer`.
  func open(with demuxer: Demuxer) throws(ProbeError) {
    guard var context = avformat_alloc_context() else { throw outOfMemory() }
    io.withContext { context.pointee.pb = $0 }
    context.pointee.flags |= AVFMT_FLAG_CUSTOM_IO
    context.pointee.interrupt_callback = deadline.interruptCallback
    var options: OpaquePointer?
    av_dict_set(&options, "protocol_whitelist", "file", 0)
    defer { av_dict_free(&options) }
    var opened: UnsafeMutablePointer<AVFormatContext>? = context
    // No URL: nothing FFmpeg is told names a file, a protocol or a folder to resolve against.
    let code = avformat_open_input(&opened, "", demuxer.format, &options)
    guard code >= 0, let opened else {
      // avformat_open_input frees the context on failure; the AVIOContext stays ours.
      throw failure(code, otherwise: .unrecognized)
    }
    context = opened
    self.context = context
    // A header cut short by the deadline can still "open": what it says is not the file's.
    try deadline.check(path: path)
  }

  /// Reads packets until every stream's parameters are known, letting decoders allocate at
  /// most `maxPixels` pixels a frame.
  func findStreamInfo(maxPixels: Int) throws(ProbeError) {
    guard let context else { return }
    let count = Int(context.pointee.nb_streams)
    let options = UnsafeMutablePointer<OpaquePointer?>.allocate(capacity: max(count, 1))
    options.initialize(repeating: nil, count: max(count, 1))
    defer {
      for index in 0..<max(count, 1) { av_dict_free(&options[index]) }
      options.deallocate()
    }
    for index in 0..<count { DecoderOptions.fill(&options[index], maxPixels: maxPixels) }
    let code = avformat_find_stream_info(context, options)
    if code < 0 { throw failure(code, otherwise: .unrecognized) }
    try deadline.check(path: path)
  }

  /// The demuxer's name, e.g. `mov,mp4,m4a,3gp,3g2,mj2`.
  var demuxerName: String {
    guard let format = context?.pointee.iformat else { return "" }
    return String(cString: format.pointee.name)
  }

  /// How many streams the container has.
  var streamCount: Int {
    guard let context, context.pointee.streams != nil else { return 0 }
    return Int(context.pointee.nb_streams)
  }

  /// Runs `body` with the stream at `index` (0 ..< ``streamCount``); the pointer is valid only
  /// inside `body`.
  func withStream<Result, Failure: Error>(
    at index: Int, _ body: (UnsafeMutablePointer<AVStream>) throws(Failure) -> Result
  ) throws(Failure) -> Result {
    guard let context, index >= 0, index < streamCount, let stream = context.pointee.streams[index]
    else { preconditionFailure("stream \(index) of \(streamCount)") }
    return try body(stream)
  }

  /// Runs `body` with each stream in file order, collecting what it returns.
  func mapStreams<Value>(_ body: (UnsafeMutablePointer<AVStream>) -> Value) -> [Value] {
    (0..<streamCount).map { withStream(at: $0, body) }
  }

  /// Each stream's time base, by stream index.
  var timeBases: [Int32: AVRational] {
    Dictionary(
      mapStreams { ($0.pointee.index, $0.pointee.time_base) },
      uniquingKeysWith: { first, _ in first })
  }

  /// The container's duration in seconds and how FFmpeg obtained it, if it states one.
  var containerDuration: (seconds: Double, method: AVDurationEstimationMethod)? {
    guard let context, context.pointee.duration != CFFMPEG_AV_NOPTS_VALUE,
      context.pointee.duration > 0
    else { return nil }
    let seconds = Double(context.pointee.duration) / Double(AV_TIME_BASE)
    return (seconds, av_fmt_ctx_get_duration_estimation_method(context))
  }

  /// The furthest byte the container's sample index points at (the end of the last indexed
  /// sample of any stream), when the demuxer built an index (MP4/MOV sample tables do).
  var indexedDataEnd: Int64? {
    let ends = mapStreams { stream -> Int64? in
      let count = avformat_index_get_entries_count(stream)
      guard count > 0, let last = avformat_index_get_entry(stream, count - 1) else { return nil }
      return last.pointee.pos + Int64(last.pointee.size)
    }
    return ends.compactMap { $0 }.max()
  }

  /// Whether a stream states the duration 0xFFFFFFFF, which an MP4 muxer writes for "unknown"
  /// (a fragmented MP4 without `mehd`: FFmpeg then reports 143,165 s at 30,000 ticks a second).
  var hasUnknownStreamDuration: Bool {
    mapStreams { $0.pointee.duration == 0xFFFF_FFFF }.contains(true)
  }

  /// The sample aspect ratio FFmpeg would display `stream` with.
  func sampleAspectRatio(of stream: UnsafeMutablePointer<AVStream>) -> AVRational {
    av_guess_sample_aspect_ratio(context, stream, nil)
  }

  /// Reads the next packet into `packet`; `false` at the end of the file.
  func readPacket(into packet: Packet) throws(ProbeError) -> Bool {
    guard let context else { return false }
    try deadline.check(path: path)
    let code = packet.withPacket { av_read_frame(context, $0) }
    if code == CFFMPEG_AVERROR_EOF {
      // A read refused at the deadline looks like the end of the file to the demuxer.
      try deadline.check(path: path)
      return false
    }
    if code < 0 { throw failure(code, otherwise: .undecodable) }
    return true
  }

  /// An error for a failed FFmpeg call: a time-out when the deadline fired, else `reason`.
  func failure(_ code: Int32, otherwise reason: ProbeError.Reason) -> ProbeError {
    if deadline.hasFired || code == CFFMPEG_AVERROR_EXIT {
      // Whatever FFmpeg says after an interrupt is a consequence, not a cause.
      return deadline.stopError(path: path)
    }
    return ProbeError(
      path: path, reason: reason, ffmpegCode: code, ffmpegMessage: ffmpegErrorDescription(code))
  }

  private func outOfMemory() -> ProbeError {
    ProbeError(path: path, reason: .other("out of memory"))
  }
}

/// A demuxer the policy allowed: static data in libavformat, never freed.
struct Demuxer {
  let format: UnsafePointer<AVInputFormat>

  /// FFmpeg's name for it, e.g. `mov,mp4,m4a,3gp,3g2,mj2`.
  var name: String { String(cString: format.pointee.name) }
}
