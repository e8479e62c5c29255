import MediaProbe

/// What the service is predicted to make of a request, and what it costs.
public struct Plan: Sendable, Encodable, Equatable {
  /// The model named in the request.
  public var model: String
  /// The media combination in canonical order, e.g. `first_frame+last_frame`.
  public var task: String
  /// The output tier: the request's, or the service's default.
  public var resolution: String
  /// The predicted output video.
  public var output: Output
  /// The size if the service reads the stored pixels as they are, ignoring EXIF orientation
  /// or the rotation matrix, a clip's pixel aspect ratio, or both (``alternateIgnores`` says
  /// which); `nil` when both readings agree.
  public var alternateOutput: Size?
  /// What the ``alternateOutput`` reading ignores; `nil` when there is none.
  public var alternateIgnores: Reading?
  /// New seconds generated when continuing a clip (duration minus the clip's length).
  public var continuationSeconds: Double?
  /// Seconds billed: the whole duration, clip included.
  public var billedSeconds: Int
  /// The list price of the task.
  public var price: Price?

  /// What a reading of the stored pixels leaves out of the displayed size.
  public enum Reading: String, Sendable, Encodable, Equatable {
    /// EXIF orientation or a rotation matrix that turns the picture.
    case orientation
    /// A clip's sample (pixel) aspect ratio.
    case pixelAspectRatio = "pixel_aspect_ratio"
    /// Both.
    case orientationAndPixelAspectRatio = "orientation_and_pixel_aspect_ratio"

    /// How the plan line says it: "if the pixel aspect ratio is ignored".
    public var phrase: String {
      switch self {
      case .orientation: "if orientation is ignored"
      case .pixelAspectRatio: "if the pixel aspect ratio is ignored"
      case .orientationAndPixelAspectRatio: "if orientation and the pixel aspect ratio are ignored"
      }
    }
  }

  /// A width and height in pixels.
  public struct Size: Sendable, Encodable, Equatable {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
  }

  /// The predicted output video.
  public struct Output: Sendable, Encodable, Equatable {
    /// Predicted width; `nil` when the first frame or clip could not be measured (remote URL).
    public var width: Int?
    /// Predicted height.
    public var height: Int?
    /// Frames per second (30).
    public var fps: Int
    /// Frames in the video: fps × seconds.
    public var frames: Int
    /// Seconds of video: the duration.
    public var seconds: Int
    /// `predicted` (documented rule), `assumed` (the tier's pixel budget is our assumption) or
    /// `unknown` (no local source to measure).
    public var basis: String
  }

  /// A price estimate.
  public struct Price: Sendable, Encodable, Equatable {
    /// The amount for the billed seconds.
    public var amount: Double
    /// ISO 4217 code.
    public var currency: String
    /// The region whose price list applies.
    public var region: String
    /// Always `list price`: prices may have changed, and free quotas are not counted.
    public var basis: String
  }

  enum CodingKeys: String, CodingKey {
    case model, task, resolution, output, price
    case alternateOutput = "alternate_output"
    case alternateIgnores = "alternate_ignores"
    case continuationSeconds = "continuation_seconds"
    case billedSeconds = "billed_seconds"
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(model, forKey: .model)
    try container.encode(task, forKey: .task)
    try container.encode(resolution, forKey: .resolution)
    try container.encode(output, forKey: .output)
    try container.encode(alternateOutput, forKey: .alternateOutput)  // null when absent
    try container.encode(alternateIgnores, forKey: .alternateIgnores)  // null when absent
    try container.encode(continuationSeconds, forKey: .continuationSeconds)
    try container.encode(billedSeconds, forKey: .billedSeconds)
    try container.encode(price, forKey: .price)
  }
}

/// Builds the ``Plan`` from the request's fields and the probed source.
enum PlanBuilder {
  static func plan(
    fields: RequestFields, source: MediaInfo?, clipSeconds: Double?, spec: ModelSpec,
    region: Region
  ) -> Plan? {
    guard let roles = fields.roles, spec.combinations.contains(roles) else { return nil }
    let resolution = fields.resolution ?? spec.defaultResolution
    let duration = fields.duration ?? spec.defaultDuration
    let tier = spec.tier(named: resolution)
    var output = Plan.Output(
      width: nil, height: nil, fps: spec.outputFPS, frames: spec.outputFPS * duration,
      seconds: duration, basis: "unknown")
    var alternate: Plan.Size?
    var ignores: Plan.Reading?
    if let tier, let picture = source?.video, let width = picture.displayWidth,
      let height = picture.displayHeight
    {
      // The exact shape when known: 800x640 with pixels 64:45 wide is 16:9, displayed 1138x640.
      let shape = picture.displayAspectRatio ?? Rational(width, height)
      let size = SizePredictor.outputSize(
        width: shape.numerator, height: shape.denominator, pixelBudget: tier.pixelBudget,
        alignment: spec.outputAlignment)
      output.width = size.width
      output.height = size.height
      output.basis = tier.budgetBasis == .documented ? "predicted" : "assumed"
      if let stored = picture.width, let storedHeight = picture.height {
        let other = SizePredictor.outputSize(
          width: stored, height: storedHeight, pixelBudget: tier.pixelBudget,
          alignment: spec.outputAlignment)
        let turned = picture.rotation == 90 || picture.rotation == 270
        // Images ignore their sample aspect ratio (a JPEG's JFIF density) in the probe already.
        let anamorphic = picture.kind == .video && picture.sampleAspectRatio != nil
        if other != size, turned || anamorphic {
          alternate = Plan.Size(width: other.width, height: other.height)
          ignores =
            turned && anamorphic
            ? .orientationAndPixelAspectRatio : turned ? .orientation : .pixelAspectRatio
        }
      }
    }
    let price = spec.price(tier: resolution, region: region).map {
      Plan.Price(
        amount: (($0.perSecond * Double(duration)) * 1_000_000).rounded() / 1_000_000,
        currency: $0.currency, region: region.rawValue, basis: "list price")
    }
    return Plan(
      model: fields.model ?? spec.name, task: roles.map(\.rawValue).joined(separator: "+"),
      resolution: resolution, output: output, alternateOutput: alternate, alternateIgnores: ignores,
      continuationSeconds: clipSeconds.map {
        max(0, ((Double(duration) - $0) * 1000).rounded() / 1000)
      },
      billedSeconds: duration, price: price)
  }
}
