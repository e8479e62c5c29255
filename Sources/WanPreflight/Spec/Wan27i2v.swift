extension ModelSpec {
  /// wan2.7-i2v, as documented (see `docs/wan27-i2v-rules.md`).
  public static let wan27i2v = ModelSpec(
    name: "wan2.7-i2v",
    knownSnapshots: ["wan2.7-i2v-2026-04-25"],  // [doc] model list
    image: ImageLimits(
      formats: ["jpeg", "png", "bmp", "webp"],  // [doc] JPEG/JPG, PNG, BMP, WEBP
      mimeTypes: [
        "jpeg": "image/jpeg", "png": "image/png", "bmp": "image/bmp", "webp": "image/webp",
      ],  // [doc] data:{MIME};base64 must match the content
      side: 240...8000,  // [doc] each side 240…8000 px
      maxAspect: 8,  // [doc] aspect 1:8…8:1
      maxBytes: .megabytes(20),  // [doc] ≤ 20 MB [inferred: 10⁶ or 2²⁰ bytes each]
      alphaAllowed: false),  // [doc] PNG without alpha channel
    audio: AudioLimits(
      formats: ["wav", "mp3"],  // [doc] wav, mp3
      seconds: 2...30,  // [doc] 2…30 s
      maxBytes: .megabytes(15),  // [doc] ≤ 15 MB; InvalidURL "File size is larger than 15MB."
      base64Allowed: false),  // [doc] URL or oss:// only
    clip: ClipLimits(
      formats: ["mp4", "mov"],  // [doc] mp4, mov
      seconds: 2...10,  // [doc] 2…10 s
      side: 240...4096,  // [doc] each side 240…4096 px
      maxAspect: 8,  // [doc] aspect 1:8…8:1
      maxBytes: .megabytes(100),  // [doc] ≤ 100 MB [inferred: 10⁶ or 2²⁰ bytes each]
      base64Allowed: false),  // [doc] URL or oss:// only
    duration: 2...15,  // [doc] integer 2…15
    defaultDuration: 5,  // [doc] default 5
    resolutions: [
      // [doc] "about 920,000 px"; the worked example 750x1000 -> 816x1104 fits 1280x720.
      OutputTier(name: .p720, pixelBudget: 1280 * 720, budgetBasis: .documented),
      // [inferred] not stated; assumed by analogy with 720P.
      OutputTier(name: .p1080, pixelBudget: 1920 * 1080, budgetBasis: .assumed),
    ],
    defaultResolution: .p1080,  // [doc] default 1080P
    combinations: [  // [doc] exactly these six
      [.firstFrame],
      [.firstFrame, .drivingAudio],
      [.firstFrame, .lastFrame],
      [.firstFrame, .lastFrame, .drivingAudio],
      [.firstClip],
      [.firstClip, .lastFrame],
    ],
    outputFPS: 30,  // [doc] 30 fps, MP4 (H.264)
    outputAlignment: 16,  // [doc] width and height multiples of 16
    promptLimit: 5000,  // [doc] longer prompts are truncated
    negativePromptLimit: 500,  // [doc] longer negative prompts are truncated
    seed: 0...2_147_483_647,  // [doc]
    prices: [  // [2nd] list prices per second, may have changed
      Price(region: .beijing, tier: .p720, perSecond: 0.6, currency: "CNY"),
      Price(region: .beijing, tier: .p1080, perSecond: 1.0, currency: "CNY"),
      // [2nd] the international list price, as the CNY amount the secondary source states
      Price(region: .singapore, tier: .p720, perSecond: 0.733924, currency: "CNY"),
      Price(region: .singapore, tier: .p1080, perSecond: 1.100886, currency: "CNY"),
    ],
    submissionsPerSecond: 5,  // [doc] rate limits
    concurrentTasks: 5,  // [doc]
    // [2nd] 50 free seconds for 90 days, Beijing accounts only
    freeQuotas: [FreeQuota(region: .beijing, seconds: 50, days: 90)],
    // [assumed] not documented; a third-party host of wan2.7-i2v reports about 138 s a task
    assumedTaskSeconds: 120,
    requestFields: RequestField.wan27i2v)
}

extension RequestField {
  /// The fields of wan2.7-i2v's body, documented ones in the documented order.
  public static let wan27i2v: [RequestField] = [
    // [doc] the body
    RequestField(.body, "model"), RequestField(.body, "input"), RequestField(.body, "parameters"),
    // [doc] input
    RequestField(.input, "prompt"), RequestField(.input, "negative_prompt"),
    RequestField(.input, "media"),
    // [sdk] SDK 1.x sends these on every call; the server tolerates them
    RequestField(.input, "extend_prompt", .tolerated),
    RequestField(.input, "function", .tolerated),
    // [2nd] legacy 2.1–2.6 fields: accepted at submit, then the task fails
    .legacy(.input, "img_url", advice: movingIntoMedia("image", as: .firstFrame)),
    .legacy(.input, "audio_url", advice: movingIntoMedia("audio", as: .drivingAudio)),
    .legacy(.input, "first_frame_url", advice: movingIntoMedia("image", as: .firstFrame)),
    .legacy(.input, "last_frame_url", advice: movingIntoMedia("image", as: .lastFrame)),
    .legacy(.input, "template", advice: "remove it: wan2.7-i2v has no effect templates"),
    // [doc] each media item
    RequestField(.mediaItem, "type"), RequestField(.mediaItem, "url"),
    // [doc] parameters
    RequestField(.parameters, "resolution"), RequestField(.parameters, "duration"),
    RequestField(.parameters, "prompt_extend"), RequestField(.parameters, "watermark"),
    RequestField(.parameters, "seed"),
    .legacy(
      .parameters, "size",
      advice: "use parameters.resolution (720P or 1080P); the aspect ratio follows the first "
        + "frame"),
    .legacy(
      .parameters, "ratio", advice: "remove it: the aspect ratio follows the first frame or clip"),
    .legacy(
      .parameters, "shot_type",
      advice: "ask for several shots in the prompt instead (\"生成多镜头视频\")"),
    .legacy(
      .parameters, "audio",
      advice: "remove it: sound is generated unless you give a driving_audio item"),
  ]
}

extension RequestField {
  /// A field of the legacy protocol, which check reports with `advice` and build leaves out.
  fileprivate static func legacy(_ object: Object, _ key: String, advice: String) -> RequestField {
    RequestField(object, key, .legacy(advice: advice))
  }

  /// The advice for a legacy URL field: move the `what` into `input.media` with `role`.
  fileprivate static func movingIntoMedia(_ what: String, as role: MediaRole) -> String {
    "put the \(what) in input.media as {\"type\": \"\(role.rawValue)\", \"url\": …}"
  }
}
