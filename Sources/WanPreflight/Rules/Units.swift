/// The one way sizes and durations are printed: by the probe table, in check messages and in
/// hints, so the same file shows the same number everywhere.
///
/// Sizes are decimal (1 MB = 1,000,000 bytes) with one decimal; a message that compares a size
/// with a limit also gives the exact bytes. Seconds keep every digit down to the millisecond,
/// and a nonzero time under a millisecond keeps enough digits to stay nonzero.
public enum Units {
  private static let byteUnits: [(name: String, bytes: Int64)] = [
    ("KB", 1_000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("TB", 1_000_000_000_000),
    ("PB", 1_000_000_000_000_000), ("EB", 1_000_000_000_000_000_000),
  ]

  /// `512 B`, `21.4 KB`, `20.0 MB`, `1.2 GB`: decimal units, one decimal, rounded half up.
  /// Computed in integers, so no size (even a negative or `Int64.max` one) can trap.
  public static func bytes(_ count: Int64) -> String {
    guard count >= 1000 else { return "\(count) B" }
    for (index, unit) in byteUnits.enumerated() {
      let tenth = unit.bytes / 10
      let (quotient, remainder) = count.quotientAndRemainder(dividingBy: tenth)
      let tenths = remainder >= tenth - remainder ? quotient + 1 : quotient
      if tenths < 10_000 || index == byteUnits.count - 1 {
        return "\(tenths / 10).\(tenths % 10) \(unit.name)"
      }
    }
    return "\(count) B"
  }

  /// `20,971,520`: a count of bytes with thousands separators.
  public static func grouped(_ count: Int64) -> String {
    let digits = String(count.magnitude)
    var groups: [Substring] = []
    var end = digits.endIndex
    while end > digits.startIndex {
      let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
      groups.insert(digits[start..<end], at: 0)
      end = start
    }
    return (count < 0 ? "-" : "") + groups.joined(separator: ",")
  }

  /// `20.5 MB (20,500,000 bytes)`: the size as the probe table shows it, and exactly.
  public static func bytesExactly(_ count: Int64) -> String {
    "\(bytes(count)) (\(grouped(count)) bytes)"
  }

  /// `3`, `2.5`, `0.04`, `10.005`, `0.00025`: seconds without trailing zeros, exact to the
  /// millisecond; a nonzero value under half a millisecond keeps up to six decimals rather than
  /// print as `0`. A value too large for an integer (packet timestamps can add up to 10⁶¹ s)
  /// keeps Swift's exponent form, since `Int(_:)` would trap.
  public static func seconds(_ value: Double) -> String {
    guard value.isFinite, value.magnitude < 1e15 else { return String(value) }
    let places = value != 0 && value.magnitude < 0.0005 ? 6 : 3
    return decimal(value, places: places)
  }

  /// `8`, `1.333`, `0.6`: a ratio, price or time without trailing zeros, to at most three
  /// decimals (seconds compared with limits print with ``seconds(_:)``); a value too large to
  /// print as an integer keeps Swift's exponent form.
  static func number(_ value: Double) -> String {
    decimal(value, places: 3)
  }

  /// `seconds` rounded by `rule` into `range`, for hints such as "raise duration to 6": a probed
  /// or requested number of seconds can be absurd, and `Int(_:)` traps beyond `Int`'s range.
  static func wholeSeconds(
    _ seconds: Double, _ rule: FloatingPointRoundingRule, within range: ClosedRange<Int>
  ) -> Int {
    let value = seconds.rounded(rule)
    guard value.isFinite else { return value < 0 ? range.lowerBound : range.upperBound }
    return Int(min(max(value, Double(range.lowerBound)), Double(range.upperBound)))
  }

  /// `2…30`: a range of seconds, each end as ``seconds(_:)`` prints it.
  static func seconds(_ range: ClosedRange<Double>) -> String {
    "\(seconds(range.lowerBound))…\(seconds(range.upperBound))"
  }

  /// An amount of money with two decimals: `5.00`, `0.73`. Never traps: an amount too large
  /// for whole cents is printed as Swift prints the number.
  static func money(_ amount: Double) -> String {
    let cents = (amount * 100).rounded()
    guard cents.isFinite, cents.magnitude < 1e17 else { return String(amount) }
    let whole = Int64(cents.magnitude)
    let fraction = whole % 100
    let sign = cents < 0 ? "-" : ""
    return sign + "\(whole / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
  }

  /// `value` rounded to `places` decimals (at most 6), without trailing zeros.
  static func decimal(_ value: Double, places: Int) -> String {
    var scale: Int64 = 1
    for _ in 0..<min(max(places, 0), 6) { scale *= 10 }
    let product = (value.magnitude * Double(scale)).rounded()
    guard product.isFinite, product < 1e18 else { return String(value) }
    let scaled = Int64(product)
    let whole = scaled / scale
    var fraction = String(scaled % scale)
    if scale > 1 {
      fraction = String(repeating: "0", count: String(scale).count - 1 - fraction.count) + fraction
      while fraction.hasSuffix("0") { fraction.removeLast() }
    } else {
      fraction = ""
    }
    let sign = value < 0 && scaled != 0 ? "-" : ""
    return sign + String(whole) + (fraction.isEmpty ? "" : "." + fraction)
  }
}
