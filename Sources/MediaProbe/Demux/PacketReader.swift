internal import CFFmpeg

/// Reads a file's packets in order, noting the time span of each stream as it goes.
///
/// Owns one reusable `AVPacket`. At most ``maxPacketsForFirstFrame`` packets are read looking
/// for a first frame, so a file whose stream never yields one stops early.
final class PacketReader {
  /// The time each stream's packets covered so far.
  private(set) var extent = PacketExtent()
  private let file: InputFile
  private var packet: UnsafeMutablePointer<AVPacket>?
  private var timeBases: [Int32: AVRational] = [:]
  /// Whether every packet has been read.
  private(set) var reachedEnd = false
  /// How many packets of each stream were read.
  private(set) var packetCounts: [Int32: Int] = [:]
  /// Whether the file's data runs to wherever the file ends (a WAV written to a pipe), so its
  /// last packet may come up short; FFmpeg flags such a packet as corrupt.
  private let lastPacketMayBeShort: Bool
  private var shortPacketSeen = false

  /// How many packets may be read before giving up on a first frame.
  static let maxPacketsForFirstFrame = 4096

  init(file: InputFile, lastPacketMayBeShort: Bool = false) {
    self.file = file
    self.lastPacketMayBeShort = lastPacketMayBeShort
    packet = av_packet_alloc()
    for stream in file.streams { timeBases[stream.pointee.index] = stream.pointee.time_base }
  }

  deinit { av_packet_free(&packet) }

  /// Feeds the decoder's stream to it until it returns a frame; `nil` if the file ends (or the
  /// packet limit is reached) first.
  func firstFrame(from decoder: FrameDecoder) throws(ProbeError) -> UnsafeMutablePointer<AVFrame>? {
    guard let packet else { throw ProbeError(path: file.path, reason: .other("out of memory")) }
    for _ in 0..<Self.maxPacketsForFirstFrame {
      guard try next(packet) else {
        return decoder.decode(nil)
      }
      defer { av_packet_unref(packet) }
      if packet.pointee.stream_index == decoder.streamIndex, let frame = decoder.decode(packet) {
        return frame
      }
    }
    return nil
  }

  /// Reads every remaining packet, only to account for its time.
  func readToEnd() throws(ProbeError) {
    guard let packet else { return }
    while try next(packet) { av_packet_unref(packet) }
  }

  private func next(_ packet: UnsafeMutablePointer<AVPacket>) throws(ProbeError) -> Bool {
    guard !reachedEnd else { return false }
    guard try file.readPacket(into: packet) else {
      reachedEnd = true
      return false
    }
    let flaggedCorrupt = packet.pointee.flags & AV_PKT_FLAG_CORRUPT != 0
    // A short packet is only the data's end when nothing follows it.
    if shortPacketSeen || (flaggedCorrupt && !lastPacketMayBeShort) {
      let stream = packet.pointee.stream_index
      av_packet_unref(packet)
      throw ProbeError(
        path: file.path, reason: .corrupt("FFmpeg flagged a packet of stream \(stream) as corrupt"))
    }
    shortPacketSeen = flaggedCorrupt
    packetCounts[packet.pointee.stream_index, default: 0] += 1
    if let base = timeBases[packet.pointee.stream_index] {
      extent.add(packet.pointee, base: base)
    }
    return true
  }
}
