package import CFFmpeg

/// One reusable `AVPacket`, owned: allocated by `init`, freed in `deinit`. The pointer is lent
/// only inside ``withPacket(_:)``; never keep it.
package final class Packet {
  private let packet: UnsafeMutablePointer<AVPacket>

  /// An empty packet; `nil` when out of memory.
  package init?() {
    guard let packet = av_packet_alloc() else { return nil }
    self.packet = packet
  }

  deinit {
    var owned: UnsafeMutablePointer<AVPacket>? = packet
    av_packet_free(&owned)
  }

  /// The index of the stream the packet read last belongs to.
  var streamIndex: Int32 { packet.pointee.stream_index }

  /// Drops the data of the packet read last, so the packet can be read into again.
  package func unref() { av_packet_unref(packet) }

  /// Runs `body` with the packet; the pointer is valid only inside `body`.
  package func withPacket<Result, Failure: Error>(
    _ body: (UnsafeMutablePointer<AVPacket>) throws(Failure) -> Result
  ) throws(Failure) -> Result {
    try body(packet)
  }
}
