import Foundation

/// Writes a ``BodyValue`` as pretty JSON: two-space indentation, slashes not escaped, non-ASCII
/// kept as UTF-8, a newline at the end.
struct BodyWriter {
  /// Writes `value` to `sink`.
  static func write(_ value: BodyValue, to sink: inout some ByteSink) throws {
    try write(value, indent: 0, to: &sink)
    try sink.write([UInt8(ascii: "\n")])
  }

  private static func write(_ value: BodyValue, indent: Int, to sink: inout some ByteSink) throws {
    switch value {
    case .string(let text): try sink.write(escaped(text))
    case .number(let literal): try sink.write(Array(literal.utf8))
    case .bool(let flag): try sink.write(Array((flag ? "true" : "false").utf8))
    case .dataURI(let mime, let path):
      try sink.write(Array("\"data:\(mime);base64,".utf8))
      try Base64FileStream.write(ofFile: path, to: &sink)
      try sink.write([UInt8(ascii: "\"")])
    case .array(let items):
      try container(items.map { (nil, $0) }, open: "[", close: "]", indent: indent, to: &sink)
    case .object(let members):
      try container(
        members.map { ($0.key, $0.value) }, open: "{", close: "}", indent: indent, to: &sink)
    }
  }

  private static func container(
    _ items: [(String?, BodyValue)], open: Character, close: Character, indent: Int,
    to sink: inout some ByteSink
  ) throws {
    guard !items.isEmpty else {
      try sink.write(Array("\(open)\(close)".utf8))
      return
    }
    try sink.write(Array("\(open)\n".utf8))
    let padding = String(repeating: " ", count: indent + 2)
    for (index, (key, value)) in items.enumerated() {
      try sink.write(Array(padding.utf8))
      if let key { try sink.write(escaped(key) + Array(": ".utf8)) }
      try write(value, indent: indent + 2, to: &sink)
      try sink.write(Array((index + 1 < items.count ? ",\n" : "\n").utf8))
    }
    try sink.write(Array((String(repeating: " ", count: indent) + String(close)).utf8))
  }

  /// A JSON string literal: quotes, backslashes and control characters escaped; nothing else.
  static func escaped(_ text: String) -> [UInt8] {
    var out: [UInt8] = [UInt8(ascii: "\"")]
    out.reserveCapacity(text.utf8.count + 2)
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\""): out += Array(#"\""#.utf8)
      case UInt8(ascii: "\\"): out += Array(#"\\"#.utf8)
      case 0x0A: out += Array(#"\n"#.utf8)
      case 0x0D: out += Array(#"\r"#.utf8)
      case 0x09: out += Array(#"\t"#.utf8)
      case 0..<0x20:
        let hex = String(byte, radix: 16)
        out += Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
      default: out.append(byte)
      }
    }
    out.append(UInt8(ascii: "\""))
    return out
  }
}
