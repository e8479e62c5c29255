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

    /// The ratio `width`:`height` in lowest terms (4:3 for 640x480).
    init(width: Int, height: Int, mode: ImageTransform.AspectFit.Mode) {
      (self.width, self.height, self.mode) = (width, height, mode)
    }

    /// The shape of `size`, in lowest terms.
    init(ratioOf size: Size, mode: ImageTransform.AspectFit.Mode) {
      var (a, b) = (size.width, size.height)
      while b != 0 { (a, b) = (b, a % b) }
      let divisor = max(a, 1)
      self.init(width: size.width / divisor, height: size.height / divisor, mode: mode)
    }
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
    guard size.aspect > maxAspect, maxAspect >= 1, maxAspect < 1_000_000 else { return nil }
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
    /// A size at (or just around) the prediction, of the picture's own shape, that predicts
    /// the same output again.
    case scaled(Size)
    /// No picture near the predicted `size` predicts it again (`predicted` is what `size`
    /// itself would predict): the scale is refused.
    case refused(Size, predicted: Size)
    /// No prediction for this shape.
    case none
  }

  /// The size to scale a picture of `size` to for the tier of `pixelBudget`: as small as its
  /// predicted output, keeping its shape, and predicting that same output (the prediction
  /// floors each side to 16 on its own, so the output size itself can have another shape and
  /// predict something else; a picture of the original shape cannot).
  static func outputSize(for size: Size, pixelBudget: Int) -> OutputSizing {
    func predict(_ width: Int, _ height: Int) -> Size {
      let predicted = SizePredictor.outputSize(
        width: width, height: height, pixelBudget: pixelBudget)
      return Size(width: predicted.width, height: predicted.height)
    }
    let target = predict(size.width, size.height)
    guard target.width > 0, target.height > 0, size.width > 0, size.height > 0 else {
      return .none
    }
    let ratio = Double(size.width) / Double(size.height)
    // The output size itself, then the original shape with the width or the height at the
    // output's, each rounded both ways.
    var candidates = [target]
    for width in [target.width, target.width + 1] {
      let height = Double(width) / ratio
      candidates += [clamped(height.rounded(.down)), clamped(height.rounded(.up))].map {
        Size(width: width, height: $0)
      }
    }
    for height in [target.height, target.height + 1] {
      let width = Double(height) * ratio
      candidates += [clamped(width.rounded(.down)), clamped(width.rounded(.up))].map {
        Size(width: $0, height: height)
      }
    }
    let fitting = candidates.filter { predict($0.width, $0.height) == target }
    guard let best = fitting.min(by: { $0.width * $0.height < $1.width * $1.height }) else {
      return .refused(target, predicted: predict(target.width, target.height))
    }
    return .scaled(best)
  }

  /// `value` rounded to a whole number of pixels, at least 1 and at most 2³⁰ (no trap on a
  /// non-finite value).
  static func clamped(_ value: Double) -> Int {
    guard value.isFinite else { return 1 }
    return Int(min(max(value.rounded(), 1), Double(1 << 30)))
  }
}
