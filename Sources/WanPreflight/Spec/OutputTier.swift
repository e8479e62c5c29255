/// A value `parameters.resolution` may name: the output's resolution tier.
public enum ResolutionTier: String, Sendable, Codable, CaseIterable {
  /// `720P`: about 920,000 pixels.
  case p720 = "720P"
  /// `1080P`: the service's default.
  case p1080 = "1080P"
}

/// An output resolution tier and the pixel count the service scales to.
public struct OutputTier: Sendable, Equatable {
  /// `720P` or `1080P`.
  public var name: ResolutionTier
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
  public var tier: ResolutionTier
  /// Price per second, in ``currency``.
  public var perSecond: Double
  /// ISO 4217 code.
  public var currency: String
}

/// Free seconds of output a new account of one region is given for its first days.
public struct FreeQuota: Sendable, Equatable, Codable {
  /// The region whose accounts have the quota.
  public var region: Region
  /// Seconds of output free of charge.
  public var seconds: Int
  /// For how many days after the account opens.
  public var days: Int
}
