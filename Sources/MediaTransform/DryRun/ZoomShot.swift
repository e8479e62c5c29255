internal import CFFmpeg
internal import MediaProbe

/// A slow centred zoom into one picture, from 1.00 to ``maxZoom`` over a run of frames.
///
/// The picture is held once, as a yuv420p canvas ``maxZoom`` times the output's size (see
/// ``canvasSize(width:height:)``); each frame is a centred crop of it (a view of its pixels,
/// nothing copied) scaled to the output's size by libswscale in one pass. The first frame shows
/// the whole canvas, the last a crop of the output's own size (1:1). Crops move in steps of two
/// pixels (yuv420p's chroma), a fraction of a pixel on the output each frame. The scale is
/// bilinear (by at most 8 %, where bicubic taps look the same, in about half the time).
final class ZoomShot {
  /// How far the last frame is zoomed in.
  static let maxZoom = 1.08

  private let canvas: Frame
  private let canvasWidth, canvasHeight: Int
  private let width, height: Int
  private let scaler: VideoScaler

  /// The canvas for a `width` × `height` output: each side times ``maxZoom``, even.
  static func canvasSize(width: Int, height: Int) -> (width: Int, height: Int) {
    (even(Double(width) * maxZoom), even(Double(height) * maxZoom))
  }

  /// A zoom into `canvas` (yuv420p, limited range) for a `width` × `height` output with the
  /// YUV matrix `colorspace`.
  init(canvas: Frame, width: Int, height: Int, colorspace: AVColorSpace) {
    self.canvas = canvas
    (canvasWidth, canvasHeight) = canvas.withFrame {
      (Int($0.pointee.width), Int($0.pointee.height))
    }
    (self.width, self.height) = (width, height)
    scaler = VideoScaler(filter: .bicubic, colorspace: colorspace, fast: true)
  }

  /// Frame `index` of a zoom `count` frames long (zoom 1 at the first, ``maxZoom`` at the last).
  func frame(_ index: Int, of count: Int) throws(TransformError) -> Frame {
    let zoom = count > 1 ? 1 + (Self.maxZoom - 1) * Double(index) / Double(count - 1) : 1
    let cropWidth = min(canvasWidth, Self.even(Double(canvasWidth) / zoom))
    let cropHeight = min(canvasHeight, Self.even(Double(canvasHeight) / zoom))
    let box = PixelBox(
      x: (canvasWidth - cropWidth) / 4 * 2, y: (canvasHeight - cropHeight) / 4 * 2,
      width: cropWidth, height: cropHeight)
    let view = try canvas.withFrame { (frame) throws(TransformError) in
      try PixelConversion.cropped(frame, to: box)
    }
    return try view.withFrame { (view) throws(TransformError) in
      try scaler.scale(view, width: width, height: height)
    }
  }

  /// `value` rounded to the nearest even number, at least 2.
  private static func even(_ value: Double) -> Int {
    guard value.isFinite, value < 1e9 else { return 2 }
    return max(2, Int((value / 2).rounded()) * 2)
  }
}
