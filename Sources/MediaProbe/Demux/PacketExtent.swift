internal import CFFmpeg

/// The span of time the packets of each stream cover, gathered while reading them.
///
/// Gives an exact duration when the container has none, or only FFmpeg's bitrate estimate.
struct PacketExtent {
  private var starts: [Int32: Double] = [:]
  private var ends: [Int32: Double] = [:]
  private var totals: [Int32: Double] = [:]
  private var latestStarts: [Int32: Double] = [:]
  private var stampedCounts: [Int32: Int] = [:]

  /// Accounts for one packet of a stream with time base `base`.
  mutating func add(_ packet: AVPacket, base: AVRational) {
    guard base.den > 0 else { return }
    let scale = Double(base.num) / Double(base.den)
    let duration = packet.duration > 0 ? Double(packet.duration) * scale : 0
    totals[packet.stream_index, default: 0] += duration
    let stamp = packet.pts != CFFMPEG_AV_NOPTS_VALUE ? packet.pts : packet.dts
    guard stamp != CFFMPEG_AV_NOPTS_VALUE else { return }
    let start = Double(stamp) * scale
    starts[packet.stream_index] = min(starts[packet.stream_index] ?? start, start)
    ends[packet.stream_index] = max(ends[packet.stream_index] ?? start, start + duration)
    latestStarts[packet.stream_index] = max(latestStarts[packet.stream_index] ?? start, start)
    stampedCounts[packet.stream_index, default: 0] += 1
  }

  /// The frames a second that a video stream's packet timestamps show: the packets after the
  /// first, over the time from the first timestamp to the last. `nil` below 3 packets or
  /// without time between them. Independent of the packets' stated durations, which a
  /// container can get wrong (Matroska's default duration of 1 ms).
  func frameRate(stream: Int32) -> Double? {
    guard let count = stampedCounts[stream], count >= 3, let first = starts[stream],
      let last = latestStarts[stream], last > first
    else { return nil }
    return Double(count - 1) / (last - first)
  }

  /// The seconds the given streams' packets cover together: from the earliest start to the
  /// latest end, or the sum of packet durations when no timestamps were seen. Zero when no
  /// packet of those streams was read.
  func seconds(streams: [Int32]) -> Double {
    let known = streams.filter { starts[$0] != nil }
    if let start = known.compactMap({ starts[$0] }).min(),
      let end = known.compactMap({ ends[$0] }).max()
    {
      return max(0, end - start)
    }
    return streams.compactMap { totals[$0] }.max() ?? 0
  }
}
