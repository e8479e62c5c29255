private typealias Medium = RuleExample.Medium

/// The reference rules: how media are named (checked by ``ReferenceRules``).
extension RuleDescription {
  static let fileMissing = RuleDescription(
    .error, .reference, "A local media path exists.",
    firing: RuleExample(media: [Medium("first_frame", "image/nope.png")])
      .fires(at: "/input/media/0/url", .error),
    passing: RuleExample())

  static let urlScheme = RuleDescription(
    .error, .reference, "Media URLs are http(s), oss:// or data: URIs.",
    firing: RuleExample(media: [Medium("first_frame", "ftp://example.com/a.png")])
      .fires(at: "/input/media/0/url", .error),
    passing: RuleExample(media: [Medium("first_frame", "https://example.com/a.png")]))

  static let urlUnverified = RuleDescription(
    .note, .reference, "Remote media cannot be checked offline.",
    firing: RuleExample(media: [Medium("first_frame", "https://example.com/a.png")])
      .fires(at: "/input/media/0/url", .note),
    passing: RuleExample())

  static let ossRegion = RuleDescription(
    .error, .reference, "oss:// temporary URLs exist in the Beijing region only.",
    firing: RuleExample(media: [Medium("first_frame", "oss://bucket/a.png")], region: .singapore)
      .fires(at: "/input/media/0/url", .error),
    passing: RuleExample(media: [Medium("first_frame", "oss://bucket/a.png")]))

  static let base64NotAllowed = RuleDescription(
    .error, .reference, "Audio and clips cannot be sent as base64 data: URIs.",
    firing: RuleExample(
      media: [
        Medium("first_frame", "image/png_640x480.png"),
        Medium("driving_audio", "audio/wav_3s_8000_mono.wav", dataURIType: "audio/wav"),
      ], parameters: #""resolution": "720P", "duration": 3"#
    ).fires(at: "/input/media/1/url", .error),
    passing: RuleExample(media: [
      Medium("first_frame", "image/png_640x480.png", dataURIType: "image/png")
    ]))

  static let dataURIMime = RuleDescription(
    .error, .reference, "A data: URI's MIME type is allowed and matches its content.",
    firing: RuleExample(media: [
      Medium("first_frame", "image/jpeg_640x480.jpg", dataURIType: "image/png")
    ]).fires(at: "/input/media/0/url", .error),
    passing: RuleExample(media: [
      Medium("first_frame", "image/jpeg_640x480.jpg", dataURIType: "image/jpeg")
    ]))

  static let mediaOutside = RuleDescription(
    .error, .reference,
    "Local media lie inside the repository being linted (others are not read).",
    firing: RuleExample(media: [Medium("first_frame", "../../../../etc/passwd")], confined: true)
      .fires(at: "/input/media/0/url", .error),
    passing: RuleExample(confined: true))
}
