/// Everything the validator knows about one video model's API, as data.
///
/// Every number comes from `docs/wan27-i2v-rules.md` (the API reference and user guide for
/// wan2.7-i2v, the DashScope SDK, secondary sources) and says so where it is declared. A later
/// model is a new `ModelSpec` value, not new code.
public struct ModelSpec: Sendable, Equatable {
  /// The model name, e.g. `wan2.7-i2v`.
  public var name: String
  /// Dated snapshots known to exist (`wan2.7-i2v-2026-04-25`). Any `name-YYYY-MM-DD` is accepted
  /// as a snapshot; these are the ones known to exist.
  public var knownSnapshots: [String]
  /// Limits on `first_frame` and `last_frame` images.
  public var image: ImageLimits
  /// Limits on `driving_audio`.
  public var audio: AudioLimits
  /// Limits on `first_clip`.
  public var clip: ClipLimits
  /// Allowed values of `parameters.duration`, in whole seconds of output.
  public var duration: ClosedRange<Int>
  /// The duration the service uses when the request gives none.
  public var defaultDuration: Int
  /// The output tiers `parameters.resolution` may name.
  public var resolutions: [OutputTier]
  /// The tier the service uses when the request gives none.
  public var defaultResolution: String
  /// The legal media combinations, each in canonical order.
  public var combinations: [[MediaRole]]
  /// Output frames per second.
  public var outputFPS: Int
  /// Output width and height are multiples of this.
  public var outputAlignment: Int
  /// Code points of `input.prompt` kept; the rest is silently dropped.
  public var promptLimit: Int
  /// Code points of `input.negative_prompt` kept; the rest is silently dropped.
  public var negativePromptLimit: Int
  /// Allowed values of `parameters.seed`.
  public var seed: ClosedRange<Int64>
  /// List prices per second of output, by region and tier.
  public var prices: [Price]
  /// Task submissions per second per account.
  public var submissionsPerSecond: Int
  /// Tasks running at once per account.
  public var concurrentTasks: Int
  /// Every field of the request body this tool knows, and how each is treated: the one list the
  /// request reader's `unknown_field` and `legacy_fields` checks and the builder's field order
  /// and "left out" list derive from.
  public var requestFields: [RequestField]

  /// The fields of `object`, in the order the builder writes them.
  public func requestFields(of object: RequestField.Object) -> [RequestField] {
    requestFields.filter { $0.object == object }
  }

  /// The field `key` of `object`, if the schema knows it.
  public func requestField(_ key: String, of object: RequestField.Object) -> RequestField? {
    requestFields.first { $0.object == object && $0.key == key }
  }

  /// The output tier named `name` (`720P`, `1080P`), if the model has it.
  public func tier(named name: String) -> OutputTier? {
    resolutions.first { $0.name == name }
  }

  /// The list price of one second at `tier` in `region`, if known.
  public func price(tier: String, region: Region) -> Price? {
    prices.first { $0.tier == tier && $0.region == region }
  }

  /// Whether `model` names this model or one of its dated snapshots (`name-YYYY-MM-DD`).
  public func matches(model: String) -> Bool {
    if model == name { return true }
    let prefix = name + "-"
    guard model.hasPrefix(prefix) else { return false }
    let date = model.dropFirst(prefix.count).split(separator: "-", omittingEmptySubsequences: false)
    return date.count == 3 && date.map(\.count) == [4, 2, 2]
      && date.allSatisfy { $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
  }
}

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

/// A DashScope region: endpoint, API key and model must all be of one region.
public enum Region: String, Sendable, Codable, CaseIterable {
  /// China (Beijing): `dashscope.aliyuncs.com`.
  case beijing
  /// International (Singapore): `dashscope-intl.aliyuncs.com`.
  case singapore

