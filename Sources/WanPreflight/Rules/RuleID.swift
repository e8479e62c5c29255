/// How serious a diagnostic is.
public enum Severity: String, Sendable, Codable, Comparable, CaseIterable {
  /// Information: nothing to fix (e.g. a URL that could not be checked offline).
  case note
  /// The API takes the request but does something you may not want (truncates, cuts, bills).
  case warning
  /// The API will reject the request, or the task will fail after queueing.
  case error

  private var rank: Int {
    switch self {
    case .note: 0
    case .warning: 1
    case .error: 2
    }
  }

  public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// The stable identifier of every rule. Identifiers are snake_case and are added, never renamed.
public enum RuleID: String, Sendable, Codable, CaseIterable {
  // Request
  case requestJSON = "request_json"
  case requestSchema = "request_schema"
  case modelUnknown = "model_unknown"
  case legacyFields = "legacy_fields"
  case unknownField = "unknown_field"
  case mediaMissing = "media_missing"
  case mediaTypeUnknown = "media_type_unknown"
  case mediaTypeRepeated = "media_type_repeated"
  case mediaCombination = "media_combination"
  case durationRange = "duration_range"
  case resolutionValue = "resolution_value"
  case seedRange = "seed_range"
  case flagType = "flag_type"
  case promptLength = "prompt_length"
  case negativePromptLength = "negative_prompt_length"
  case promptShots = "prompt_shots"
  case defaultsApplied = "defaults_applied"
  // References
  case fileMissing = "file_missing"
  case urlScheme = "url_scheme"
  case urlUnverified = "url_unverified"
  case ossRegion = "oss_region"
  case base64NotAllowed = "base64_not_allowed"
  case dataURIMime = "data_uri_mime"
  case mediaOutside = "media_outside"
  // Content
  case mediaUnreadable = "media_unreadable"
  case extensionMismatch = "extension_mismatch"
  case orientation
  case imageFormat = "image_format"
  case imageAlpha = "image_alpha"
  case imageAnimated = "image_animated"
  case imageSize = "image_size"
  case imageAspect = "image_aspect"
  case imageBytes = "image_bytes"
  case audioFormat = "audio_format"
  case audioDuration = "audio_duration"
  case audioBytes = "audio_bytes"
  case audioVsDuration = "audio_vs_duration"
  case clipFormat = "clip_format"
  case clipNoVideo = "clip_no_video"
  case clipDuration = "clip_duration"
  case clipSize = "clip_size"
  case clipAspect = "clip_aspect"
  case clipBytes = "clip_bytes"
  case clipVsDuration = "clip_vs_duration"
  case clipStart = "clip_start"
  case lastFrameAspect = "last_frame_aspect"

  /// The severity the rule reports with unless a diagnostic says otherwise.
  public var defaultSeverity: Severity {
    switch self {
    case .unknownField, .promptLength, .negativePromptLength, .promptShots, .defaultsApplied,
      .extensionMismatch, .orientation, .imageAnimated, .audioVsDuration, .lastFrameAspect,
      .clipStart:
      .warning
    case .urlUnverified:
      .note
    default:
      .error
    }
  }

  /// The family the rule belongs to: `request`, `reference` or `content`.
  public var family: String {
    switch self {
    case .requestJSON, .requestSchema, .modelUnknown, .legacyFields, .unknownField, .mediaMissing,
      .mediaTypeUnknown, .mediaTypeRepeated, .mediaCombination, .durationRange, .resolutionValue,
      .seedRange, .flagType, .promptLength, .negativePromptLength, .promptShots, .defaultsApplied:
      "request"
    case .fileMissing, .urlScheme, .urlUnverified, .ossRegion, .base64NotAllowed, .dataURIMime,
      .mediaOutside:
      "reference"
    default:
      "content"
    }
  }

