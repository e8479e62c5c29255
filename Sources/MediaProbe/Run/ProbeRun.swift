internal import CFFmpeg

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One probe of one file (or of bytes in memory), from the first stat to the finished
/// ``MediaInfo``, within one time budget.
///
/// The order matters for safety: the file is opened once and checked to be a regular file (every
/// reader after that, FFmpeg included, reads that descriptor), its content sniffed and (for
/// images) its header read before FFmpeg sees it, so the demuxer is chosen from the content and
/// oversized pictures are refused before any decoder allocates a frame; an MP4's sample tables
/// are checked against the bytes that back them before FFmpeg builds its index from them.
struct ProbeRun: Sendable {
  let input: ProbeInput
  let options: ProbeOptions
  /// For tests: runs once the input is open and checked, before anything reads it (to swap or
  /// remove the path, proving it is never looked up again).
  var afterOpen: (@Sendable () -> Void)? = nil
  /// Whether the answer keeps a still image's decoded first frame (``ProbeAnswer/picture``),
  /// for a caller that goes on to transform or draw it: the picture is then decoded once.
  var keepsPicture = false

  /// The path, or the name of the bytes, for errors and the result.
  var path: String { input.name }

  /// Runs the probe with a deadline of ``ProbeOptions/timeLimitSeconds`` from now.
  func run() throws(ProbeError) -> MediaInfo {
    try run(deadline: Deadline(seconds: options.timeLimitSeconds))
  }

  /// Runs the probe within `deadline` (which a caller may cancel from another thread). An error
  /// after the content was sniffed carries what the sniffer recognised
  /// (``ProbeError/sniffedFormat``).
  func run(deadline: Deadline) throws(ProbeError) -> MediaInfo {
    try answer(deadline: deadline).info
  }

  /// Runs the probe within `deadline`, as ``run(deadline:)``, and keeps a still image's decoded
  /// first frame in the answer when ``keepsPicture``.
  func answer(deadline: Deadline) throws(ProbeError) -> ProbeAnswer {
    let opened = try openInput()
    afterOpen?()
    let source = TimeBoundSource(base: opened.source, deadline: deadline)
    let sniffed = try sniff(source, deadline: deadline)
    do {
      return try read(opened, source: source, sniffed: sniffed, deadline: deadline)
    } catch {
      throw error.withSniffedFormat(sniffed?.content)
    }
  }

