internal import CFFmpeg

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What one probe reads.
enum ProbeInput {
  /// A file, by its path.
  case file(path: String)
  /// Bytes in memory, and the name that errors and results call them by.
  case memory(MemoryByteSource, name: String)

  /// The path, or the name of the bytes.
  var name: String {
    switch self {
    case .file(let path): path
    case .memory(_, let name): name
    }
  }
}

/// A probe's input once opened: the file's descriptor, or the bytes.
enum OpenedInput {
  case file(FileByteSource)
  case memory(MemoryByteSource)

  /// What the probe's own readers read.
  var source: any ByteSource {
    switch self {
    case .file(let file): file
    case .memory(let bytes): bytes
    }
  }

  var byteSize: Int64 { source.count }

  /// The same bytes, for libavformat.
  func inputFile(name: String, deadline: Deadline) throws(ProbeError) -> InputFile {
    switch self {
    case .file(let file): try InputFile(file: file, name: name, deadline: deadline)
    case .memory(let bytes): try InputFile(bytes: bytes, name: name, deadline: deadline)
    }
  }
}

/// One probe of one file (or of bytes in memory), from the first stat to the finished
/// ``MediaInfo``, within one time budget.
///
/// The order matters for safety: the file is opened once and checked to be a regular file (every
/// reader after that, FFmpeg included, reads that descriptor), its content sniffed and (for
/// images) its header read before FFmpeg sees it, so the demuxer is chosen from the content and
/// oversized pictures are refused before any decoder allocates a frame; an MP4's sample tables
/// are checked against the bytes that back them before FFmpeg builds its index from them.
struct ProbeRun {
  let input: ProbeInput
  let options: ProbeOptions
  /// For tests: runs once the input is open and checked, before anything reads it (to swap or
  /// remove the path, proving it is never looked up again).
  var afterOpen: (() -> Void)? = nil

  /// The path, or the name of the bytes, for errors and the result.
  var path: String { input.name }

