internal import CFFmpeg
internal import MediaProbe

/// A new planar audio frame with its buffers allocated, for an encoder to be fed.
enum AudioFrameBuffer {
  /// A frame of `count` samples a channel in `format` (planar), `channels` channels at
  /// `sampleRate`, stamped `pts`; `fill` writes each plane (channel index, base address).
  static func make(
    format: AVSampleFormat, sampleRate: Int, channels: Int, count: Int, pts: Int64,
    fill: (Int, UnsafeMutablePointer<UInt8>) -> Void
  ) throws(TransformError) -> Frame {
    guard let frame = Frame() else {
      throw .ffmpeg(stage: "av_frame_alloc", code: cffmpeg_averror(ENOMEM), message: "no memory")
    }
    let code = frame.withFrame { frame -> Int32 in
      frame.pointee.nb_samples = Int32(count)
      frame.pointee.format = format.rawValue
      frame.pointee.sample_rate = Int32(sampleRate)
      frame.pointee.pts = pts
      av_channel_layout_default(&frame.pointee.ch_layout, Int32(channels))
      return av_frame_get_buffer(frame, 0)
    }
    if code < 0 { throw .ffmpeg(stage: "av_frame_get_buffer", code: code, message: describe(code)) }
    frame.withFrame { frame in
      let planes = [frame.pointee.data.0, frame.pointee.data.1]
      for channel in 0..<min(channels, planes.count) {
        guard let plane = planes[channel] else { continue }
        fill(channel, plane)
      }
    }
    return frame
  }
}
