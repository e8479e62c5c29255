internal import CFFmpeg

/// How long a clip or sound lasts, and how that is known: the container's header when FFmpeg
/// read it from there (checked against the data behind it), else every packet read and counted.
struct DurationMeasurement {
  /// The path, or the name of the bytes, for errors.
  let path: String
  let file: InputFile
  let source: TimeBoundSource
  let deadline: Deadline
  let reader: PacketReader
  /// The furthest chunk offset an MP4/MOV's sample tables state (``SampleTableGuard``).
  let furthestChunkOffset: UInt64?

  /// The duration of the streams `measured` and where it came from: the container's, unless FFmpeg only estimated it,
  /// stated none, or the file is fragmented; then every packet is read and counted.
  func measure(
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
    // A sample whose 64-bit offset FFmpeg cannot add its size to is left out of the index (and
    // so of the frames it reads), while the container still counts it.
    if isQuickTime, !fragmented, let offset = furthestChunkOffset, offset >= source.count {
      throw ProbeError(
        path: path,
        reason: .truncated(
          "the sample table points to byte \(offset); the file has \(source.count) bytes"))
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
}