  /// The API base URL of the region.
  public var baseURL: String {
    switch self {
    case .beijing: "https://dashscope.aliyuncs.com"
    case .singapore: "https://dashscope-intl.aliyuncs.com"
    }
  }
}

/// Limits on input images.
public struct ImageLimits: Sendable, Equatable {
  /// Accepted content formats, as the probe names them.
  public var formats: [String]
  /// The MIME type a `data:` URI must carry for each format.
  public var mimeTypes: [String: String]
  /// Each side, in pixels.
  public var side: ClosedRange<Int>
  /// The longer side over the shorter, at most.
  public var maxAspect: Double
  /// File size: the guide's "MB", read both ways.
  public var maxBytes: ByteLimit
  /// Whether a PNG may carry an alpha channel.
  public var alphaAllowed: Bool
}

/// Limits on driving audio.
public struct AudioLimits: Sendable, Equatable {
  /// Accepted content formats.
  public var formats: [String]
  /// Length in seconds.
  public var seconds: ClosedRange<Double>
  /// File size: the guide's "MB", read both ways.
  public var maxBytes: ByteLimit
  /// Whether a `data:` URI is accepted.
  public var base64Allowed: Bool
}

/// Limits on a clip to continue.
public struct ClipLimits: Sendable, Equatable {
  /// Accepted content formats.
  public var formats: [String]
  /// Length in seconds.
  public var seconds: ClosedRange<Double>
  /// Each side, in pixels.
  public var side: ClosedRange<Int>
  /// The longer side over the shorter, at most.
  public var maxAspect: Double
  /// File size: the guide's "MB", read both ways.
  public var maxBytes: ByteLimit
  /// Whether a `data:` URI is accepted.
  public var base64Allowed: Bool
}

/// A file-size limit the guide states in "MB" without saying whether it means 10⁶ or 2²⁰
/// bytes [inferred: both readings are possible].
///
/// A size up to ``certain`` passes on either reading; above ``most`` it fails on either; in
/// between the service may refuse it, so the rules warn there and fail only above ``most``.
public struct ByteLimit: Sendable, Equatable {
  /// The limit as the guide states it, e.g. `20 MB`.
  public var stated: String
  /// The size that passes on either reading: the stated number of 1,000,000-byte MB.
  public var certain: Int64
  /// The size above which either reading fails: the stated number of 1,048,576-byte MB.
  public var most: Int64

  /// A limit of `count` MB: certain up to `count` × 10⁶ bytes, at most `count` × 2²⁰.
  public static func megabytes(_ count: Int64) -> ByteLimit {
    ByteLimit(stated: "\(count) MB", certain: count * 1_000_000, most: count * 1_048_576)
  }

  /// Creates a limit from its two readings in bytes.
  public init(stated: String, certain: Int64, most: Int64) {
    self.stated = stated
    self.certain = certain
    self.most = max(certain, most)
  }
}

/// An output resolution tier and the pixel count the service scales to.
public struct OutputTier: Sendable, Equatable {
  /// `720P` or `1080P`.
  public var name: String
  /// Target pixel count (width × height of the tier's 16:9 frame).
  public var pixelBudget: Int
  /// Whether the budget is documented or our assumption.
  public var budgetBasis: Basis

  /// Where a number comes from.
  public enum Basis: String, Sendable, Codable {
    /// Stated by the API's documentation.
    case documented
    /// Inferred by this project; reports label it "assumed".
    case assumed
  }
}

/// A list price for one second of output.
public struct Price: Sendable, Equatable {
  /// The region the price applies in.
  public var region: Region
  /// The output tier, `720P` or `1080P`.
  public var tier: String
  /// Price per second, in ``currency``.
  public var perSecond: Double
  /// ISO 4217 code.
  public var currency: String
}

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
      OutputTier(name: "720P", pixelBudget: 1280 * 720, budgetBasis: .documented),
      // [inferred] not stated; assumed by analogy with 720P.
      OutputTier(name: "1080P", pixelBudget: 1920 * 1080, budgetBasis: .assumed),
    ],
    defaultResolution: "1080P",  // [doc] default 1080P
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
      Price(region: .beijing, tier: "720P", perSecond: 0.6, currency: "CNY"),
      Price(region: .beijing, tier: "1080P", perSecond: 1.0, currency: "CNY"),
      // [2nd] the international list price, as the CNY amount the secondary source states
      Price(region: .singapore, tier: "720P", perSecond: 0.733924, currency: "CNY"),
      Price(region: .singapore, tier: "1080P", perSecond: 1.100886, currency: "CNY"),
    ],
    submissionsPerSecond: 5,  // [doc] rate limits
    concurrentTasks: 5,  // [doc]
    requestFields: RequestField.wan27i2v)
}