  /// One sentence: what the rule checks.
  public var summary: String {
    switch self {
    case .requestJSON: "The request file is valid JSON or YAML."
    case .requestSchema: "The body has the documented shape: an object with model and input."
    case .modelUnknown: "The model is wan2.7-i2v or one of its dated snapshots."
    case .legacyFields: "No fields of the legacy 2.1–2.6 API (img_url, audio_url, size, …)."
    case .unknownField: "No fields the API does not document."
    case .mediaMissing: "input.media is present and not empty; each item has a type and a url."
    case .mediaTypeUnknown:
      "Each media type is first_frame, last_frame, driving_audio or first_clip."
    case .mediaTypeRepeated: "Each media type appears at most once."
    case .mediaCombination: "The media form one of the six legal combinations."
    case .durationRange: "parameters.duration is an integer from 2 to 15."
    case .resolutionValue: "parameters.resolution is 720P or 1080P."
    case .seedRange: "parameters.seed is an integer from 0 to 2147483647."
    case .flagType: "prompt_extend and watermark are booleans; prompts are strings."
    case .promptLength: "The prompt fits 5000 characters; the rest would be cut silently."
    case .negativePromptLength: "The negative prompt fits 500 characters; the rest would be cut."
    case .promptShots: "Shot time ranges in the prompt end within the duration."
    case .defaultsApplied: "Which defaults the service applies to what the request leaves out."
    case .fileMissing: "A local media path exists."
    case .urlScheme: "Media URLs are http(s), oss:// or data: URIs."
    case .urlUnverified: "Remote media cannot be checked offline."
    case .ossRegion: "oss:// temporary URLs exist in the Beijing region only."
    case .base64NotAllowed: "Audio and clips cannot be sent as base64 data: URIs."
    case .dataURIMime: "A data: URI's MIME type is allowed and matches its content."
    case .mediaOutside: "Local media lie inside the repository being linted (others are not read)."
    case .mediaUnreadable: "The media file can be read and decoded."
    case .extensionMismatch: "The file name's extension matches its content."
    case .orientation: "EXIF orientation or a rotation matrix makes the displayed size ambiguous."
    case .imageFormat: "Images are JPEG, PNG, BMP or WEBP."
    case .imageAlpha: "PNG images have no alpha channel."
    case .imageAnimated: "Images are still pictures; only one frame would be used."
    case .imageSize: "Each side of an image is 240 to 8000 pixels."
    case .imageAspect: "An image's aspect ratio is between 1:8 and 8:1."
    case .imageBytes: "An image file is at most 20 MB."
    case .audioFormat: "Driving audio is WAV or MP3."
    case .audioDuration: "Driving audio lasts 2 to 30 seconds."
    case .audioBytes: "An audio file is at most 15 MB."
    case .audioVsDuration: "Audio longer than the duration is cut; shorter leaves silence."
    case .clipFormat: "A clip is MP4 or MOV."
    case .clipNoVideo: "A clip has a video stream."
    case .clipDuration: "A clip lasts 2 to 10 seconds."
    case .clipSize: "Each side of a clip is 240 to 4096 pixels."
    case .clipAspect: "A clip's aspect ratio is between 1:8 and 8:1."
    case .clipBytes: "A clip file is at most 100 MB."
    case .clipVsDuration: "The duration is longer than the clip, which it includes and bills."
    case .clipStart: "A clip's first frame is shown at its start, not after empty time."
    case .lastFrameAspect: "The last frame has the aspect ratio of the first frame or clip."
    }
  }
}

/// One finding: which rule, how serious, where, what was found, what is allowed, and what to do.
public struct Diagnostic: Sendable, Codable, Equatable {
  /// The rule that found it.
  public var rule: RuleID
  /// How serious it is.
  public var severity: Severity
  /// A JSON Pointer into the request body (`/input/media/0`).
  public var pointer: String
  /// The request file, when the request came from one.
  public var file: String?
  /// The line of ``pointer`` in ``file``, when known.
  public var line: Int?
  /// The column of ``pointer`` in ``file``, when known.
  public var column: Int?
  /// The command-line flag that gave the value, e.g. `--duration`; ``file``, ``line`` and
  /// ``column`` are then `nil`, since the value is not the file's.
  public var flag: String?
  /// The value the flag was given (`20` for `--duration 20`), when it has one worth quoting.
  public var flagValue: String?
  /// What was found and what is allowed.
  public var message: String
  /// How to fix it.
  public var hint: String?
  /// The service's own error text for this problem, when known, so a user who saw it finds ours.
  public var serverError: String?

  /// Creates a diagnostic with the rule's default severity.
  public init(
    _ rule: RuleID, at pointer: String, _ message: String, hint: String? = nil,
    serverError: String? = nil, severity: Severity? = nil
  ) {
    self.rule = rule
    self.severity = severity ?? rule.defaultSeverity
    self.pointer = pointer
    self.message = message
    self.hint = hint
    self.serverError = serverError
  }

  enum CodingKeys: String, CodingKey {
    case rule, severity, pointer, file, line, column, flag, message, hint
    case flagValue = "flag_value"
    case serverError = "server_error"
  }
}
