/// Limits on input images.
public struct ImageLimits: Sendable, Equatable {
  /// Accepted content formats, as the probe names them.
  public var formats: [String]
  /// The MIME type a `data:` URI must carry for each format.
  public var mimeTypes: [String: String]
  /// Each side, in pixels.
  public var side: ClosedRange<Int>
  /// The longer side over the shorter, at most.
  public var maxAspect: Double
  /// File size: the guide's "MB", read both ways.
  public var maxBytes: ByteLimit
  /// Whether a PNG may carry an alpha channel.
  public var alphaAllowed: Bool
}

/// Limits on driving audio.
public struct AudioLimits: Sendable, Equatable {
  /// Accepted content formats.
  public var formats: [String]
  /// Length in seconds.
  public var seconds: ClosedRange<Double>
  /// File size: the guide's "MB", read both ways.
  public var maxBytes: ByteLimit
  /// Whether a `data:` URI is accepted.
  public var base64Allowed: Bool
}

/// Limits on a clip to continue.
public struct ClipLimits: Sendable, Equatable {
  /// Accepted content formats.
  public var formats: [String]
  /// Length in seconds.
  public var seconds: ClosedRange<Double>
  /// Each side, in pixels.
  public var side: ClosedRange<Int>
  /// The longer side over the shorter, at most.
  public var maxAspect: Double
  /// File size: the guide's "MB", read both ways.
  public var maxBytes: ByteLimit
  /// Whether a `data:` URI is accepted.
  public var base64Allowed: Bool
}

/// A file-size limit the guide states in "MB" without saying whether it means 10⁶ or 2²⁰
/// bytes [inferred: both readings are possible].
///
/// A size up to ``certain`` passes on either reading; above ``most`` it fails on either; in
/// between the service may refuse it, so the rules warn there and fail only above ``most``.
public struct ByteLimit: Sendable, Equatable {
  /// The limit as the guide states it, e.g. `20 MB`.
  public var stated: String
  /// The size that passes on either reading: the stated number of 1,000,000-byte MB.
  public var certain: Int64
  /// The size above which either reading fails: the stated number of 1,048,576-byte MB.
  public var most: Int64

  /// A limit of `count` MB: certain up to `count` × 10⁶ bytes, at most `count` × 2²⁰.
  public static func megabytes(_ count: Int64) -> ByteLimit {
    ByteLimit(stated: "\(count) MB", certain: count * 1_000_000, most: count * 1_048_576)
  }

  /// Creates a limit from its two readings in bytes.
  public init(stated: String, certain: Int64, most: Int64) {
    self.stated = stated
    self.certain = certain
    self.most = max(certain, most)
  }
}
