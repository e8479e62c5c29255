import Foundation

/// The one JSON setup every JSON output uses: pretty-printed, keys sorted, slashes unescaped,
/// and a final newline, so the outputs read alike and diff well.
enum JSONOutput {
  /// The formatting options of every JSON output.
  static let formatting: JSONEncoder.OutputFormatting = [
    .prettyPrinted, .sortedKeys, .withoutEscapingSlashes,
  ]

  /// The same options for `JSONSerialization`, for documents without a Swift type (SARIF).
  static let writingOptions: JSONSerialization.WritingOptions = [
    .prettyPrinted, .sortedKeys, .withoutEscapingSlashes,
  ]

  /// An encoder with ``formatting`` (a new one each time: encoders are not `Sendable`).
  static var encoder: JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = formatting
    return encoder
  }

  /// `value` as JSON text ending in a newline.
  static func text(_ value: some Encodable) throws -> String {
    String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
  }

  /// A JSON object or array without a Swift type as JSON text ending in a newline.
  static func text(jsonObject object: Any) throws -> String {
    String(
      decoding: try JSONSerialization.data(withJSONObject: object, options: writingOptions),
      as: UTF8.self) + "\n"
  }
}

extension KeyedDecodingContainer {
  /// Reads the document's schema at `key` and refuses any other than `expected`: a document of
  /// another kind or version does not decode as this one.
  func expectSchema(_ expected: String, forKey key: Key) throws {
    let schema = try decode(String.self, forKey: key)
    guard schema == expected else {
      throw DecodingError.dataCorruptedError(
        forKey: key, in: self, debugDescription: "schema \(schema) is not \(expected)")
    }
  }
}
