private typealias Medium = RuleExample.Medium

/// The rules for media of any kind, or for several together (checked by ``MediaUnreadable``,
/// ``ExtensionMismatch``, ``Orientation`` and ``LastFrameAspect``).
extension RuleDescription {
  static let mediaUnreadable = RuleDescription(
    .error, .content, "The media file can be read and decoded.",
    serverErrors: [
      ServiceText.imageUnreadable, ServiceText.audioUnreadable,
      ServiceText.videoInvalid,
    ],
    firing: RuleExample(media: [Medium("first_frame", "broken/truncated.png")])
      .fires(at: "/input/media/0/url", .error),
    passing: RuleExample())

  static let extensionMismatch = RuleDescription(
    .warning, .content, "The file name's extension matches its content.",
    firing: RuleExample(media: [Medium("first_frame", "image/jpeg_named_png.png")])
      .fires(at: "/input/media/0/url", .warning),
    passing: RuleExample(media: [Medium("first_frame", "image/jpeg_640x480.jpg")]))

  static let orientation = RuleDescription(
    .warning, .content,
    "EXIF orientation or a rotation matrix makes the displayed size ambiguous.",
    firing: RuleExample(media: [Medium("first_frame", "image/jpeg_exif_orientation6.jpg")])
      .fires(at: "/input/media/0", .warning),
    passing: RuleExample(media: [Medium("first_frame", "image/jpeg_640x480.jpg")]))

  static let lastFrameAspect = RuleDescription(
    .warning, .content, "The last frame has the aspect ratio of the first frame or clip.",
    firing: RuleExample(media: [
      Medium("first_frame", "image/jpeg_640x480.jpg"),
      Medium("last_frame", "image/png_750x1000.png"),
    ]).fires(at: "/input/media/1", .warning),
    passing: RuleExample(media: [
      Medium("first_frame", "image/jpeg_640x480.jpg"),
      Medium("last_frame", "image/webp_640x480.webp"),
    ]))
}
