internal import CFFmpeg

/// Process-wide FFmpeg settings.
public enum FFmpegLibrary {
  /// Whether FFmpeg's own log reaches standard error. Off by default: FFmpeg never writes to the
  /// terminal unless a caller (the CLI's `--verbose`) asks for it.
  public static func setLogging(verbose: Bool) {
    ensureConfigured()
    av_log_set_level(verbose ? AV_LOG_VERBOSE : AV_LOG_QUIET)
  }

  /// The versions of the linked libraries, e.g. `libavformat 59.27.100`.
  public static var versions: [String] {
    [
      ("libavformat", avformat_version()), ("libavcodec", avcodec_version()),
      ("libavutil", avutil_version()), ("libswscale", swscale_version()),
    ].map { name, version in
      "\(name) \(version >> 16).\((version >> 8) & 0xFF).\(version & 0xFF)"
    }
  }

  /// Silences FFmpeg once, before anything else calls into it.
  static func ensureConfigured() { _ = silencedByDefault }

  private static let silencedByDefault: Void = av_log_set_level(AV_LOG_QUIET)
}

/// FFmpeg's description of an error code (what the `av_err2str` macro gives in C).
func ffmpegErrorDescription(_ code: Int32) -> String {
  withUnsafeTemporaryAllocation(of: CChar.self, capacity: Int(AV_ERROR_MAX_STRING_SIZE)) { buffer in
    guard let base = buffer.baseAddress, av_strerror(code, base, buffer.count) == 0 else {
      return "FFmpeg error \(code)"
    }
    return String(cString: base)
  }
}
