private typealias Medium = RuleExample.Medium

/// The request rules: the body's shape and values (checked by ``RequestReader`` and
/// ``PromptRules``).
extension RuleDescription {
  static let requestJSON = RuleDescription(
    .error, .request, "The request file is valid JSON or YAML.",
    serverErrors: [ServiceText.bodyInvalid],
    firing: RuleExample(rawBody: #"{"model": }"#).fires(at: "", .error),
    passing: RuleExample())

  static let requestSchema = RuleDescription(
    .error, .request, "The body has the documented shape: an object with model and input.",
    serverErrors: [ServiceText.modelMissing, ServiceText.mediaMissing],
    firing: RuleExample(rawBody: "[1, 2]").fires(at: "", .error),
    passing: RuleExample())

  static let modelUnknown = RuleDescription(
    .error, .request, "The model is wan2.7-i2v or one of its dated snapshots.",
    firing: RuleExample(model: "wan2.6-i2v").fires(at: "/model", .error),
    passing: RuleExample(model: "wan2.7-i2v-2026-04-25"))

  static let legacyFields = RuleDescription(
    .error, .request, "No fields of the legacy 2.1–2.6 API (img_url, audio_url, size, …).",
    serverErrors: [ServiceText.mediaMissing],
    firing: RuleExample(input: #""img_url": "https://x/a.png""#)
      .fires(at: "/input/img_url", .error),
    passing: RuleExample(input: #""prompt": "a cat""#))

  static let unknownField = RuleDescription(
    .warning, .request, "No fields the API does not document.",
    firing: RuleExample(parameters: #""duration": 5, "fps": 30"#)
      .fires(at: "/parameters/fps", .warning),
    passing: RuleExample(input: #""extend_prompt": true, "function": "video-synthesis""#))

  static let mediaMissing = RuleDescription(
    .error, .request,
    "input.media is present and not empty; each item has a type and a url.",
    serverErrors: [ServiceText.mediaMissing, ServiceText.urlMissing("{index}")],
    firing: RuleExample(rawBody: #"{"model": "wan2.7-i2v", "input": {"prompt": "x"}}"#)
      .fires(at: "/input/media", .error),
    passing: RuleExample())

  static let mediaTypeUnknown = RuleDescription(
    .error, .request, "Each media type is first_frame, last_frame, driving_audio or first_clip.",
    firing: RuleExample(media: [Medium("image", "image/png_640x480.png")])
      .fires(at: "/input/media/0/type", .error),
    passing: RuleExample())

  static let mediaTypeRepeated = RuleDescription(
    .error, .request, "Each media type appears at most once.",
    firing: RuleExample(media: [
      Medium("first_frame", "image/png_640x480.png"),
      Medium("first_frame", "image/jpeg_640x480.jpg"),
    ]).fires(at: "/input/media/1/type", .error),
    passing: RuleExample(media: [
      Medium("first_frame", "image/png_640x480.png"),
      Medium("last_frame", "image/jpeg_640x480.jpg"),
    ]))

  static let mediaCombination = RuleDescription(
    .error, .request, "The media form one of the six legal combinations.",
    firing: RuleExample(media: [
      Medium("first_frame", "image/png_640x480.png"),
      Medium("first_clip", "video/mov_h264_2s_320x240.mov"),
    ]).fires(at: "/input/media", .error),
    passing: RuleExample(
      media: [
        Medium("first_clip", "video/mov_h264_2s_320x240.mov"),
        Medium("last_frame", "image/png_640x480.png"),
      ], parameters: #""resolution": "720P", "duration": 6"#))

  static let durationRange = RuleDescription(
    .error, .request, "parameters.duration is an integer from 2 to 15.",
    firing: RuleExample(parameters: #""resolution": "720P", "duration": 16"#)
      .fires(at: "/parameters/duration", .error),
    passing: RuleExample(parameters: #""resolution": "720P", "duration": 15"#))

  static let resolutionValue = RuleDescription(
    .error, .request, "parameters.resolution is 720P or 1080P.",
    firing: RuleExample(parameters: #""resolution": "720p", "duration": 5"#)
      .fires(at: "/parameters/resolution", .error),
    passing: RuleExample(parameters: #""resolution": "1080P", "duration": 5"#))

  static let seedRange = RuleDescription(
    .error, .request, "parameters.seed is an integer from 0 to 2147483647.",
    firing: RuleExample(parameters: #""resolution": "720P", "duration": 5, "seed": 2147483648"#)
      .fires(at: "/parameters/seed", .error),
    passing: RuleExample(parameters: #""resolution": "720P", "duration": 5, "seed": 2147483647"#))

  static let flagType = RuleDescription(
    .error, .request, "prompt_extend and watermark are booleans; prompts are strings.",
    firing: RuleExample(parameters: #""resolution": "720P", "duration": 5, "watermark": "false""#)
      .fires(at: "/parameters/watermark", .error),
    passing: RuleExample(parameters: #""resolution": "720P", "duration": 5, "watermark": false"#))

  static let promptLength = RuleDescription(
    .warning, .request, "The prompt fits 5000 characters; the rest would be cut silently.",
    firing: RuleExample(input: #""prompt": "\#(String(repeating: "猫", count: 5001))""#)
      .fires(at: "/input/prompt", .warning),
    passing: RuleExample(input: #""prompt": "\#(String(repeating: "猫", count: 5000))""#))

  static let negativePromptLength = RuleDescription(
    .warning, .request, "The negative prompt fits 500 characters; the rest would be cut.",
    firing: RuleExample(input: #""negative_prompt": "\#(String(repeating: "a", count: 501))""#)
      .fires(at: "/input/negative_prompt", .warning),
    passing: RuleExample(input: #""negative_prompt": "\#(String(repeating: "a", count: 500))""#))

  static let promptShots = RuleDescription(
    .warning, .request, "Shot time ranges in the prompt end within the duration.",
    firing: RuleExample(input: #""prompt": "第1个镜头[0-3秒] 全景, 第2个镜头[3-8秒] 特写""#)
      .fires(at: "/input/prompt", .warning),
    passing: RuleExample(
      parameters: #""resolution": "720P", "duration": 8"#,
      input: #""prompt": "第1个镜头[0-3秒] 全景, 第2个镜头[3-8秒] 特写""#))

  static let defaultsApplied = RuleDescription(
    .warning, .request, "Which defaults the service applies to what the request leaves out.",
    firing: RuleExample(parameters: #""duration": 5"#)
      .fires(at: "/parameters/resolution", .warning),
    passing: RuleExample())
}
