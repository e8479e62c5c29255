internal import CFFmpeg

/// Measures zlib streams without keeping what they inflate to.
enum ZlibInflation {
  /// The inflated size of `bytes`, or `cap + 1` once it passes `cap`; `nil` if it is not zlib.
  static func inflatedSize(of bytes: [UInt8], cap: Int64) -> Int64? {
    let size = bytes.withUnsafeBufferPointer { buffer -> Int64 in
      guard let base = buffer.baseAddress else { return 0 }
      return Int64(cffmpeg_zlib_inflated_size(base, buffer.count, cap))
    }
    return size < 0 ? nil : size
  }
}
