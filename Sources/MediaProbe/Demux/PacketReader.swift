internal import CFFmpeg

/// Reads a file's packets in order, noting the time span of each stream as it goes.
///
/// Owns one reusable ``Packet``. At most ``maxPacketsForFirstFrame`` packets are read looking
/// for a first frame, so a file whose stream never yields one stops early.
final class PacketReader {
  /// The time each stream's packets covered so far.
  private(set) var extent = PacketExtent()
  private let file: InputFile
  private let packet: Packet?
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
    packet = Packet()
    timeBases = file.timeBases
  }

  /// Feeds the decoder's stream to it until it returns a frame (then held by the decoder);
  /// `false` if the file ends (or the packet limit is reached) first.
  func decodeFirstFrame(with decoder: FrameDecoder) throws(ProbeError) -> Bool {
    guard let packet else { throw ProbeError(path: file.path, reason: .other("out of memory")) }
    for _ in 0..<Self.maxPacketsForFirstFrame {
      guard try next(packet) else {
        return decoder.decode(nil)
      }
      defer { packet.unref() }
      if packet.streamIndex == decoder.streamIndex, decoder.decode(packet) {
        return true
      }
    }
    return false
  }

  /// Reads every remaining packet, only to account for its time.
  func readToEnd() throws(ProbeError) {
    guard let packet else { return }
    while try next(packet) { packet.unref() }
  }

  private func next(_ packet: Packet) throws(ProbeError) -> Bool {
    guard !reachedEnd else { return false }
    guard try file.readPacket(into: packet) else {
      reachedEnd = true
      return false
    }
    let (stream, flags) = packet.withPacket { ($0.pointee.stream_index, $0.pointee.flags) }
    let flaggedCorrupt = flags & AV_PKT_FLAG_CORRUPT != 0
    // A short packet is only the data's end when nothing follows it.
    if shortPacketSeen || (flaggedCorrupt && !lastPacketMayBeShort) {
      packet.unref()
      throw ProbeError(
        path: file.path, reason: .corrupt("FFmpeg flagged a packet of stream \(stream) as corrupt"))
    }
    shortPacketSeen = flaggedCorrupt
    packetCounts[stream, default: 0] += 1
    if let base = timeBases[stream] {
      packet.withPacket { extent.add($0.pointee, base: base) }
    }
    return true
  }
}
