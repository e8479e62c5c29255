internal import CFFmpeg

/// The span of time the packets of each stream cover, gathered while reading them.
///
/// Gives an exact duration when the container has none, or only FFmpeg's bitrate estimate.
struct PacketExtent {
  private var starts: [Int32: Double] = [:]
  private var ends: [Int32: Double] = [:]
  private var totals: [Int32: Double] = [:]

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
