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
