extension ProbeError.Reason {
  /// The reason whose ``code`` is `code` and whose ``message`` is `message` (with `size` for a
  /// picture over the pixel budget): the inverse of the two, for reading JSON back. `nil` when
  /// the code is unknown or the message does not have the shape that code's reason writes.
  init?(code: String, message: String, size: (width: Int, height: Int, limit: Int)?) {
    let text = MessageText(message)
    switch code {
    case "not_found": self = .notFound
    case "name_not_utf8": self = .nameNotUTF8
    case "not_a_file":
      guard let what = text.between("not a regular file (", ")") else { return nil }
      self = .notAFile(what)
    case "permission_denied": self = .permissionDenied
    case "empty": self = .empty
    case "read_failed": self = .readFailed
    case "unrecognized": self = .unrecognized
    case "refused_format":
      guard
        let name = text.between(
          "refused: the content is ", ", which would make FFmpeg read other files")
      else { return nil }
      self = .refusedFormat(name)
    case "no_media_stream": self = .noMediaStream
    case "invalid_dimensions": self = .invalidDimensions
    case "decompression_bomb":
      guard
        let limit = text.between(
          "refused: compressed metadata in the file would inflate beyond ", " bytes"
        ).flatMap({ Int64($0) })
      else { return nil }
      self = .decompressionBomb(limit: limit)
    case "pixel_budget_exceeded":
      guard let size else { return nil }
      self = .pixelBudgetExceeded(width: size.width, height: size.height, limit: size.limit)
    case "sample_budget_exceeded":
      guard let counts = text.between("the sample tables claim ", ""),
        let split = counts.firstRange(of: " samples; the probe lets FFmpeg index at most "),
        let samples = Int(counts[..<split.lowerBound]), let limit = Int(counts[split.upperBound...])
      else { return nil }
      self = .sampleBudgetExceeded(samples: samples, limit: limit)
    case "unknown_codec":
      guard
        let stream = text.between(
          "stream ", " has no codec: its description in the container is missing or damaged"
        ).flatMap({ Int($0) })
      else { return nil }
      self = .unknownCodec(stream: stream)
    case "empty_stream": self = .emptyStream
    case "undecodable": self = .undecodable
    case "truncated":
      guard let how = text.between("the file is truncated: ", "") else { return nil }
      self = .truncated(how)
    case "corrupt":
      guard let how = text.between("the data is corrupt: ", "") else { return nil }
      self = .corrupt(how)
    case "timed_out":
      guard
        let seconds = text.between("probing took longer than ", " s").flatMap({ Double($0) })
      else { return nil }
      self = .timedOut(seconds)
    case "cancelled": self = .cancelled
    case "other": self = .other(message)
    default: return nil
    }
  }
}

/// A reason's sentence, taken apart.
private struct MessageText {
  let text: String

  init(_ text: String) { self.text = text }

  /// What lies between `prefix` and `suffix` when the text starts and ends with them.
  func between(_ prefix: String, _ suffix: String) -> String? {
    guard text.hasPrefix(prefix), text.hasSuffix(suffix),
      text.count >= prefix.count + suffix.count
    else { return nil }
    return String(text.dropFirst(prefix.count).dropLast(suffix.count))
  }
}