  func run() throws(ProbeError) -> MediaInfo {
    let deadline = Deadline(seconds: options.timeLimitSeconds)
    let opened = try openInput()
    afterOpen?()
    let source = TimeBoundSource(base: opened.source, deadline: deadline)
    let sniffed = try sniff(source, deadline: deadline)
    let header = try imageHeader(sniffed, source: source, deadline: deadline)

    let file = try opened.inputFile(name: path, deadline: deadline)
    let demuxer = try file.chooseDemuxer(preferred: sniffed?.demuxer)
    try checkSampleTables(demuxer: demuxer, source: source, deadline: deadline)
    try file.open(with: demuxer)
    guard let format = sniffed ?? DemuxerFormats.format(forDemuxer: file.demuxerName) else {
      throw ProbeError(path: path, reason: .unrecognized)
    }
    let isImage = format.family == .image
    if !isImage { try file.findStreamInfo(maxPixels: options.maxPixels) }

    var streams = file.streams.map {
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
    // The frame belongs to the decoder: both stay alive to the end of the run.
    let (decoder, frame) = try decodeFirstFrame(
      of: file.streams[decodeIndex], file: file, reader: reader)
    defer { withExtendedLifetime(decoder) {} }

    let problem = IntegrityCheck.problem(format: format.name, in: source)
    try deadline.check(path: path)  // a walk cut short by the deadline proves nothing
    if let problem { throw ProbeError(path: path, reason: problem) }
    var image: ImageDetails?
    if let videoIndex {
      StreamDescriber.apply(frame: frame, header: header, to: &streams[videoIndex])
      try checkPixelBudget(streams[videoIndex])
      if isImage {
        image = imageDetails(frame: frame, header: header, stream: &streams[videoIndex])
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
      : try measureDuration(
        file: file, source: source, deadline: deadline, reader: reader, streams: &streams,
        measured: [videoIndex, audioIndex].compactMap { $0 })
    if let videoIndex, reader.reachedEnd {
      StreamDescriber.applyPacketFrameRate(
        reader.extent.frameRate(stream: Int32(videoIndex)), to: &streams[videoIndex])
      StreamDescriber.applyPacketCount(
        reader.packetCounts[Int32(videoIndex), default: 0], to: &streams[videoIndex])
    }
    let late = lateStart(streams: streams, video: videoIndex, reader: reader, duration: duration)
    return MediaInfo(
      path: path, byteSize: opened.byteSize, fileExtension: Self.fileExtension(of: path),
      container: file.demuxerName, kind: kind(format: format, video: videoIndex),
      format: format.name, mimeType: format.mimeType, durationSeconds: duration?.seconds,
      durationSource: duration?.source, streams: streams, primaryVideoStream: videoIndex,
      primaryAudioStream: audioIndex, image: image, startSeconds: late?.start,
      frameSpanSeconds: late?.span)
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
  /// FFmpeg builds its index from them (``SampleTableGuard``).
  private func checkSampleTables(
    demuxer: UnsafePointer<AVInputFormat>, source: some ByteSource, deadline: Deadline
  ) throws(ProbeError) {
    guard String(cString: demuxer.pointee.name).hasPrefix("mov,") else { return }
    let problem = SampleTableGuard.problem(in: source)
    try deadline.check(path: path)  // a walk cut short by the deadline proves nothing
    if let problem { throw ProbeError(path: path, reason: problem) }
  }

  /// The first frame of `stream` with the decoder that owns it, or why there is none: an empty
  /// stream, or data that does not decode.
  private func decodeFirstFrame(
    of stream: UnsafeMutablePointer<AVStream>, file: InputFile, reader: PacketReader
  ) throws(ProbeError) -> (FrameDecoder, UnsafeMutablePointer<AVFrame>) {
    let decoder = try FrameDecoder(stream: stream, maxPixels: options.maxPixels, path: path)
    if let frame = try reader.firstFrame(from: decoder) { return (decoder, frame) }
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

  /// Orientation, animation and transparency of an image, applied to its stream.
  private func imageDetails(
    frame: UnsafeMutablePointer<AVFrame>, header: ImageHeader?, stream: inout StreamInfo
  ) -> ImageDetails {
    var orientation: ImageDetails.Orientation?
    if let tag = av_dict_get(frame.pointee.metadata, "Orientation", nil, 0),
      let value = Int(String(cString: tag.pointee.value).filter { !$0.isWhitespace }),
      (1...8).contains(value)
    {
      orientation = ImageDetails.Orientation(value: value, source: "exif")
    } else if let value = header?.orientation, let source = header?.orientationSource {
      orientation = ImageDetails.Orientation(value: value, source: source)
    }
    if let orientation {
      stream.rotation = orientation.rotation
      stream.mirrored = orientation.mirrored
    }
    // CMYK's K plane sits where FFmpeg's alpha would be: it is ink, not transparency.
    var transparent =
      stream.pixelFormat == "cmyk" ? nil : TransparencyScanner.hasTransparentPixels(frame)
    if stream.pixelFormat == "pal8" {  // a palette has an alpha channel only if it uses it
      if transparent != true { transparent = nil }
      stream.hasAlpha = transparent == true
    }
    let frameCount = header?.frameCount ?? stream.frameCount
    return ImageDetails(
      orientation: orientation,
      animated: header?.isAnimated == true || (frameCount ?? 1) > 1,
      frameCount: frameCount, hasTransparentPixels: transparent)
  }

  /// The duration and where it came from: the container's, unless FFmpeg only estimated it,
  /// stated none, or the file is fragmented; then every packet is read and counted.
  private func measureDuration(
    file: InputFile, source: some ByteSource, deadline: Deadline, reader: PacketReader,
    streams: inout [StreamInfo], measured: [Int]
  ) throws(ProbeError) -> (seconds: Double, source: DurationSource) {
    let isQuickTime = file.demuxerName.hasPrefix("mov,")
    if isQuickTime, let box = IsoBoxScanner.boxPastEnd(in: source) {
      throw ProbeError(
        path: path,
        reason: .truncated(
          "the '\(box.typeName)' box at byte \(box.offset) states \(box.statedSize) bytes; "
            + "the file has \(source.count)"))
    }
    let fragmented = isQuickTime && IsoBoxScanner.containsTopLevelBox("moof", in: source)
    try deadline.check(path: path)
    if isQuickTime, !fragmented, let end = file.indexedDataEnd, end > source.count {
      throw ProbeError(
        path: path,
        reason: .truncated(
          "the sample table points to byte \(end); the file has \(source.count) bytes"))
    }
    var stated: (seconds: Double, source: DurationSource)?
    if !fragmented, !file.hasUnknownStreamDuration, let header = file.containerDuration {
      switch header.method {
      case AVFMT_DURATION_FROM_STREAM: stated = (header.seconds, .container)
      case AVFMT_DURATION_FROM_PTS: stated = (header.seconds, .timestamps)
      default: break  // estimated from the bitrate: count instead
      }
    }
    if stated == nil, !fragmented, file.demuxerName == "mp3",
      let seconds = MpegAudioInfoTag.statedSeconds(source)
    {
      stated = (seconds, .container)  // a Xing header FFmpeg missed behind the tag's padding
    }
    // An indexed MP4/MOV is checked above without reading its samples; anything else is read
    // to the end (demuxing only), so a header that promises more than the data holds is caught.
    if let stated, isQuickTime { return stated }
    try reader.readToEnd()
    let counted = reader.extent.seconds(streams: measured.map { Int32($0) })
    if let stated {
      // Generous: the last packet's duration is often unknown (one-frame files count as 0 s).
      if stated.seconds - counted > max(1.0, stated.seconds * 0.25) {
        throw ProbeError(
          path: path,
          reason: .truncated(
            "the header says \(formatSeconds(stated.seconds)) s but the data holds "
              + "\(formatSeconds((counted * 1000).rounded() / 1000)) s"))
      }
      return stated
    }
    for index in streams.indices where reader.packetCounts[Int32(index), default: 0] > 0 {
      streams[index].durationSeconds = reader.extent.seconds(streams: [Int32(index)])
    }
    return (counted, .packets)
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
