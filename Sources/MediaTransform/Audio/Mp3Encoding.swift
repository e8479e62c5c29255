internal import CFFmpeg
internal import MediaProbe

/// Encodes interleaved signed 16-bit samples as MP3 frames with libmp3lame (constant bit rate).
enum Mp3Encoding {
  /// The MP3 stream (frames back to back, no ID3 tag) of `samples` with `channels` (1 or 2)
  /// channels at `sampleRate`, at `bitRate` bits a second.
  static func bytes(
    samples: [Int16], sampleRate: Int, channels: Int, bitRate: Int
  ) throws(TransformError) -> [UInt8] {
    let encoder = try EncoderContext(
      name: "libmp3lame", sampleRate: sampleRate, channels: channels, bitRate: bitRate)
    let step = encoder.frameSize > 0 ? encoder.frameSize : 1152
    let total = samples.count / channels
    var frames: [Frame] = []
    for start in stride(from: 0, to: total, by: step) {
      let count = min(step, total - start)
      frames.append(
        try frame(samples, from: start, count: count, channels: channels, sampleRate: sampleRate))
    }
    return try encoder.encode(frames)
  }

  /// A planar s16 frame of `count` samples per channel from `start` (in samples per channel).
  private static func frame(
    _ samples: [Int16], from start: Int, count: Int, channels: Int, sampleRate: Int
  ) throws(TransformError) -> Frame {
    try AudioFrameBuffer.make(
      format: AV_SAMPLE_FMT_S16P, sampleRate: sampleRate, channels: channels, count: count,
      pts: Int64(start)
    ) { channel, plane in
      plane.withMemoryRebound(to: Int16.self, capacity: count) { out in
        for index in 0..<count { out[index] = samples[(start + index) * channels + channel] }
      }
    }
  }
}
