/// One item of `input.media`, as far as the request itself tells.
struct MediaItem: Sendable, Equatable {
  /// The item's JSON Pointer, `/input/media/N`.
  var pointer: String
  /// The role its `type` names, when it names a known one.
  var role: MediaRole?
  /// Where its `url` points, when it has one.
  var reference: MediaReference?
  /// The `url` as written.
  var url: String?
}

/// What the request body says, after its shape has been checked.
struct RequestFields: Sendable, Equatable {
  /// `model`, when it is a string.
  var model: String?
  /// `input.prompt`, when it is a string.
  var prompt: String?
  /// `input.negative_prompt`, when it is a string.
  var negativePrompt: String?
  /// The items of `input.media`, in order.
  var media: [MediaItem] = []
  /// `parameters.duration` when it is a valid integer.
  var duration: Int?
  /// Whether the request gave `parameters.duration` at all.
  var durationGiven = false
  /// `parameters.resolution` when it is a tier the model has.
  var resolution: String?
  /// Whether the request gave `parameters.resolution` at all.
  var resolutionGiven = false

  /// The media roles in canonical order, when every item has a known role and none repeats.
  var roles: [MediaRole]? {
    let roles = media.compactMap(\.role)
    guard roles.count == media.count, Set(roles).count == roles.count else { return nil }
    return roles.sorted()
  }
}