  /// Everything after the sniff: the image header, FFmpeg's demuxing and decoding, the checks
  /// and the description.
  private func read(
    _ opened: OpenedInput, source: TimeBoundSource, sniffed: SniffedFormat?, deadline: Deadline
  ) throws(ProbeError) -> ProbeAnswer {
    let header = try imageHeader(sniffed, source: source, deadline: deadline)

    let file = try opened.inputFile(name: path, deadline: deadline)
    let demuxer = try file.chooseDemuxer(preferred: sniffed?.demuxer)
    let furthestChunkOffset = try checkSampleTables(
      demuxer: demuxer, source: source, deadline: deadline)
    try file.open(with: demuxer)
    guard let format = sniffed ?? DemuxerFormats.format(forDemuxer: file.demuxerName) else {
      throw ProbeError(path: path, reason: .unrecognized)
    }
    let isImage = format.family == .image
    if !isImage { try file.findStreamInfo(maxPixels: options.maxPixels) }

    var streams = file.mapStreams {
      StreamDescriber.describe($0, in: file, isImageFile: isImage)
    }
    let videoIndex = StreamChoice.primaryVideo(streams)
    let audioIndex = StreamChoice.primaryAudio(streams)
    guard let decodeIndex = videoIndex ?? audioIndex else {
      throw ProbeError(path: path, reason: .noMediaStream)
    }
    if let videoIndex { try checkPixelBudget(streams[videoIndex]) }
    if let damaged = streams.first(where: {
      [.video, .audio].contains($0.kind) && $0.codec == "none"
    }) {
      throw ProbeError(path: path, reason: .unknownCodec(stream: damaged.index))
    }
    let reader = PacketReader(
      file: file,
      lastPacketMayBeShort: format.name == "wav" && IntegrityCheck.wavDataRunsToEnd(source))
    // The first frame stays in the decoder, lent to what reads it below.
    let decoder = try decodeFirstFrame(of: decodeIndex, file: file, reader: reader)

    let problem = IntegrityCheck.problem(format: format.name, in: source)
    try deadline.check(path: path)  // a walk cut short by the deadline proves nothing
    if let problem { throw ProbeError(path: path, reason: problem) }
    var image: ImageDetails?
    if let videoIndex {
      decoder.withFrame {
        StreamDescriber.apply(frame: $0, header: header, to: &streams[videoIndex])
      }
      try checkPixelBudget(streams[videoIndex])
      if isImage {
        image = decoder.withFrame {
          ImageDescriber.details(frame: $0, header: header, stream: &streams[videoIndex])
        }
      }
    }
    for index in streams.indices {
      StreamDescriber.computeDisplaySize(&streams[index], ignoringAspect: isImage)
    }
    if let videoIndex, (streams[videoIndex].displayWidth ?? 0) <= 0 {
      throw ProbeError(path: path, reason: .invalidDimensions)
    }

    let duration =
      isImage
      ? nil
      : try DurationMeasurement(
        path: path, file: file, source: source, deadline: deadline, reader: reader,
        furthestChunkOffset: furthestChunkOffset
      ).measure(streams: &streams, measured: [videoIndex, audioIndex].compactMap { $0 })
    if let videoIndex, reader.reachedEnd {
      StreamDescriber.applyPacketFrameRate(
        reader.extent.frameRate(stream: Int32(videoIndex)), to: &streams[videoIndex])
      StreamDescriber.applyPacketCount(
        reader.packetCounts[Int32(videoIndex), default: 0], to: &streams[videoIndex])
    }
    let late = lateStart(streams: streams, video: videoIndex, reader: reader, duration: duration)
    let info = MediaInfo(
      path: path, byteSize: opened.byteSize, fileExtension: Self.fileExtension(of: path),
      container: file.demuxerName, kind: kind(format: format, video: videoIndex),
      format: format.name, mimeType: format.mimeType, durationSeconds: duration?.seconds,
      durationSource: duration?.source, streams: streams, primaryVideoStream: videoIndex,
      primaryAudioStream: audioIndex, image: image, startSeconds: late?.start,
      frameSpanSeconds: late?.span)
    guard keepsPicture, info.kind == .image, videoIndex != nil else {
      return ProbeAnswer(info: info, picture: nil)
    }
    return ProbeAnswer(info: info, picture: try keptPicture(of: decoder, info: info))
  }

  /// A reference to the first frame `decoder` holds (its buffers are shared, not copied), as
  /// the picture an answer keeps.
  private func keptPicture(
    of decoder: FrameDecoder, info: MediaInfo
  ) throws(ProbeError) -> FirstImageFrame {
    guard let copy = Frame() else { throw ProbeError(path: path, reason: .other("out of memory")) }
    let code = decoder.withFrame { source in copy.withFrame { av_frame_ref($0, source) } }
    guard code >= 0 else { throw ProbeError(path: path, reason: .other("out of memory")) }
    return FirstImageFrame(info: info, frame: copy)
  }

  /// When a video's first frame comes ``MediaInfo/lateStartThreshold`` or more after the start
  /// of its timeline, that time and the span of its frames (the stream's duration, else its
  /// packets'). MPEG program and transport streams (durations from timestamps) are left out:
  /// their timeline begins at their first timestamp, whatever its value.
  private func lateStart(
    streams: [StreamInfo], video: Int?, reader: PacketReader,
    duration: (seconds: Double, source: DurationSource)?
  ) -> (start: Double, span: Double)? {
    guard let video, streams[video].kind == .video, duration?.source != .timestamps,
      let start = streams[video].startSeconds, start >= MediaInfo.lateStartThreshold,
      let span = streams[video].durationSeconds
        ?? (reader.reachedEnd ? reader.extent.seconds(streams: [Int32(video)]) : nil)
    else { return nil }
    return (start, span)
  }

