import ArgumentParser
import Foundation

/// A span of time on the command line: `90` or `90s` seconds, `30m`, `24h`, `7d`.
struct TimeSpan: ExpressibleByArgument, Sendable {
  /// The span in seconds.
  let seconds: Double
  /// The span as written.
  let text: String

  init(seconds: Double, text: String) {
    self.seconds = seconds
    self.text = text
  }

  var defaultValueDescription: String { text }

  init?(argument: String) {
    let units: [(suffix: String, seconds: Double)] = [
      ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400),
    ]
    let text = argument.lowercased()
    let unit = units.first {
      text.hasSuffix($0.suffix) && Double(text.dropLast($0.suffix.count)) != nil
    }
    let number = unit.map { String(text.dropLast($0.suffix.count)) } ?? text
    guard let value = Double(number), value.isFinite, value >= 0, value <= 1e9 else { return nil }
    seconds = value * (unit?.seconds ?? 1)
    self.text = argument
  }
}

/// A number of bytes on the command line: `1048576`, `512KiB`, `64MiB`, `1GiB` (or `KB`,
/// `MB`, `GB` for powers of ten).
struct ByteCount: ExpressibleByArgument, Sendable {
  /// The count.
  let bytes: Int
  /// The count as written.
  let text: String

  init(bytes: Int, text: String) {
    self.bytes = bytes
    self.text = text
  }

  var defaultValueDescription: String { text }

  init?(argument: String) {
    let units: [(suffix: String, factor: Double)] = [
      ("kib", 1024), ("mib", 1_048_576), ("gib", 1_073_741_824), ("kb", 1e3), ("mb", 1e6),
      ("gb", 1e9),
      ("k", 1024), ("m", 1_048_576), ("g", 1_073_741_824), ("b", 1),
    ]
    let text = argument.lowercased().replacingOccurrences(of: " ", with: "")
    let unit = units.first {
      text.hasSuffix($0.suffix) && Double(text.dropLast($0.suffix.count)) != nil
    }
    let number = unit.map { String(text.dropLast($0.suffix.count)) } ?? text
    guard let value = Double(number), value.isFinite, value >= 1 else { return nil }
    let total = value * (unit?.factor ?? 1)
    guard total <= 1_099_511_627_776 else { return nil }
    bytes = Int(total)
    self.text = argument
  }
}

/// A limit that can be switched off: a positive whole number, or `off`.
struct Limit: ExpressibleByArgument, Sendable {
  /// The limit; `nil` for `off`.
  let value: Int?

  init(value: Int?) {
    self.value = value
  }

  var defaultValueDescription: String { value.map(String.init) ?? "off" }

  init?(argument: String) {
    if argument.lowercased() == "off" {
      value = nil
    } else if let number = Int(argument), number > 0, number <= 1_000_000 {
      value = number
    } else {
      return nil
    }
  }
}
