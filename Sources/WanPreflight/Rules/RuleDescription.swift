import Foundation

/// The group a rule belongs to in reports (the `family` of SARIF's rule properties and of
/// `wan-preflight rules`).
public enum RuleFamily: String, Sendable, Codable, CaseIterable {
  /// The request body's shape and values.
  case request
  /// How media are referenced: paths, URLs, `data:` URIs.
  case reference
  /// What the media are, judged from their content.
  case content
}

/// Everything there is to know about one rule, as a value: what ``RuleID/details`` gives.
public struct RuleDescription: Sendable {
  /// The severity the rule reports with unless a diagnostic says otherwise.
  public var severity: Severity
  /// The group the rule belongs to.
  public var family: RuleFamily
  /// One sentence: what the rule checks.
  public var summary: String
  /// The service's own error texts for the problem, when known; `{…}` stands for a value
  /// (`Field required: input.media.{index}.url`).
  public var serverErrors: [String]
  /// A request that fires the rule, with where and how seriously.
  public var firing: RuleExample
  /// A close request that does not fire it.
  public var passing: RuleExample

  /// Creates a description.
  public init(
    _ severity: Severity, _ family: RuleFamily, _ summary: String, serverErrors: [String] = [],
    firing: RuleExample, passing: RuleExample
  ) {
    self.severity = severity
    self.family = family
    self.summary = summary
    self.serverErrors = serverErrors
    self.firing = firing
    self.passing = passing
  }
}

/// A request that shows a rule at work: its body (media paths are relative to the project's
/// `fixtures/media` folder), how it is checked, and for a firing example the diagnostic expected.
public struct RuleExample: Sendable {
  /// One item of `input.media`.
  public struct Medium: Sendable, Equatable {
    /// The item's `type` (not necessarily a valid one).
    public var type: String
    /// The item's `url`: a path relative to `fixtures/media`, a URL, or (with ``dataURIType``)
    /// the fixture whose bytes become a `data:` URI.
    public var url: String
    /// When set, the item is a `data:` URI of this MIME type holding the fixture ``url``.
    public var dataURIType: String?

    /// An item of `type` at `url`.
    public init(_ type: String, _ url: String, dataURIType: String? = nil) {
      self.type = type
      self.url = url
      self.dataURIType = dataURIType
    }
  }

  /// The body as written, when it is not the usual one built from the other fields.
  public var rawBody: String?
  /// The media items.
  public var media: [Medium]
  /// The members of `parameters`, as JSON text.
  public var parameters: String
  /// Members of `input` before `media`, as JSON text.
  public var input: String
  /// The `model`.
  public var model: String
  /// The JSON pointer of the diagnostic a firing example reports.
  public var pointer: String?
  /// The severity of that diagnostic.
  public var severity: Severity?
  /// The model's rules to check with (a changed limit reaches what no small fixture can).
  public var spec: ModelSpec
  /// The region the request is sent to.
  public var region: Region
  /// Whether local media must lie inside `fixtures/media` (as lint requires of its folders).
  public var confined: Bool

  /// The usual first frame, at 720P for 5 s, unless told otherwise.
  public init(
    media: [Medium] = [Medium("first_frame", "image/png_640x480.png")],
    parameters: String = #""resolution": "720P", "duration": 5"#, input: String = "",
    model: String = "wan2.7-i2v", rawBody: String? = nil, spec: ModelSpec = .wan27i2v,
    region: Region = .beijing, confined: Bool = false
  ) {
    self.rawBody = rawBody
    self.media = media
    self.parameters = parameters
    self.input = input
    self.model = model
    self.spec = spec
    self.region = region
    self.confined = confined
  }

  /// This example, expected to fire its rule at `pointer` with `severity`.
  public func fires(at pointer: String, _ severity: Severity) -> RuleExample {
    var firing = self
    firing.pointer = pointer
    firing.severity = severity
    return firing
  }

  /// The request body, with `data:` URIs read from `fixtures`, the `fixtures/media` folder.
  public func body(fixtures: String) -> String {
    if let rawBody { return rawBody }
    let items = media.map { medium in
      var url = medium.url
      if let type = medium.dataURIType {
        let bytes = FileManager.default.contents(atPath: fixtures + "/" + medium.url) ?? Data()
        url = "data:\(type);base64," + bytes.base64EncodedString()
      }
      return #"{"type": "\#(medium.type)", "url": "\#(url)"}"#
    }
    let extra = input.isEmpty ? "" : input + ", "
    let list = items.joined(separator: ", ")
    return #"{"model": "\#(model)", "input": {\#(extra)"media": [\#(list)]}, "#
      + #""parameters": {\#(parameters)}}"#
  }
}

extension ModelSpec {
  /// wan2.7-i2v with a change, for examples that reach limits no small fixture can.
  static func wan27i2v(changing change: (inout ModelSpec) -> Void) -> ModelSpec {
    var spec = ModelSpec.wan27i2v
    change(&spec)
    return spec
  }
}
