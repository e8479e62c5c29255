/// The bytes of a canonical WAV file: `RIFF`, a 16-byte `fmt ` chunk (PCM) and `data`.
enum WaveFile {
  /// The WAV file of interleaved signed 16-bit `samples` with `channels` channels at
  /// `sampleRate`.
  static func bytes(samples: [Int16], sampleRate: Int, channels: Int) -> [UInt8] {
    let dataSize = samples.count * 2
    var out: [UInt8] = []
    out.reserveCapacity(44 + dataSize)
    func append(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { out += $0 } }
    func append(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { out += $0 } }
    out += Array("RIFF".utf8)
    append(UInt32(36 + dataSize))
    out += Array("WAVEfmt ".utf8)
    append(UInt32(16))
    append(UInt16(1))  // PCM
    append(UInt16(channels))
    append(UInt32(sampleRate))
    append(UInt32(sampleRate * channels * 2))  // bytes a second
    append(UInt16(channels * 2))  // bytes a frame
    append(UInt16(16))  // bits a sample
    out += Array("data".utf8)
    append(UInt32(dataSize))
    samples.withUnsafeBytes { raw in
      for index in stride(from: 0, to: raw.count, by: 2) {
        // Little-endian on disk whatever the machine's order.
        let sample = Int16(bitPattern: UInt16(raw[index]) | UInt16(raw[index + 1]) << 8)
        withUnsafeBytes(of: sample.littleEndian) { out += $0 }
      }
    }
    return out
  }
}
