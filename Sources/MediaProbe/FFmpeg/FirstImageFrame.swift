package import CFFmpeg

/// The first frame of an image file, decoded with every guard of the probe, and the probe's
/// facts about it; for the transform module, which must read pictures as safely as the probe.
///
/// The file is opened once (``FileGate``: a non-empty regular file, never a FIFO or device) and
/// read into memory; those bytes are probed (``Prober/probe(bytes:name:)``: the sniffer, the
/// demuxer allowlist, the header's pixel budget, the hard time budget) and then demuxed and
/// decoded again with the same allowlisted demuxer, the pixel budget (`max_pixels`) and a
/// deadline of ``ProbeOptions/timeLimitSeconds``. No path is looked up twice, so what is decoded
/// is what was probed. Owns the decoded ``Frame``, lent only inside ``withFrame(_:)``.
package final class FirstImageFrame {
  /// What the probe found.
  package let info: MediaInfo
  private let frame: Frame

  /// The most bytes a picture to transform may have (far above the API's 20 MB).
  package static let maxBytes: Int64 = 256 << 20

  /// Opens, probes and decodes the picture at `path`; throws the probe's error for anything the
  /// probe refuses, and ``ProbeError/Reason/other(_:)`` for a file that is not an image.
  package init(path: String, options: ProbeOptions) throws(ProbeError) {
    let file = try FileGate.open(path)
    guard file.count <= Self.maxBytes else {
      throw ProbeError(path: path, reason: .other("over \(Self.maxBytes >> 20) MiB"))
    }
    let bytes: [UInt8]
    do {
      bytes = try file.bytes(at: 0, length: Int(file.count))
    } catch {
      throw ProbeError(path: path, reason: .readFailed)
    }
    guard bytes.count == Int(file.count) else { throw ProbeError(path: path, reason: .readFailed) }
    let info = try Prober(options: options).probe(bytes: bytes, name: path)
    guard info.kind == .image, let index = info.primaryVideoStream else {
      throw ProbeError(path: path, reason: .other("not a picture"))
    }
    self.info = info
    frame = try Self.decode(bytes, stream: index, path: path, options: options)
  }

  /// Runs `body` with the decoded frame; the pointer is valid only inside `body`.
  package func withFrame<Result, Failure: Error>(
    _ body: (UnsafePointer<AVFrame>) throws(Failure) -> Result
  ) throws(Failure) -> Result {
    try frame.withFrame { (pointer) throws(Failure) in try body(UnsafePointer(pointer)) }
  }

  /// Demuxes `bytes` with the demuxer the sniffer picks (which must pass the policy) and
  /// decodes the first frame of the stream at `index`.
  private static func decode(
    _ bytes: [UInt8], stream index: Int, path: String, options: ProbeOptions
  ) throws(ProbeError) -> Frame {
    let deadline = Deadline(seconds: options.timeLimitSeconds)
    let memory = MemoryByteSource(bytes)
    let sniffed = ContentSniffer.sniff(Array(bytes.prefix(ContentSniffer.headLength)))
    let input = try InputFile(bytes: memory, name: path, deadline: deadline)
    try input.open(with: input.chooseDemuxer(preferred: sniffed?.demuxer))
    guard index < input.streamCount else { throw ProbeError(path: path, reason: .noMediaStream) }
    let decoder = try input.withStream(at: index) { (stream) throws(ProbeError) in
      try FrameDecoder(stream: stream, maxPixels: options.maxPixels, path: path)
    }
    guard try PacketReader(file: input).decodeFirstFrame(with: decoder) else {
      throw input.failure(decoder.lastError ?? CFFMPEG_AVERROR_INVALIDDATA, otherwise: .undecodable)
    }
    guard let copy = Frame() else { throw ProbeError(path: path, reason: .other("out of memory")) }
    let code = decoder.withFrame { source in copy.withFrame { av_frame_ref($0, source) } }
    guard code >= 0 else { throw input.failure(code, otherwise: .undecodable) }
    return copy
  }
}
