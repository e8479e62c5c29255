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

  /// Everything about the rule, as one value: its default severity, family, summary, the
  /// service's error texts and examples. One exhaustive switch: a new rule must describe itself.
  public var details: RuleDescription {
    switch self {
    case .requestJSON: .requestJSON
    case .requestSchema: .requestSchema
    case .modelUnknown: .modelUnknown
    case .legacyFields: .legacyFields
    case .unknownField: .unknownField
    case .mediaMissing: .mediaMissing
    case .mediaTypeUnknown: .mediaTypeUnknown
    case .mediaTypeRepeated: .mediaTypeRepeated
    case .mediaCombination: .mediaCombination
    case .durationRange: .durationRange
    case .resolutionValue: .resolutionValue
    case .seedRange: .seedRange
    case .flagType: .flagType
    case .promptLength: .promptLength
    case .negativePromptLength: .negativePromptLength
    case .promptShots: .promptShots
    case .defaultsApplied: .defaultsApplied
    case .fileMissing: .fileMissing
    case .urlScheme: .urlScheme
    case .urlUnverified: .urlUnverified
    case .ossRegion: .ossRegion
    case .base64NotAllowed: .base64NotAllowed
    case .dataURIMime: .dataURIMime
    case .mediaOutside: .mediaOutside
    case .mediaUnreadable: .mediaUnreadable
    case .extensionMismatch: .extensionMismatch
    case .orientation: .orientation
    case .imageFormat: .imageFormat
    case .imageAlpha: .imageAlpha
    case .imageAnimated: .imageAnimated
    case .imageSize: .imageSize
    case .imageAspect: .imageAspect
    case .imageBytes: .imageBytes
    case .audioFormat: .audioFormat
    case .audioDuration: .audioDuration
    case .audioBytes: .audioBytes
    case .audioVsDuration: .audioVsDuration
    case .clipFormat: .clipFormat
    case .clipNoVideo: .clipNoVideo
    case .clipDuration: .clipDuration
    case .clipSize: .clipSize
    case .clipAspect: .clipAspect
    case .clipBytes: .clipBytes
    case .clipVsDuration: .clipVsDuration
    case .clipStart: .clipStart
    case .lastFrameAspect: .lastFrameAspect
    }
  }

  /// The severity the rule reports with unless a diagnostic says otherwise.
  public var defaultSeverity: Severity { details.severity }

  /// The family the rule belongs to: `request`, `reference` or `content`.
  public var family: RuleFamily { details.family }

  /// One sentence: what the rule checks.
  public var summary: String { details.summary }
}
