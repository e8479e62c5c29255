import MediaTransform

/// The sizes a fix aims for: a picture fitted to an aspect ratio, then scaled into the side
/// limits, in whole pixels (even ones for video), computed without trapping on any size a probe
/// can report.
struct FixGeometry: Equatable {
  /// A width and a height in pixels.
  struct Size: Equatable, CustomStringConvertible {
    var width: Int
    var height: Int

    var description: String { "\(width)x\(height)" }

    /// The longer side over the shorter (1 for a square; ∞ for an empty side).
    var aspect: Double {
      let (long, short) = (max(width, height), min(width, height))
      return short > 0 ? Double(long) / Double(short) : .infinity
    }
  }

  /// The ratio a picture is cropped or padded to, and how.
  struct AspectTarget: Equatable {
    var width: Int
    var height: Int
    var mode: ImageTransform.AspectFit.Mode
  }

  /// `size` cropped (centred) or padded to `target`'s ratio: the side in excess is cut, or the
  /// short one grown.
  static func fitted(_ size: Size, to target: AspectTarget) -> Size {
    let wide = Double(size.width) * Double(target.height)
    let tall = Double(size.height) * Double(target.width)
    guard wide != tall, target.width > 0, target.height > 0 else { return size }
    let ratio = Double(target.width) / Double(target.height)
    let tooWide = wide > tall
    switch (target.mode, tooWide) {
    case (.crop, true), (.pad, false):
      return Size(width: clamped(Double(size.height) * ratio), height: size.height)
    case (.crop, false), (.pad, true):
      return Size(width: size.width, height: clamped(Double(size.width) / ratio))
    }
  }

  /// The nearest ratio within `maxAspect` (1:8…8:1) for a picture outside it, else `nil`.
  static func aspectTarget(
    for size: Size, maxAspect: Double, mode: ImageTransform.AspectFit.Mode
  ) -> AspectTarget? {
    guard size.aspect > maxAspect, maxAspect >= 1 else { return nil }
    let limit = Int(maxAspect.rounded(.down))
    return size.width > size.height
      ? AspectTarget(width: limit, height: 1, mode: mode)
      : AspectTarget(width: 1, height: limit, mode: mode)
  }

  /// `size` scaled, keeping its shape, so that each side lies in `side`: down when the long
  /// side is over, up when the short side is under; `even` rounds each side to a multiple of 2
  /// (what 4:2:0 video needs). `size` itself when it already fits.
  static func scaled(_ size: Size, into side: ClosedRange<Int>, even: Bool = false) -> Size {
    let long = max(size.width, size.height)
    let short = min(size.width, size.height)
    guard long > 0, short > 0 else { return size }
    var factor = 1.0
    if long > side.upperBound { factor = Double(side.upperBound) / Double(long) }
    if Double(short) * factor < Double(side.lowerBound) {
      factor = Double(side.lowerBound) / Double(short)
    }
    guard factor != 1 || (even && (size.width % 2 != 0 || size.height % 2 != 0)) else {
      return size
    }
    let lower = even ? (side.lowerBound + 1) / 2 * 2 : side.lowerBound
    let upper = even ? side.upperBound / 2 * 2 : side.upperBound
    func scaledSide(_ value: Int) -> Int {
      var rounded = clamped(Double(value) * factor)
      if even { rounded -= rounded % 2 }
      return min(max(rounded, lower), upper)
    }
    return Size(width: scaledSide(size.width), height: scaledSide(size.height))
  }

  /// The size to scale a picture of `size` to so that fitting it to `target` (by the target's
  /// mode) gives exactly `final`: one side matches `final`, the other covers it (crop) or lies
  /// within it (pad).
  static func scaleBeforeFit(_ size: Size, to final: Size, mode: ImageTransform.AspectFit.Mode)
    -> Size
  {
    guard size.width > 0, size.height > 0 else { return final }
    let byWidth = Double(final.width) / Double(size.width)
    let byHeight = Double(final.height) / Double(size.height)
    let widthDecides = mode == .crop ? byWidth >= byHeight : byWidth <= byHeight
    if widthDecides {
      let height = clamped(Double(size.height) * byWidth)
      return Size(
        width: final.width,
        height: mode == .crop ? max(final.height, height) : min(final.height, height))
    }
    let width = clamped(Double(size.width) * byHeight)
    return Size(
      width: mode == .crop ? max(final.width, width) : min(final.width, width),
      height: final.height)
  }

  /// What scaling a picture to its predicted output size gives.
  enum OutputSizing: Equatable {
    /// The predicted size, which a picture of that size predicts again.
    case scaled(Size)
    /// A picture scaled to `size` would predict `predicted` instead: the scale is refused.
    case refused(Size, predicted: Size)
    /// No prediction for this shape.
    case none
  }

  /// The output size the tier of `pixelBudget` predicts for a picture of `size`'s shape, when
  /// a picture scaled to it predicts the same size again (scaling must not move the output).
  static func outputSize(for size: Size, pixelBudget: Int) -> OutputSizing {
    let predicted = SizePredictor.outputSize(
      width: size.width, height: size.height, pixelBudget: pixelBudget)
    let target = Size(width: predicted.width, height: predicted.height)
    guard target.width > 0, target.height > 0 else { return .none }
    let again = SizePredictor.outputSize(
      width: target.width, height: target.height, pixelBudget: pixelBudget)
    let repeated = Size(width: again.width, height: again.height)
    return repeated == target ? .scaled(target) : .refused(target, predicted: repeated)
  }

  /// `value` rounded to a whole number of pixels, at least 1 and at most 2³⁰ (no trap on a
  /// non-finite value).
  static func clamped(_ value: Double) -> Int {
    guard value.isFinite else { return 1 }
    return Int(min(max(value.rounded(), 1), Double(1 << 30)))
  }
}
