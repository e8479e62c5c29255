/// Why a file could not be probed.
///
/// Every error names the file and says what is wrong in one sentence; when FFmpeg refused
/// something, its own message (from `av_strerror`) is kept in ``ffmpegMessage``. Its JSON form
/// (`path`, `code`, `message`, and the FFmpeg and size fields when they apply) decodes back into
/// an equal error. Equality compares what the error says (path, reason, FFmpeg's code and
/// message), not ``sniffedFormat``, which JSON does not carry.
public struct ProbeError: Error, Sendable, Equatable, Codable, CustomStringConvertible {
  /// The path as given to the probe.
  public let path: String
  /// What went wrong.
  public let reason: Reason
  /// FFmpeg's error code, when an FFmpeg call failed.
  public let ffmpegCode: Int32?
  /// FFmpeg's description of ``ffmpegCode``.
  public let ffmpegMessage: String?
  /// What the probe's content sniffer recognised the bytes as, when the probe failed after
  /// sniffing them and they matched a known signature: a HEIC photo that FFmpeg cannot decode is
  /// `heif` (family ``ContentFormat/Family/image``), an SVG `svg`. `nil` when the probe failed
  /// before reading the content (a missing file) or the content matched no signature. Not part
  /// of the JSON form.
  public let sniffedFormat: ContentFormat?

  /// Creates an error.
  public init(
    path: String, reason: Reason, ffmpegCode: Int32? = nil, ffmpegMessage: String? = nil,
    sniffedFormat: ContentFormat? = nil
  ) {
    self.path = path
    self.reason = reason
    self.ffmpegCode = ffmpegCode
    self.ffmpegMessage = ffmpegMessage
    self.sniffedFormat = sniffedFormat
  }

  /// The same error, carrying `format` as what the sniffer recognised (unless it already
  /// carries one).
  func withSniffedFormat(_ format: ContentFormat?) -> ProbeError {
    ProbeError(
      path: path, reason: reason, ffmpegCode: ffmpegCode, ffmpegMessage: ffmpegMessage,
      sniffedFormat: sniffedFormat ?? format)
  }

  /// Whether the two errors say the same: path, reason, FFmpeg's code and message (not
  /// ``sniffedFormat``).
  public static func == (lhs: ProbeError, rhs: ProbeError) -> Bool {
    lhs.path == rhs.path && lhs.reason == rhs.reason && lhs.ffmpegCode == rhs.ffmpegCode
      && lhs.ffmpegMessage == rhs.ffmpegMessage
  }

  /// A stable snake_case identifier of the reason, for JSON and scripts.
  public var code: String { reason.code }

  /// The sentence that explains the error, without the path.
  public var message: String {
    guard let ffmpegMessage, !reason.message.contains(ffmpegMessage) else { return reason.message }
    return "\(reason.message)\(Self.ffmpegSuffix(ffmpegMessage))"
  }

  /// What ``message`` appends to the reason's sentence for FFmpeg's message.
  private static func ffmpegSuffix(_ ffmpegMessage: String) -> String {
    " (FFmpeg: \(ffmpegMessage))"
  }

  /// `path: message`.
  public var description: String { "\(path): \(message)" }

  enum CodingKeys: String, CodingKey {
    case path, code, message
    case ffmpegCode = "ffmpeg_code"
    case ffmpegMessage = "ffmpeg_message"
    case width, height, limit
  }

  /// Reads the JSON form back: the reason from `code` and the sentence in `message` (and
  /// `width`, `height`, `limit` for ``Reason/pixelBudgetExceeded(width:height:limit:)``). A
  /// code this version does not know becomes ``Reason/other(_:)`` with the message.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let code = try container.decode(String.self, forKey: .code)
    var message = try container.decode(String.self, forKey: .message)
    let ffmpegMessage = try container.decodeIfPresent(String.self, forKey: .ffmpegMessage)
    if let ffmpegMessage, message.hasSuffix(Self.ffmpegSuffix(ffmpegMessage)) {
      message.removeLast(Self.ffmpegSuffix(ffmpegMessage).count)
    }
    var size: (width: Int, height: Int, limit: Int)?
    if let width = try container.decodeIfPresent(Int.self, forKey: .width),
      let height = try container.decodeIfPresent(Int.self, forKey: .height),
      let limit = try container.decodeIfPresent(Int.self, forKey: .limit)
    {
      size = (width, height, limit)
    }
    self.init(
      path: try container.decode(String.self, forKey: .path),
      reason: Reason(code: code, message: message, size: size) ?? .other(message),
      ffmpegCode: try container.decodeIfPresent(Int32.self, forKey: .ffmpegCode),
      ffmpegMessage: ffmpegMessage)
  }

  /// Writes the JSON form: `path`, `code`, `message`, FFmpeg's code and message when known, and
  /// the picture's size and the limit for a picture over the pixel budget.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(path, forKey: .path)
    try container.encode(code, forKey: .code)
    try container.encode(message, forKey: .message)
    try container.encodeIfPresent(ffmpegCode, forKey: .ffmpegCode)
    try container.encodeIfPresent(ffmpegMessage, forKey: .ffmpegMessage)
    if case .pixelBudgetExceeded(let width, let height, let limit) = reason {
      try container.encode(width, forKey: .width)
      try container.encode(height, forKey: .height)
      try container.encode(limit, forKey: .limit)
    }
  }
}
