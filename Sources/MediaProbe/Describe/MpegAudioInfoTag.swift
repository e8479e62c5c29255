/// Reads the frame count an MP3 encoder writes in a Xing or Info (LAME) or VBRI header.
///
/// That header sits in a frame of its own before the audio; the frame decodes as silence, and
/// its count is of the audio frames after it. FFmpeg reads it only at the very byte after the
/// ID3v2 tag: when a tagger leaves padding between the two (the corpus has such a file),
/// FFmpeg estimates the duration from the bitrate instead. This reader skips that padding.
enum MpegAudioInfoTag {
  /// The most zero bytes of padding skipped after the ID3v2 tag.
  static let maxPadding = 64 << 10

  /// The seconds of audio the header states (frames × samples per frame ÷ sample rate), or
  /// `nil` when the first frame carries no such header or no frame count.
  static func statedSeconds(_ source: some ByteSource) -> Double? {
    guard let start = firstFrameOffset(source),
      let frame = try? source.bytes(at: start, length: 4 + 32 + 26), frame.count >= 4 + 32 + 26,
      let header = FrameHeader(frame)
    else { return nil }
    let tag = header.sideInfoEnd
    var frames: UInt64?
    if frame.matches("Xing", at: tag) || frame.matches("Info", at: tag),
      let flags = frame.bigEndian(at: tag + 4, width: 4), flags & 0x01 != 0
    {
      frames = frame.bigEndian(at: tag + 8, width: 4)
    } else if frame.matches("VBRI", at: 4 + 32) {
      frames = frame.bigEndian(at: 4 + 32 + 14, width: 4)
    }
    guard let frames, frames > 0 else { return nil }
    return Double(frames) * Double(header.samplesPerFrame) / Double(header.sampleRate)
  }

  /// The offset of the first byte after the ID3v2 tag (and its footer) and any zero padding.
  private static func firstFrameOffset(_ source: some ByteSource) -> Int64? {
    var offset: Int64 = 0
    if let tag = try? source.bytes(at: 0, length: 10), tag.count == 10, tag.matches("ID3", at: 0) {
      let size = tag[6..<10].reduce(Int64(0)) { $0 << 7 | Int64($1 & 0x7F) }
      offset = 10 + size + (tag[5] & 0x10 != 0 ? 10 : 0)
    }
    guard let padding = try? source.bytes(at: offset, length: maxPadding),
      let first = padding.firstIndex(where: { $0 != 0 })
    else { return nil }
    return offset + Int64(first)
  }

  /// The fields of an MPEG audio Layer III frame header that locate the Xing header.
  struct FrameHeader: Equatable {
    /// Samples per second.
    var sampleRate: Int
    /// 1152 for MPEG-1, 576 for MPEG-2 and 2.5.
    var samplesPerFrame: Int
    /// Where the side information ends, from the frame's first byte: the Xing header's place.
    var sideInfoEnd: Int

    /// Parses the 4-byte header at the start of `bytes`; `nil` unless it is Layer III.
    init?(_ bytes: [UInt8]) {
      guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] & 0xE0 == 0xE0 else { return nil }
      let version = (bytes[1] >> 3) & 0x03  // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
      let layer = (bytes[1] >> 1) & 0x03  // 1: Layer III
      let rateIndex = Int((bytes[2] >> 2) & 0x03)
      guard version != 1, layer == 1, rateIndex < 3 else { return nil }
      let mpeg1 = version == 3
      let mono = bytes[3] >> 6 == 3
      let baseRates = [44100, 48000, 32000]
      sampleRate = baseRates[rateIndex] / (mpeg1 ? 1 : version == 2 ? 2 : 4)
      samplesPerFrame = mpeg1 ? 1152 : 576
      sideInfoEnd = 4 + (mpeg1 ? (mono ? 17 : 32) : (mono ? 9 : 17))
    }
  }
}
