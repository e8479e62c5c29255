/// A JSON value whose objects keep their members in the order they were given, written
/// compactly by hand: the service's bodies hold only strings, integers and objects, and
/// Foundation's `JSONSerialization` (which sorts every object's keys as `AnyHashable`) took
/// 40 % of the CPU time of a task query.
enum ServiceJSON: Sendable, Equatable {
  /// A string.
  case string(String)
  /// An integer.
  case int(Int)
  /// An object: its members in order.
  case members([Member])

  /// One member of an object.
  struct Member: Sendable, Equatable {
    let key: String
    let value: ServiceJSON
  }

  /// An object of `members`, in this order.
  static func object(_ members: KeyValuePairs<String, ServiceJSON>) -> ServiceJSON {
    .members(members.map { Member(key: $0.key, value: $0.value) })
  }

  /// The value as compact UTF-8 JSON (no spaces, `/` not escaped).
  var data: [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(256)
    write(to: &bytes)
    return bytes
  }

  private func write(to bytes: inout [UInt8]) {
    switch self {
    case .string(let text): Self.write(text, to: &bytes)
    case .int(let number): bytes.append(contentsOf: String(number).utf8)
    case .members(let members):
      bytes.append(UInt8(ascii: "{"))
      for (index, member) in members.enumerated() {
        if index > 0 { bytes.append(UInt8(ascii: ",")) }
        Self.write(member.key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        member.value.write(to: &bytes)
      }
      bytes.append(UInt8(ascii: "}"))
    }
  }

  /// `text` as a JSON string: `"` and `\` escaped, control characters as `\n`, `\t`… or
  /// `\u00XX`; everything else as its UTF-8 bytes.
  private static func write(_ text: String, to bytes: inout [UInt8]) {
    bytes.append(UInt8(ascii: "\""))
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
      case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
      case 0x0A: bytes.append(contentsOf: #"\n"#.utf8)
      case 0x0D: bytes.append(contentsOf: #"\r"#.utf8)
      case 0x09: bytes.append(contentsOf: #"\t"#.utf8)
      case 0x08: bytes.append(contentsOf: #"\b"#.utf8)
      case 0x0C: bytes.append(contentsOf: #"\f"#.utf8)
      case ..<0x20:
        let hex = Array("0123456789abcdef".utf8)
        bytes.append(contentsOf: #"\u00"#.utf8)
        bytes.append(hex[Int(byte >> 4)])
        bytes.append(hex[Int(byte & 0x0F)])
      default: bytes.append(byte)
      }
    }
    bytes.append(UInt8(ascii: "\""))
  }
}
