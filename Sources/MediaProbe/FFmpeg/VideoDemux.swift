package import CFFmpeg

/// A clip's main video stream and main audio stream (if any), read with every guard of the
/// probe, and the probe's facts about the file; for the transform module.
///
/// The bytes are opened and probed once (``ProbedBytes``: allowlisted demuxers, the pixel
/// budget, no network, no indirection), then demuxed again with the same demuxer under a deadline
/// (``ProbeOptions/timeLimitSeconds``, or one the caller scales to the clip). ``forEachPacket(_:)`` lends the two streams' packets
/// as read (for a stream copy); ``forEachFrame(audio:_:)`` decodes them and lends each frame.
/// Owns the format context and the decoders; lends their pointers only inside closures.
package final class VideoDemux {
  /// What the probe found.
  package let info: MediaInfo
  /// The container index of the video stream read.
  package let videoIndex: Int
  /// The container index of the audio stream read, if the file has sound.
  package let audioIndex: Int?
  private let input: InputFile
  private let maxPixels: Int
  private var videoDecoder: CodecContext?
  private var audioDecoder: CodecContext?

  /// Which of the two streams a packet or frame belongs to.
  package enum Kind: Sendable, Equatable {
    /// The main video stream.
    case video
    /// The main audio stream.
    case audio
  }

  /// A stream's facts as plain values.
  package struct Facts: Sendable {
    /// The time base its timestamps count in.
    package var timeBase: AVRational
    /// The presentation time of its first frame, in ``timeBase``, when the container states it.
    package var startTime: Int64?
    /// Its average frame rate, else the container's guess; `nil` for sound or when unknown.
    package var frameRate: AVRational?
    /// Its display matrix (9 values, 16.16 and 2.30 fixed point), if it has one.
    package var displayMatrix: [Int32]?
    /// Frames the decoder holds back for reordering (B-frames), as the container says.
    package var reorderDelay: Int
  }

  /// Opens and probes the clip at `path`; throws the probe's error for anything the probe
  /// refuses, and ``ProbeError/Reason/noMediaStream`` for a file without moving pictures.
  ///
  /// The probe runs under ``ProbeOptions/timeLimitSeconds``; every later read (demuxing and
  /// decoding, and whatever the caller does between reads, such as encoding) under the seconds
  /// `decodeTimeLimit` gives for what the probe found (the same limit when `nil`).
  package init(
    path: String, options: ProbeOptions, decodeTimeLimit: ((MediaInfo) -> Double)? = nil
  ) throws(ProbeError) {
    let probed = try ProbedBytes(path: path, options: options)
    guard probed.info.kind != .image, let video = probed.info.primaryVideoStream else {
      throw ProbeError(path: path, reason: .noMediaStream)
    }
    info = probed.info
    var decodeOptions = options
    if let decodeTimeLimit { decodeOptions.timeLimitSeconds = decodeTimeLimit(probed.info) }
    let input = try probed.reopen(options: decodeOptions, findStreamInfo: true)
    let count = input.streamCount
    guard video < count else { throw ProbeError(path: path, reason: .noMediaStream) }
    self.input = input
    videoIndex = video
    audioIndex = probed.info.primaryAudioStream.flatMap { $0 < count ? $0 : nil }
    maxPixels = options.maxPixels
  }

  /// The facts of the stream at `index` (``videoIndex`` or ``audioIndex``).
  package func facts(of index: Int) -> Facts {
    input.withStream(at: index) { stream in
      let start = stream.pointee.start_time
      var rate = stream.pointee.avg_frame_rate
      if rate.num <= 0 || rate.den <= 0 { rate = stream.pointee.r_frame_rate }
      let matrix = cffmpeg_stream_display_matrix(stream).map {
        Array(UnsafeBufferPointer(start: $0, count: 9))
      }
      return Facts(
        timeBase: stream.pointee.time_base,
        startTime: start == CFFMPEG_AV_NOPTS_VALUE ? nil : start,
        frameRate: rate.num > 0 && rate.den > 0 ? rate : nil, displayMatrix: matrix,
        reorderDelay: Int(stream.pointee.codecpar?.pointee.video_delay ?? 0))
    }
  }

  /// Runs `body` with the codec parameters of the stream at `index`; the pointer is valid only
  /// inside `body`.
  package func withParameters<Result, Failure: Error>(
    of index: Int, _ body: (UnsafePointer<AVCodecParameters>?) throws(Failure) -> Result
  ) throws(Failure) -> Result {
    try input.withStream(at: index) { (stream) throws(Failure) in
      try body(UnsafePointer(stream.pointee.codecpar))
    }
  }

  /// Reads the file in order, calling `body` with each packet of the two streams until it
  /// returns `false` or the file ends. The packet is valid (and may be changed) only inside
  /// `body`.
  package func forEachPacket<Failure: Error>(
    _ body: (Kind, UnsafeMutablePointer<AVPacket>) throws(Failure) -> Bool
  ) throws(ProbeError) -> Result<Void, Failure> {
    guard let packet = Packet() else { throw outOfMemory() }
    while try input.readPacket(into: packet) {
      defer { packet.unref() }
      guard let kind = kind(of: packet.streamIndex) else { continue }
      do {
        if try !packet.withPacket({ (pointer) throws(Failure) in try body(kind, pointer) }) {
          return .success(())
        }
      } catch {
        return .failure(error)
      }
    }
    return .success(())
  }

  /// Decodes the video stream (and the audio stream when `audio`) in file order, calling
  /// `body` with each frame until it returns `false` or both streams end (decoders drained).
  /// Decoders are opened with the pixel budget (`max_pixels`) on the first call.
  package func forEachFrame<Failure: Error>(
    audio: Bool, _ body: (Kind, UnsafePointer<AVFrame>) throws(Failure) -> Bool
  ) throws(ProbeError) -> Result<Void, Failure> {
    if videoDecoder == nil { videoDecoder = try openDecoder(videoIndex) }
    if audio, audioDecoder == nil, let audioIndex { audioDecoder = try openDecoder(audioIndex) }
    guard let packet = Packet(), let frame = Frame() else { throw outOfMemory() }
    while true {
      let read = try input.readPacket(into: packet)
      var batch: [(Kind, CodecContext)] = []
      if read {
        defer { packet.unref() }
        guard let kind = kind(of: packet.streamIndex),
          let decoder = kind == .video ? videoDecoder : audio ? audioDecoder : nil
        else { continue }
        let sent = decoder.send(packet)
        if sent < 0 && sent != CFFMPEG_AVERROR_EOF {
          throw input.failure(sent, otherwise: .undecodable)
        }
        batch = [(kind, decoder)]
      } else {
        for (kind, decoder) in [(Kind.video, videoDecoder), (.audio, audioDecoder)] {
          guard let decoder else { continue }
          _ = decoder.send(nil)
          batch.append((kind, decoder))
        }
      }
      for (kind, decoder) in batch {
        while true {
          let received = decoder.receive(into: frame)
          if received == CFFMPEG_AVERROR_EAGAIN || received == CFFMPEG_AVERROR_EOF { break }
          if received < 0 { throw input.failure(received, otherwise: .undecodable) }
          do {
            let more = try frame.withFrame { (pointer) throws(Failure) in
              try body(kind, UnsafePointer(pointer))
            }
            if !more { return .success(()) }
          } catch {
            return .failure(error)
          }
        }
      }
      if !read { return .success(()) }
    }
  }

  private func kind(of streamIndex: Int32) -> Kind? {
    if Int(streamIndex) == videoIndex { return .video }
    if let audioIndex, Int(streamIndex) == audioIndex { return .audio }
    return nil
  }

  private func openDecoder(_ index: Int) throws(ProbeError) -> CodecContext {
    var decoderOptions: OpaquePointer?
    DecoderOptions.fill(&decoderOptions, maxPixels: maxPixels)
    defer { av_dict_free(&decoderOptions) }
    do {
      return try input.withStream(at: index) { (stream) throws(CodecContext.OpenFailure) in
        try CodecContext(stream: stream, options: &decoderOptions)
      }
    } catch {
      switch error {
      case .outOfMemory: throw outOfMemory()
      case .refused(let code): throw input.failure(code, otherwise: .undecodable)
      }
    }
  }

  private func outOfMemory() -> ProbeError {
    ProbeError(path: info.path, reason: .other("out of memory"))
  }
}
