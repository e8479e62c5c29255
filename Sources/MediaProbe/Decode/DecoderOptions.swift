internal import CFFmpeg

/// The options every decoder the probe opens gets.
enum DecoderOptions {
  /// Adds the pixel budget and a single decoding thread to `dictionary`.
  ///
  /// `max_pixels` makes libavcodec refuse, before allocating, any frame over the budget;
  /// one thread avoids spawning a thread pool to decode a single frame.
  static func fill(_ dictionary: inout OpaquePointer?, maxPixels: Int) {
    av_dict_set(&dictionary, "max_pixels", String(min(maxPixels, Int(Int32.max))), 0)
    av_dict_set(&dictionary, "threads", "1", 0)
  }
}
