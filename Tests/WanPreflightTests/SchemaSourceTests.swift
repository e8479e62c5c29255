import Foundation
import MediaProbe
import Testing

@testable import WanPreflight

/// The lists the schemas under `schemas/` spell out are the code's own: a rule, role, region or
/// field added in Swift and not in the schema fails here.
@Suite("schemas/ follow the code")
struct SchemaSourceTests {
  typealias S = CheckSupport
  static let folder = S.root.appendingPathComponent("schemas")

  static func schema(_ name: String) throws -> [String: Any] {
    let data = try Data(contentsOf: folder.appendingPathComponent("\(name).schema.json"))
    return try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  /// The `enum` at `$defs/name` of `schema`, as strings.
  static func definedEnum(_ schema: [String: Any], _ name: String) -> [String] {
    let definitions = schema["$defs"] as? [String: Any]
    let definition = definitions?[name] as? [String: Any]
    return (definition?["enum"] as? [Any])?.compactMap { $0 as? String } ?? []
  }

  @Test(
    "the report schema's enums are RuleID, Severity, RuleFamily, Region, MediaRole, MediaSource")
  func reportEnums() throws {
    let report = try Self.schema("report")
    #expect(Self.definedEnum(report, "rule_id") == RuleID.allCases.map(\.rawValue))
    #expect(Self.definedEnum(report, "severity") == Severity.allCases.map(\.rawValue))
    #expect(Self.definedEnum(report, "rule_family") == RuleFamily.allCases.map(\.rawValue))
    #expect(Self.definedEnum(report, "region") == Region.allCases.map(\.rawValue))
    #expect(Self.definedEnum(report, "media_role") == MediaRole.allCases.map(\.rawValue))
    #expect(Self.definedEnum(report, "media_source") == MediaSource.allCases.map(\.rawValue))
    #expect(Self.definedEnum(report, "size_basis") == Plan.Basis.allCases.map(\.rawValue))
    #expect(Self.definedEnum(report, "price_basis") == Plan.Price.Basis.allCases.map(\.rawValue))
  }

  @Test("the probe and configuration schemas' enums are the code's")
  func otherEnums() throws {
    let probe = try Self.schema("probe")
    #expect(Self.definedEnum(probe, "media_kind") == MediaKind.allCases.map(\.rawValue))
    #expect(Self.definedEnum(probe, "stream_kind") == StreamKind.allCases.map(\.rawValue))
    let configuration = try Self.schema("configuration")
    #expect(Self.definedEnum(configuration, "rule_id") == RuleID.allCases.map(\.rawValue))
    let properties = try #require(configuration["properties"] as? [String: Any])
    #expect(
      Set(properties.keys)
        == Set(Configuration.CodingKeys.allCases.map(\.rawValue) + [Configuration.schemaKey]))
  }

  @Test("the request schema holds exactly the fields build writes")
  func requestFields() throws {
    let request = try Self.schema("request")
    func keys(_ object: [String: Any]?) -> Set<String> {
      Set((object?["properties"] as? [String: Any])?.keys.map { $0 } ?? [])
    }
    let properties = request["properties"] as? [String: Any]
    let input = properties?["input"] as? [String: Any]
    let media = (input?["properties"] as? [String: Any])?["media"] as? [String: Any]
    let written = { (object: RequestField.Object) in
      Set(ModelSpec.wan27i2v.requestFields(of: object).filter(\.isWritten).map(\.key))
    }
    #expect(keys(request) == written(.body))
    #expect(keys(input) == written(.input))
    #expect(keys(media?["items"] as? [String: Any]) == written(.mediaItem))
    #expect(keys(properties?["parameters"] as? [String: Any]) == written(.parameters))
  }

  @Test("a configuration's $schema is accepted by the file reader and the decoder; not a number")
  func schemaKey() async throws {
    let text = #"{"$schema": "schemas/configuration.schema.json", "version": 1}"#
    try await S.withTemporaryFolder { folder in
      let file = folder.appendingPathComponent(".wan-preflight.json")
      try Data(text.utf8).write(to: file)
      #expect(try Configuration.load(file.path).rules.isEmpty)
      try Data(#"{"$schema": 1, "version": 1}"#.utf8).write(to: file)
      #expect(throws: Configuration.Error.self) { try Configuration.load(file.path) }
    }
    #expect(try JSONDecoder().decode(Configuration.self, from: Data(text.utf8)) == Configuration())
    #expect(throws: DecodingError.self) {
      try JSONDecoder().decode(
        Configuration.self, from: Data(#"{"$schema": 1, "version": 1}"#.utf8))
    }
  }
}
