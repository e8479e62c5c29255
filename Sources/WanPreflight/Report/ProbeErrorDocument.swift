import MediaProbe

/// A ``ProbeError`` read back from the JSON a report prints (`path`, `code`, `message`, the
/// FFmpeg fields and a pixel budget's numbers), for ``Report/MediaEntry``'s decoding.
///
/// The reason's values are recovered from the message, each as its own wording frames it; a
/// code this build does not know becomes ``ProbeError/Reason/other(_:)`` with the message.
struct ProbeErrorDocument: Decodable {
  /// The error as it was printed.
  let error: ProbeError

  enum CodingKeys: String, CodingKey {
    case path, code, message
    case ffmpegCode = "ffmpeg_code"
    case ffmpegMessage = "ffmpeg_message"
    case width, height, limit
  }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let ffmpegCode = try container.decodeIfPresent(Int32.self, forKey: .ffmpegCode)
    let ffmpegMessage = try container.decodeIfPresent(String.self, forKey: .ffmpegMessage)
    var message = try container.decode(String.self, forKey: .message)
    if let ffmpegMessage, message.hasSuffix(" (FFmpeg: \(ffmpegMessage))") {
      message = String(message.dropLast(" (FFmpeg: \(ffmpegMessage))".count))
    }
    let code = try container.decode(String.self, forKey: .code)
    let reason: ProbeError.Reason
    if code == "pixel_budget_exceeded" {
      reason = .pixelBudgetExceeded(
        width: try container.decode(Int.self, forKey: .width),
        height: try container.decode(Int.self, forKey: .height),
        limit: try container.decode(Int.self, forKey: .limit))
    } else {
      reason = Self.reason(code: code, message: message)
    }
    error = ProbeError(
      path: try container.decode(String.self, forKey: .path), reason: reason,
      ffmpegCode: ffmpegCode, ffmpegMessage: ffmpegMessage)
  }

  /// The reason whose code is `code` and whose message is `message`.
  static func reason(code: String, message: String) -> ProbeError.Reason {
    let plain: [ProbeError.Reason] = [
      .notFound, .nameNotUTF8, .permissionDenied, .empty, .readFailed, .unrecognized,
      .noMediaStream, .invalidDimensions, .emptyStream, .undecodable,
    ]
    if let reason = plain.first(where: { $0.code == code }) { return reason }
    let worded: [(String) -> ProbeError.Reason] = [
      ProbeError.Reason.notAFile, ProbeError.Reason.refusedFormat, ProbeError.Reason.truncated,
      ProbeError.Reason.corrupt,
    ]
    for make in worded where make("").code == code {
      if let value = value(in: message, framedLike: make("\u{0}").message) { return make(value) }
    }
    let numbers = message.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
    switch (code, numbers.count) {
    case ("decompression_bomb", 1): return .decompressionBomb(limit: Int64(numbers[0]))
    case ("sample_budget_exceeded", 2):
      return .sampleBudgetExceeded(samples: numbers[0], limit: numbers[1])
    case ("unknown_codec", 1): return .unknownCodec(stream: numbers[0])
    case ("timed_out", _):
      let seconds = value(in: message, framedLike: ProbeError.Reason.timedOut(0).message, at: "0")
      if let seconds = seconds.flatMap(Double.init) { return .timedOut(seconds) }
    default: break
    }
    return .other(message)
  }

  /// What stands in `message` where `placeholder` stands in `template`, when the rest matches.
  private static func value(
    in message: String, framedLike template: String, at placeholder: String = "\u{0}"
  ) -> String? {
    guard let range = template.range(of: placeholder) else { return nil }
    let prefix = template[..<range.lowerBound]
    let suffix = template[range.upperBound...]
    guard message.hasPrefix(prefix), message.hasSuffix(suffix),
      message.count >= prefix.count + suffix.count
    else { return nil }
    return String(message.dropFirst(prefix.count).dropLast(suffix.count))
  }
}
