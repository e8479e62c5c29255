/// The sizes the pipeline's scale and aspect steps produce.
enum Geometry {
  /// The size `scaling` gives a `width` × `height` picture: the longer side brought down to the
  /// maximum (the other rounded, at least 1), never up; or the exact size.
  static func scaled(
    width: Int, height: Int, _ scaling: ImageTransform.Scaling
  ) -> (width: Int, height: Int) {
    switch scaling {
    case .exact(let w, let h):
      return (w, h)
    case .maxSide(let side):
      let longer = max(width, height)
      guard longer > side else { return (width, height) }
      let shorter = { (value: Int) in max(1, (value * side + longer / 2) / longer) }
      return width >= height ? (side, shorter(height)) : (shorter(width), side)
    }
  }

  /// The size of the centred crop (the largest of ratio `fit`) or of the padded canvas (the
  /// smallest of ratio `fit`) of a `width` × `height` picture; the other side is rounded.
  static func fitted(
    width: Int, height: Int, _ fit: ImageTransform.AspectFit
  ) -> (width: Int, height: Int) {
    let (a, b) = (fit.width, fit.height)
    let tooWide = width * b > height * a
    switch fit.mode {
    case .crop:
      return tooWide
        ? (max(1, (height * a + b / 2) / b), height) : (width, max(1, (width * b + a / 2) / a))
    case .pad:
      return tooWide
        ? (width, max(height, (width * b + a / 2) / a))
        : (max(width, (height * a + b / 2) / b), height)
    }
  }

  /// Why `transform` cannot run, if it cannot: sizes and ratio terms must be positive and at
  /// most 16384, a byte cap positive.
  static func problem(in transform: ImageTransform) -> String? {
    let valid = 1...16384
    switch transform.scaling {
    case .maxSide(let side) where !valid.contains(side):
      return "max side \(side) (allowed: 1…16384)"
    case .exact(let w, let h) where !valid.contains(w) || !valid.contains(h):
      return "size \(w)x\(h) (each side 1…16384)"
    default: break
    }
    if let fit = transform.aspect, !valid.contains(fit.width) || !valid.contains(fit.height) {
      return "aspect \(fit.width):\(fit.height) (each term 1…16384)"
    }
    if case .jpeg(let maxBytes?) = transform.output, maxBytes <= 0 {
      return "byte cap \(maxBytes) (allowed: more than 0)"
    }
    return nil
  }
}
