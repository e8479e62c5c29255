import Foundation

/// A JSON value of the request body, with object keys in the order the API documents them and
/// images that are base64-encoded only while being written (never held whole as a string).
indirect enum BodyValue: Equatable {
  case string(String)
  /// A number, written as its literal.
  case number(String)
  case bool(Bool)
  case object([(key: String, value: BodyValue)])
  case array([BodyValue])
  /// `data:{mime};base64,{the file's bytes}`, read from `path` when written.
  case dataURI(mime: String, path: String)

  static func == (lhs: BodyValue, rhs: BodyValue) -> Bool {
    switch (lhs, rhs) {
    case (.string(let a), .string(let b)), (.number(let a), .number(let b)): a == b
    case (.bool(let a), .bool(let b)): a == b
    case (.array(let a), .array(let b)): a == b
    case (.object(let a), .object(let b)):
      a.map(\.key) == b.map(\.key) && a.map(\.value) == b.map(\.value)
    case (.dataURI(let a, let p), .dataURI(let b, let q)): a == b && p == q
    default: false
    }
  }
}

/// Where a body's bytes go: a file, standard output, or memory.
protocol ByteSink {
  mutating func write(_ bytes: some Collection<UInt8>) throws
}

/// Collects bytes in memory (tests, small bodies).
struct MemorySink: ByteSink {
  var bytes: [UInt8] = []
  mutating func write(_ bytes: some Collection<UInt8>) { self.bytes.append(contentsOf: bytes) }
}

/// Writes straight to a file handle.
struct FileSink: ByteSink {
  let handle: FileHandle
  mutating func write(_ bytes: some Collection<UInt8>) throws {
    try handle.write(contentsOf: Data(bytes))
  }
}

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
      try writeBase64(ofFile: path, to: &sink)
      try sink.write([UInt8(ascii: "\"")])
    case .array(let items):
      try container(items.map { (nil, $0) }, open: "[", close: "]", indent: indent, to: &sink)
    case .object(let members):
      try container(
        members.map { ($0.key, $0.value) }, open: "{", close: "}", indent: indent, to: &sink)
    }
  }

  /// Streams a file as base64 in 3 MiB pieces (a multiple of 3 bytes, so the pieces join into
  /// one valid encoding): memory stays flat whatever the file's size. A file that cannot be read
  /// (gone since the check, or no longer a regular file) is a ``BuildError`` naming it; errors of the sink pass through.
  private static func writeBase64(ofFile path: String, to sink: inout some ByteSink) throws {
    // Opened as request files are: never blocking, a regular file by its descriptor, so a path
    // swapped for a FIFO since the check cannot hang the build.
    guard case .success(let handle) = RequestFile.openForReading(path) else {
      throw BuildError("\(path) could not be read to encode it", hint: "run wan-preflight check")
    }
    defer { try? handle.close() }
    func read() throws(BuildError) -> Data? {
      do {
        return try handle.read(upToCount: 3 << 20)
      } catch {
        throw BuildError("\(path) could not be read to encode it", hint: "run wan-preflight check")
      }
    }
    var pending = Data()
    while let piece = try read(), !piece.isEmpty {
      pending.append(piece)
      let whole = pending.count - pending.count % 3  // reads may come back short
      guard whole > 0 else { continue }
      try sink.write(pending.prefix(whole).base64EncodedData())
      pending = Data(pending.dropFirst(whole))
    }
    if !pending.isEmpty { try sink.write(pending.base64EncodedData()) }
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
