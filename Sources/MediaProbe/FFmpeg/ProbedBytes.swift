/// A file opened once, read into memory and probed, for the transform module: whatever it
/// decodes afterwards comes from the very bytes the probe judged.
///
/// The file is opened through ``FileGate`` (a non-empty regular file, never a FIFO or device),
/// read whole (at most ``maxBytes``) and probed with ``Prober/probe(bytes:name:)``: the sniffer,
/// the demuxer allowlist, the pixel budget, the hard time budget. No path is looked up twice.
package struct ProbedBytes {
  /// What the probe found.
  package let info: MediaInfo
  /// The file's bytes.
  let bytes: [UInt8]
  /// A still image's first frame as the probe decoded it, when asked for.
  let picture: FirstImageFrame?

  /// The most bytes a file to transform may have (far above the API's limits).
  package static let maxBytes: Int64 = 256 << 20

  /// Opens, reads and probes `path`; throws the probe's error for anything it refuses. Keeps a
  /// still image's decoded first frame (``picture``) when `keepingPicture`.
  package init(
    path: String, options: ProbeOptions, keepingPicture: Bool = false
  ) throws(ProbeError) {
    let file = try FileGate.open(path)
    guard file.count <= Self.maxBytes else {
      throw ProbeError(path: path, reason: .other("over \(Self.maxBytes >> 20) MiB"))
    }
    do {
      bytes = try file.bytes(at: 0, length: Int(file.count))
    } catch {
      throw ProbeError(path: path, reason: .readFailed)
    }
    guard bytes.count == Int(file.count) else { throw ProbeError(path: path, reason: .readFailed) }
    let answer = try Prober(options: options).answer(
      bytes: bytes, name: path, keepingPicture: keepingPicture)
    info = answer.info
    picture = answer.picture
  }

  /// The bytes opened again with libavformat, with the demuxer the sniffer picks (which must
  /// pass the policy), under a new deadline of ``ProbeOptions/timeLimitSeconds``; with the
  /// streams' parameters found (as the probe does for audio and video) when `findStreamInfo`.
  func reopen(options: ProbeOptions, findStreamInfo: Bool) throws(ProbeError) -> InputFile {
    let deadline = Deadline(seconds: options.timeLimitSeconds)
    let sniffed = ContentSniffer.sniff(Array(bytes.prefix(ContentSniffer.headLength)))
    let input = try InputFile(bytes: MemoryByteSource(bytes), name: info.path, deadline: deadline)
    try input.open(with: input.chooseDemuxer(preferred: sniffed?.demuxer))
    if findStreamInfo { try input.findStreamInfo(maxPixels: options.maxPixels) }
    return input
  }
}
