public import MediaTransform

/// How ``Preflight/fix(_:options:)`` fixes a request: where it writes, what it leaves alone,
/// and the choices a fix has (how audio meets the duration, crop or pad, the background).
public struct FixOptions: Sendable {
  /// The folder the fixed media and `request.json` are written into (created if missing).
  public var outputDirectory: String
  /// Plan only: nothing is decoded past the probe, and nothing is written.
  public var dryRun = false
  /// Fix errors only, leaving the warnings a fix could remove (orientation, the last frame's
  /// aspect, audio against the duration, a misleading extension).
  public var errorsOnly = false
  /// How driving audio is fitted to the duration.
  public var audioFit: AudioFit = .fit
  /// How a picture or clip reaches an aspect ratio.
  public var aspect: ImageTransform.AspectFit.Mode = .crop
  /// The colour alpha is flattened onto, and padding's colour.
  public var background: ImageTransform.Color = .white
  /// Scale each picture down to the output size its tier predicts (the model resizes to that
  /// anyway), which shrinks a base64 body many times over.
  public var toOutputSize = false
  /// The x264 preset a clip is re-encoded with (`ultrafast` … `veryslow`): slower presets give
  /// smaller files at the same quality.
  public var clipPreset = "medium"
  /// Told how far each long step (a clip's re-encode) has come.
  public var progress: (@Sendable (FixProgress) -> Void)?

  /// Options that write into `outputDirectory`, with every default.
  public init(outputDirectory: String) {
    self.outputDirectory = outputDirectory
  }

  /// How driving audio whose length differs from the requested duration is fitted to it.
  public enum AudioFit: String, Sendable, Codable, CaseIterable {
    /// Trim longer audio and pad shorter audio with silence to the duration (the default).
    case fit
    /// Trim longer audio to the duration; shorter audio stays.
    case trim
    /// Pad shorter audio with silence to the duration; longer audio stays.
    case pad
    /// Set the request's duration to the audio's length rounded up (within 2…15 s), padding
    /// the rest of the last second with silence; the price changes with it.
    case duration
  }
}

/// How far a fix's long step has come.
public struct FixProgress: Sendable, Equatable {
  /// The media item being written, `/input/media/N`.
  public var pointer: String
  /// Its role.
  public var role: MediaRole
  /// Seconds of media written so far.
  public var secondsDone: Double
  /// Seconds of media to write.
  public var secondsTotal: Double

  /// The part done, 0…1.
  public var fraction: Double {
    secondsTotal > 0 ? min(max(secondsDone / secondsTotal, 0), 1) : 0
  }
}
