/// The limits a picture is judged by, a frame's or a clip's alike: its format, each side, its
/// aspect ratio and its file size, each reported under the role's own rule.
struct PictureLimits {
  /// Accepted content formats, as the probe names them.
  var formats: [String]
  /// Each side, in pixels.
  var side: ClosedRange<Int>
  /// The longer side over the shorter, at most.
  var maxAspect: Double
  /// File size: the guide's "MB", read both ways.
  var maxBytes: ByteLimit
  /// The rules a side, the aspect ratio and the size are reported under.
  var sizeRule: RuleID
  var aspectRule: RuleID
  var bytesRule: RuleID

  /// The limits of a first or last frame.
  static func image(_ spec: ModelSpec) -> PictureLimits {
    PictureLimits(
      formats: spec.image.formats, side: spec.image.side, maxAspect: spec.image.maxAspect,
      maxBytes: spec.image.maxBytes, sizeRule: .imageSize, aspectRule: .imageAspect,
      bytesRule: .imageBytes)
  }

  /// The limits of a first clip's video.
  static func clip(_ spec: ModelSpec) -> PictureLimits {
    PictureLimits(
      formats: spec.clip.formats, side: spec.clip.side, maxAspect: spec.clip.maxAspect,
      maxBytes: spec.clip.maxBytes, sizeRule: .clipSize, aspectRule: .clipAspect,
      bytesRule: .clipBytes)
  }

  /// The limits of the picture a media item of `role` holds.
  static func of(_ role: MediaRole, spec: ModelSpec) -> PictureLimits {
    role == .firstClip ? clip(spec) : image(spec)
  }

  /// Whether the content format is one the role accepts.
  func accepts(format: String) -> Bool { formats.contains(format) }

  /// The side and aspect ratio diagnostics of a `width`x`height` picture (`subject` names it:
  /// `first_frame cat.png`); `sizeHint` is asked for only when a side is out of range, and told
  /// whether the picture is too small.
  func sides(
    of subject: String, width: Int, height: Int, at pointer: String,
    sizeHint: (_ small: Bool) -> String, sizeServerError: String? = nil,
    aspectHint: String? = nil
  ) -> [Diagnostic] {
    var found: [Diagnostic] = []
    if !side.contains(width) || !side.contains(height) {
      found.append(
        size(
          of: subject, width: width, height: height, at: pointer,
          hint: sizeHint(min(width, height) < side.lowerBound), serverError: sizeServerError))
    }
    if let ratio = Self.aspectRatio(width, height), ratio > maxAspect {
      found.append(
        Diagnostic(
          aspectRule, at: pointer,
          "\(subject) is \(width)x\(height), an aspect ratio of \(Units.number(ratio)):1; at most "
            + "\(Units.number(maxAspect)):1", hint: aspectHint))
    }
    return found
  }

  /// The diagnostic of a picture whose sides are out of range.
  func size(
    of subject: String, width: Int, height: Int, at pointer: String, hint: String,
    serverError: String?
  ) -> Diagnostic {
    Diagnostic(
      sizeRule, at: pointer,
      "\(subject) is \(width)x\(height); each side must be "
        + "\(side.lowerBound)…\(side.upperBound) px",
      hint: hint, serverError: serverError)
  }

  /// The diagnostic of a file of `size` bytes over (or, on one reading, near) the limit.
  func bytes(
    _ size: Int64, of subject: String, at pointer: String, hint: String?,
    serverError: String? = nil
  ) -> Diagnostic? {
    ByteLimitRule(limit: maxBytes, rule: bytesRule).check(
      size, subject: subject, at: pointer, hint: hint, serverError: serverError)
  }

  /// The longer side over the shorter; nil for an empty size.
  static func aspectRatio(_ width: Int, _ height: Int) -> Double? {
    guard width > 0, height > 0 else { return nil }
    return Double(max(width, height)) / Double(min(width, height))
  }
}
