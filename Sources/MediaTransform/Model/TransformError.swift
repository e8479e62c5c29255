public import MediaProbe

/// Why a transform wrote nothing.
public enum TransformError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The input was refused as the probe refuses it (its ``ProbeError/code`` says why).
  case input(ProbeError)
  /// The destination is the input itself (the same path after resolving links, or the same
  /// file), which is never opened for writing.
  case destinationIsSource(String)
  /// The transform asks for something impossible, e.g. a size of 0.
  case invalidTransform(String)
  /// Even the lowest JPEG quality, or a clip's bit rate chosen for the cap, gives more than
  /// `maxBytes` (`smallest` bytes).
  case cannotFit(maxBytes: Int, smallest: Int)
  /// An FFmpeg call failed while converting or encoding.
  case ffmpeg(stage: String, code: Int32, message: String)
  /// The destination could not be written.
  case writeFailed(path: String, reason: String)

  /// A stable snake_case identifier: the probe's code for a refused input.
  public var code: String {
    switch self {
    case .input(let error): error.code
    case .destinationIsSource: "destination_is_source"
    case .invalidTransform: "invalid_transform"
    case .cannotFit: "cannot_fit"
    case .ffmpeg: "ffmpeg_failed"
    case .writeFailed: "write_failed"
    }
  }

  /// One sentence saying what went wrong.
  public var description: String {
    switch self {
    case .input(let error): error.description
    case .destinationIsSource(let path): "\(path): the destination is the input itself"
    case .invalidTransform(let what): "invalid transform: \(what)"
    case .cannotFit(let maxBytes, let smallest):
      "the output does not fit \(maxBytes) bytes (the smallest is \(smallest) bytes)"
    case .ffmpeg(let stage, let code, let message): "\(stage) failed: \(message) (\(code))"
    case .writeFailed(let path, let reason): "\(path): cannot write: \(reason)"
    }
  }
}
