/// The service's own error texts, as its responses spell them: quoted by diagnostics
/// (`server_error`) and listed by rule descriptions, from this one place.
enum ServiceText {
  static let bodyInvalid = "Required body invalid, please check the request body format."
  static let modelMissing = "Field required: model"
  static let mediaMissing = "Field required: input.media"
  static let imageFormat = "image format error"
  static let imageSize = "the size of input image is too small or too large."
  static let imageUnreadable = "Invalid image format or corrupted file"
  static let audioFormat = "File type is not supported. Allowed types are: .wav, .mp3."
  static let audioBytes = "File size is larger than 15MB."
  static let audioUnreadable = "The audio format is illegal and cannot be opened."
  static let videoUnreadable = "read video error."
  static let videoInvalid = "Invalid video file."

  /// `Field required: input.media.0.url`, for the item at `index`.
  static func urlMissing(_ index: String) -> String { "Field required: input.media.\(index).url" }

  /// `The input audio is longer than 30s.`, for a limit of `seconds`.
  static func audioTooLong(_ seconds: String) -> String {
    "The input audio is longer than \(seconds)s."
  }
}
