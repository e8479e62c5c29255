extension ProbeError {
  /// What went wrong, in categories a caller can act on.
  ///
  /// Not frozen: later versions add reasons (``cancelled`` came with the asynchronous probe), so
  /// a `switch` over a reason outside this module should end with `@unknown default` (or a
  /// `default`) and treat what it does not know as a file it cannot use.
  public enum Reason: Sendable, Equatable {
    /// Nothing exists at the path.
    case notFound
    /// Nothing exists at the path, and the path holds U+FFFD, which stands in for bytes that are
    /// not UTF-8 when a name is read as text (a command-line argument, a folder listing): the file
    /// may well exist under its real name, which Swift strings cannot carry.
    case nameNotUTF8
    /// The path is not a regular file; the associated value says what it is instead.
    case notAFile(String)
    /// The file exists but may not be read.
    case permissionDenied
    /// The file has no bytes.
    case empty
    /// Reading the file failed.
    case readFailed
    /// No accepted media format recognises the content.
    case unrecognized
    /// The content is a playlist, file list or other format that would read other files.
    case refusedFormat(String)
    /// The file opened but holds no picture, video or audio stream.
    case noMediaStream
    /// The picture claims a width or height of zero.
    case invalidDimensions
    /// Compressed metadata would inflate beyond the given number of bytes (a decompression bomb).
    case decompressionBomb(limit: Int64)
    /// The picture is larger than the probe agrees to decode.
    case pixelBudgetExceeded(width: Int, height: Int, limit: Int)
    /// An MP4/MOV's sample tables claim more samples than the probe lets FFmpeg index (FFmpeg
    /// allocates an index entry for each before reading any).
    case sampleBudgetExceeded(samples: Int, limit: Int)
    /// A stream's codec is unknown: its description in the container is missing or damaged.
    case unknownCodec(stream: Int)
    /// The stream that should hold the picture or sound has no data at all.
    case emptyStream
    /// No frame could be decoded.
    case undecodable
    /// The data ends early; the value says how that shows.
    case truncated(String)
    /// The data is damaged; the value says how that shows.
    case corrupt(String)
    /// The probe ran past its time budget (seconds).
    case timedOut(Double)
    /// The task awaiting the probe was cancelled; the probe stopped at its next check.
    case cancelled
    /// Any other failure, described in words.
    case other(String)

    /// Why nothing was found at `path`: ``nameNotUTF8`` when the path holds U+FFFD, else
    /// ``notFound``.
    public static func missing(_ path: String) -> Reason {
      path.contains("\u{FFFD}") ? .nameNotUTF8 : .notFound
    }

    /// A stable snake_case identifier.
    public var code: String {
      switch self {
      case .notFound: "not_found"
      case .nameNotUTF8: "name_not_utf8"
      case .notAFile: "not_a_file"
      case .permissionDenied: "permission_denied"
      case .empty: "empty"
      case .readFailed: "read_failed"
      case .unrecognized: "unrecognized"
      case .refusedFormat: "refused_format"
      case .noMediaStream: "no_media_stream"
      case .invalidDimensions: "invalid_dimensions"
      case .decompressionBomb: "decompression_bomb"
      case .pixelBudgetExceeded: "pixel_budget_exceeded"
      case .sampleBudgetExceeded: "sample_budget_exceeded"
      case .unknownCodec: "unknown_codec"
      case .emptyStream: "empty_stream"
      case .undecodable: "undecodable"
      case .truncated: "truncated"
      case .corrupt: "corrupt"
      case .timedOut: "timed_out"
      case .cancelled: "cancelled"
      case .other: "other"
      }
    }

    /// One sentence for a person.
    public var message: String {
      switch self {
      case .notFound: "no such file"
      case .nameNotUTF8:
        "no such file, and the name holds U+FFFD (\u{FFFD}), which replaces bytes that are not "
          + "UTF-8: if the real name is not UTF-8, rename the file to UTF-8"
      case .notAFile(let what): "not a regular file (\(what))"
      case .permissionDenied: "permission denied"
      case .empty: "the file is empty (0 bytes)"
      case .readFailed: "the file could not be read"
      case .unrecognized: "not a recognised image, audio or video format"
      case .refusedFormat(let name):
        "refused: the content is \(name), which would make FFmpeg read other files"
      case .noMediaStream: "no picture, video or audio stream"
      case .invalidDimensions: "the picture claims a size of 0 pixels"
      case .decompressionBomb(let limit):
        "refused: compressed metadata in the file would inflate beyond \(limit) bytes"
      case .pixelBudgetExceeded(let width, let height, let limit):
        "the picture is \(width)x\(height) (\(pixelCount(width, height)) pixels); the probe "
          + "decodes at most \(limit) pixels"
      case .sampleBudgetExceeded(let samples, let limit):
        "the sample tables claim \(samples) samples; the probe lets FFmpeg index at most \(limit)"
      case .unknownCodec(let stream):
        "stream \(stream) has no codec: its description in the container is missing or damaged"
      case .emptyStream: "the stream holds no frames (no picture or sound data)"
      case .undecodable:
        "no frame could be decoded (the data is damaged, or a variant FFmpeg cannot read)"
      case .truncated(let how): "the file is truncated: \(how)"
      case .corrupt(let how): "the data is corrupt: \(how)"
      case .timedOut(let seconds): "probing took longer than \(formatSeconds(seconds)) s"
      case .cancelled: "the probe was cancelled"
      case .other(let text): text
      }
    }
  }
}

/// `width × height` in digits, computed without overflow: a header can claim 2³² × 2³².
func pixelCount(_ width: Int, _ height: Int) -> String {
  let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
  return overflow ? "over \(Int.max)" : String(pixels)
}

/// `10` or `2.5`: seconds without trailing zeros (and Swift's exponent form for a count of
/// seconds too large for an integer, which packet timestamps can add up to).
func formatSeconds(_ seconds: Double) -> String {
  guard seconds.isFinite, seconds.magnitude < 1e15 else { return String(seconds) }
  return seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
}
