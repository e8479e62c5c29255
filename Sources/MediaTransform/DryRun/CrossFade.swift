internal import CFFmpeg

/// One plane of a yuv420p frame: its first byte, its stride and its size in samples.
struct YUVPlane {
  var base: UnsafeMutablePointer<UInt8>
  var stride: Int
  var width, height: Int

  /// The Y, Cb and Cr planes of the yuv420p `frame` (even sides); empty when it has no buffers.
  static func planes(of frame: UnsafeMutablePointer<AVFrame>) -> [YUVPlane] {
    let (width, height) = (Int(frame.pointee.width), Int(frame.pointee.height))
    let data = [frame.pointee.data.0, frame.pointee.data.1, frame.pointee.data.2]
    let strides = [frame.pointee.linesize.0, frame.pointee.linesize.1, frame.pointee.linesize.2]
    guard let luma = data[0], let blue = data[1], let red = data[2] else { return [] }
    return [
      YUVPlane(base: luma, stride: Int(strides[0]), width: width, height: height),
      YUVPlane(base: blue, stride: Int(strides[1]), width: width / 2, height: height / 2),
      YUVPlane(base: red, stride: Int(strides[2]), width: width / 2, height: height / 2),
    ]
  }
}

/// A cross-fade between two yuv420p pictures of one size: a straight mix of their Y, Cb and
/// Cr values (a linear fade in the video's own values, as a dissolve in an editor).
enum CrossFade {
  /// How many of a video's last frames fade into its last frame: one second, or the last
  /// third of a video shorter than three seconds.
  static func frames(total: Int, fps: Int) -> Int {
    total >= 3 * fps ? fps : max(1, total / 3)
  }

  /// The weight (0…256) of the last frame in frame `index` of a `total`-frame video whose last
  /// `length` frames fade: 0 before the fade, rising evenly to 256 at the last frame.
  static func weight(index: Int, total: Int, length: Int) -> Int {
    let start = total - length
    guard index >= start, length > 0 else { return 0 }
    return (index - start + 1) * 256 / length
  }

  /// Mixes `target` into `frame` (its own pixels, changed in place) by `weight` of 256.
  static func blend(
    _ frame: UnsafeMutablePointer<AVFrame>, toward target: UnsafeMutablePointer<AVFrame>,
    weight: Int
  ) {
    let kept = UInt32(256 - min(max(weight, 0), 256))
    let taken = 256 - kept
    for (plane, other) in zip(YUVPlane.planes(of: frame), YUVPlane.planes(of: target)) {
      guard plane.width == other.width, plane.height == other.height else { continue }
      for row in 0..<plane.height {
        let to = plane.base + row * plane.stride
        let from = other.base + row * other.stride
        for column in 0..<plane.width {
          to[column] = UInt8((UInt32(to[column]) * kept + UInt32(from[column]) * taken + 128) >> 8)
        }
      }
    }
  }
}
