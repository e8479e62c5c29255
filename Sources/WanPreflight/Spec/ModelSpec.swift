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
  public var defaultResolution: ResolutionTier
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
  /// Free seconds of output a new account is given, by region (none where the list is silent).
  public var freeQuotas: [FreeQuota] = []
  /// How long one task runs, in seconds, for wall-time estimates: not documented, an assumption
  /// that reports label so.
  public var assumedTaskSeconds: Int = 120
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
    ResolutionTier(rawValue: name).flatMap(tier)
  }

  /// The output tier `tier`, if the model has it.
  public func tier(_ tier: ResolutionTier) -> OutputTier? {
    resolutions.first { $0.name == tier }
  }

  /// The list price of one second at `tier` in `region`, if known.
  public func price(tier: ResolutionTier, region: Region) -> Price? {
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