  /// Opens the file once (refusing anything but a non-empty regular file), or takes the bytes.
  private func openInput() throws(ProbeError) -> OpenedInput {
    switch input {
    case .file(let path):
      return .file(try FileGate.open(path))
    case .memory(let bytes, let name):
      guard bytes.count > 0 else { throw ProbeError(path: name, reason: .empty) }
      return .memory(bytes)
    }
  }

  /// Names the format from the first bytes.
  private func sniff(
    _ source: some ByteSource, deadline: Deadline
  ) throws(ProbeError) -> SniffedFormat? {
    let head: [UInt8]
    do {
      head = try source.bytes(at: 0, length: ContentSniffer.headLength)
    } catch {
      try deadline.check(path: path)
      throw ProbeError(path: path, reason: .readFailed)
    }
    return ContentSniffer.sniff(head)
  }

  /// For an MP4/MOV, refuses sample tables that claim more than the file can back, before
  /// FFmpeg builds its index from them (``SampleTableGuard``); returns the furthest chunk offset
  /// they state.
  private func checkSampleTables(
    demuxer: Demuxer, source: some ByteSource, deadline: Deadline
  ) throws(ProbeError) -> UInt64? {
    guard demuxer.name.hasPrefix("mov,") else { return nil }
    let (problem, furthestChunkOffset) = SampleTableGuard.inspect(source)
    try deadline.check(path: path)  // a walk cut short by the deadline proves nothing
    if let problem { throw ProbeError(path: path, reason: problem) }
    return furthestChunkOffset
  }

  /// A decoder holding the first frame of the stream at `index`, or why there is none: an empty
  /// stream, or data that does not decode.
  private func decodeFirstFrame(
    of index: Int, file: InputFile, reader: PacketReader
  ) throws(ProbeError) -> FrameDecoder {
    let decoder = try file.withStream(at: index) { (stream) throws(ProbeError) in
      try FrameDecoder(stream: stream, maxPixels: options.maxPixels, path: path)
    }
    if try reader.decodeFirstFrame(with: decoder) { return decoder }
    guard reader.packetCounts[decoder.streamIndex, default: 0] > 0 else {
      throw ProbeError(path: path, reason: .emptyStream)
    }
    throw file.failure(decoder.lastError ?? CFFMPEG_AVERROR_INVALIDDATA, otherwise: .undecodable)
  }

  /// Reads an image's header (size, orientation, animation) before any decoder runs, and
  /// refuses sizes of zero or over the pixel budget.
  private func imageHeader(
    _ sniffed: SniffedFormat?, source: some ByteSource, deadline: Deadline
  ) throws(ProbeError) -> ImageHeader? {
    guard let sniffed, sniffed.family == .image else { return nil }
    let header = ImageHeaderReader.read(source, format: sniffed.name)
    try deadline.check(path: path)  // a walk cut short by the deadline proves nothing
    guard let header else { return nil }
    guard header.width > 0, header.height > 0 else {
      throw ProbeError(path: path, reason: .invalidDimensions)
    }
    try checkPixelBudget(width: header.width, height: header.height)
    if header.metadataBomb {
      throw ProbeError(
        path: path, reason: .decompressionBomb(limit: ImageHeaderReader.maxInflatedMetadata))
    }
    return header
  }

  private func checkPixelBudget(_ stream: StreamInfo) throws(ProbeError) {
    guard let width = stream.width, let height = stream.height else { return }
    try checkPixelBudget(width: width, height: height)
  }

  private func checkPixelBudget(width: Int, height: Int) throws(ProbeError) {
    let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
    if overflow || pixels > options.maxPixels {
      throw ProbeError(
        path: path,
        reason: .pixelBudgetExceeded(width: width, height: height, limit: options.maxPixels))
    }
  }

  private func kind(format: SniffedFormat, video: Int?) -> MediaKind {
    if format.family == .image { return .image }
    return video == nil ? .audio : .video
  }

  private static func fileExtension(of path: String) -> String {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
    return name[name.index(after: dot)...].lowercased()
  }
}
