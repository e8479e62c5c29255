import MediaProbe

/// What the service is predicted to make of a request, and what it costs.
///
/// `Codable` both ways: decoding reads back exactly what a report prints.
public struct Plan: Sendable, Codable, Equatable {
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
  public enum Reading: String, Sendable, Codable, Equatable {
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
  public struct Size: Sendable, Codable, Equatable {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
  }

  /// The predicted output video.
  public struct Output: Sendable, Codable, Equatable {
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
    /// How far the predicted size can be trusted.
    public var basis: Basis
  }

  /// How far a predicted output size can be trusted; the raw values are the JSON's.
  public enum Basis: String, Sendable, Codable, Equatable, CaseIterable {
    /// The tier's pixel budget and the sizing rule are documented.
    case predicted
    /// The tier's pixel budget is our assumption.
    case assumed
    /// No local source to measure: the size is not known.
    case unknown
  }

  /// A price estimate.
  public struct Price: Sendable, Codable, Equatable {
    /// The amount for the billed seconds.
    public var amount: Double
    /// ISO 4217 code.
    public var currency: String
    /// The region whose price list applies.
    public var region: Region
    /// What the amount rests on.
    public var basis: Basis

    /// What a price rests on.
    public enum Basis: String, Sendable, Codable, CaseIterable {
      /// The published list price: prices may have changed, and free quotas are not counted.
      case listPrice = "list price"
    }
  }

  enum CodingKeys: String, CodingKey {
    case model, task, resolution, output, price
    case alternateOutput = "alternate_output"
    case alternateIgnores = "alternate_ignores"
    case continuationSeconds = "continuation_seconds"
    case billedSeconds = "billed_seconds"
  }

  /// Writes the plan with every key, `null` for what is absent.
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
