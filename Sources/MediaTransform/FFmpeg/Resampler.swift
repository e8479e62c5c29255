internal import CFFmpeg

/// One libswresample context (`SwrContext`), owned: made by `init` for one conversion (from a
/// decoder's frames to interleaved signed 16-bit samples at a rate and channel count), freed in
/// `deinit`. Frames go in through ``convert(_:)``, the delayed tail comes out of ``flush()``.
final class Resampler {
  private var context: OpaquePointer?
  /// The output's channel count.
  let channels: Int

  /// A conversion from frames like `first` (its format, rate and layout; every later frame
  /// must match) to s16 at `sampleRate` with `channels` channels (FFmpeg's default layout).
  init(like first: UnsafePointer<AVFrame>, sampleRate: Int, channels: Int) throws(TransformError) {
    self.channels = channels
    var output = AVChannelLayout()
    av_channel_layout_default(&output, Int32(channels))
    defer { av_channel_layout_uninit(&output) }
    var input = AVChannelLayout()
    var code = withUnsafePointer(to: first.pointee.ch_layout) { av_channel_layout_copy(&input, $0) }
    defer { av_channel_layout_uninit(&input) }
    if code >= 0, input.order == AV_CHANNEL_ORDER_UNSPEC {
      // A layout that names no channels: take the default one for that many.
      let count = input.nb_channels
      av_channel_layout_uninit(&input)
      av_channel_layout_default(&input, count)
    }
    if code >= 0 {
      code = swr_alloc_set_opts2(
        &context, &output, AV_SAMPLE_FMT_S16, Int32(sampleRate), &input,
        AVSampleFormat(rawValue: first.pointee.format), first.pointee.sample_rate, 0, nil)
    }
    if code >= 0 { code = swr_init(context) }
    if code < 0 { throw .ffmpeg(stage: "swr_init", code: code, message: describe(code)) }
  }

  deinit { swr_free(&context) }

  /// The samples `frame` gives (interleaved), as far as the resampler has them yet.
  func convert(_ frame: UnsafePointer<AVFrame>) throws(TransformError) -> [Int16] {
    let input = UnsafeRawPointer(frame.pointee.extended_data)?
      .assumingMemoryBound(to: UnsafePointer<UInt8>?.self)
    return try run(input: UnsafeMutablePointer(mutating: input), count: frame.pointee.nb_samples)
  }

  /// The samples still held back (filter delay), once the input has ended.
  func flush() throws(TransformError) -> [Int16] {
    try run(input: nil, count: 0)
  }

  private func run(
    input: UnsafeMutablePointer<UnsafePointer<UInt8>?>?, count: Int32
  ) throws(TransformError) -> [Int16] {
    let room = Int(max(swr_get_out_samples(context, count), 0))
    guard room > 0 else { return [] }
    var samples = [Int16](repeating: 0, count: room * channels)
    let produced = samples.withUnsafeMutableBytes { buffer -> Int32 in
      var out: UnsafeMutablePointer<UInt8>? = buffer.baseAddress?.assumingMemoryBound(
        to: UInt8.self)
      return swr_convert(context, &out, Int32(room), input, count)
    }
    if produced < 0 {
      throw .ffmpeg(stage: "swr_convert", code: produced, message: describe(produced))
    }
    samples.removeLast((room - Int(produced)) * channels)
    return samples
  }
}
