/// What a media item is for, as the API's `type` names it.
public enum MediaRole: String, Sendable, Codable, CaseIterable, Comparable {
  /// The image the video starts from.
  case firstFrame = "first_frame"
  /// The image the video ends on.
  case lastFrame = "last_frame"
  /// Audio the video is driven by (lip sync, beat).
  case drivingAudio = "driving_audio"
  /// A clip the video continues.
  case firstClip = "first_clip"

  /// The order roles take in a canonical task name: `first_frame+last_frame+driving_audio`.
  var canonicalOrder: Int {
    switch self {
    case .firstFrame: 0
    case .firstClip: 1
    case .lastFrame: 2
    case .drivingAudio: 3
    }
  }

  public static func < (lhs: MediaRole, rhs: MediaRole) -> Bool {
    lhs.canonicalOrder < rhs.canonicalOrder
  }
}