/// One field of the request body, and how this tool treats it.
public struct RequestField: Sendable, Equatable {
  /// The object a field belongs to.
  public enum Object: String, Sendable, CaseIterable {
    /// The body itself: `model`, `input`, `parameters`.
    case body
    /// `input`.
    case input
    /// Each item of `input.media`.
    case mediaItem
    /// `parameters`.
    case parameters

    /// How a field of this object is named in messages: `input.` (`input.media.N.` for an item).
    func prefix(item index: Int? = nil) -> String {
      switch self {
      case .body: ""
      case .input: "input."
      case .mediaItem: "input.media.\(index.map(String.init) ?? "N")."
      case .parameters: "parameters."
      }
    }
  }

  /// What check and build do with a field.
  public enum Treatment: Sendable, Equatable {
    /// Documented by the API: checked, and written by build.
    case documented
    /// Not documented, but sent by the official SDK and tolerated by the service: check accepts
    /// it silently and build copies it as written, after the documented fields.
    case tolerated
    /// A field of the legacy wan2.1–2.6 protocol, which wan2.7-i2v ignores: check reports
    /// `legacy_fields` with this advice, and build leaves it out.
    case legacy(advice: String)
  }

  /// The object the field belongs to.
  public var object: Object
  /// The key.
  public var key: String
  /// What check and build do with it.
  public var treatment: Treatment

  /// Creates a field.
  public init(_ object: Object, _ key: String, _ treatment: Treatment = .documented) {
    self.object = object
    self.key = key
    self.treatment = treatment
  }

  /// Whether check accepts the field without a diagnostic (documented or tolerated).
  public var isAccepted: Bool {
    if case .legacy = treatment { return false }
    return true
  }

  /// Whether build writes the field into the body.
  public var isWritten: Bool { isAccepted }
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
    RequestField(
      .input, "img_url",
      .legacy(advice: "put the image in input.media as {\"type\": \"first_frame\", \"url\": …}")),
    RequestField(
      .input, "audio_url",
      .legacy(advice: "put the audio in input.media as {\"type\": \"driving_audio\", \"url\": …}")),
    RequestField(
      .input, "first_frame_url",
      .legacy(advice: "put the image in input.media as {\"type\": \"first_frame\", \"url\": …}")),
    RequestField(
      .input, "last_frame_url",
      .legacy(advice: "put the image in input.media as {\"type\": \"last_frame\", \"url\": …}")),
    RequestField(
      .input, "template", .legacy(advice: "remove it: wan2.7-i2v has no effect templates")),
    // [doc] each media item
    RequestField(.mediaItem, "type"), RequestField(.mediaItem, "url"),
    // [doc] parameters
    RequestField(.parameters, "resolution"), RequestField(.parameters, "duration"),
    RequestField(.parameters, "prompt_extend"), RequestField(.parameters, "watermark"),
    RequestField(.parameters, "seed"),
    RequestField(
      .parameters, "size",
      .legacy(
        advice:
          "use parameters.resolution (720P or 1080P); the aspect ratio follows the first frame")),
    RequestField(
      .parameters, "ratio",
      .legacy(advice: "remove it: the aspect ratio follows the first frame or clip")),
    RequestField(
      .parameters, "shot_type",
      .legacy(advice: "ask for several shots in the prompt instead (\"生成多镜头视频\")")),
    RequestField(
      .parameters, "audio",
      .legacy(advice: "remove it: sound is generated unless you give a driving_audio item")),
  ]
}
