private typealias Medium = RuleExample.Medium

/// The image rules: first and last frames (checked by ``ImageRules``).
extension RuleDescription {
  static let imageFormat = RuleDescription(
    .error, .content, "Images are JPEG, PNG, BMP or WEBP.", serverErrors: [ServiceText.imageFormat],
    firing: RuleExample(media: [Medium("first_frame", "image/gif_still_64x64.gif")])
      .fires(at: "/input/media/0", .error),
    passing: RuleExample(media: [Medium("first_frame", "image/webp_640x480.webp")]))

  static let imageAlpha = RuleDescription(
    .error, .content, "PNG images have no alpha channel.",
    firing: RuleExample(media: [Medium("first_frame", "image/png_rgba_opaque_320x240.png")])
      .fires(at: "/input/media/0", .error),
    passing: RuleExample())

  static let imageAnimated = RuleDescription(
    .warning, .content, "Images are still pictures; only one frame would be used.",
    firing: RuleExample(media: [Medium("first_frame", "image/gif_animated_64x64.gif")])
      .fires(at: "/input/media/0", .warning),
    passing: RuleExample(media: [Medium("first_frame", "image/gif_still_64x64.gif")]))

  static let imageSize = RuleDescription(
    .error, .content, "Each side of an image is 240 to 8000 pixels.",
    serverErrors: [ServiceText.imageSize],
    firing: RuleExample(media: [Medium("first_frame", "image/png_200x900.png")])
      .fires(at: "/input/media/0", .error),
    passing: RuleExample(media: [Medium("first_frame", "image/png_750x1000.png")]))

  static let imageAspect = RuleDescription(
    .error, .content, "An image's aspect ratio is between 1:8 and 8:1.",
    firing: RuleExample(media: [Medium("first_frame", "image/png_2000x240.png")])
      .fires(at: "/input/media/0", .error),
    passing: RuleExample(media: [Medium("first_frame", "image/png_200x900.png")]))

  static let imageBytes = RuleDescription(
    .error, .content, "An image file is at most 20 MB.",
    firing: RuleExample(
      spec: .wan27i2v(changing: {
        $0.image.maxBytes = ByteLimit(stated: "1000 bytes", certain: 1000, most: 1000)
      })
    ).fires(at: "/input/media/0", .error),
    passing: RuleExample())
}
