import Foundation

/// Times as the service writes them: `2025-09-25 11:07:28.590`, in China Standard Time (UTC+8,
/// the service's home; inferred, the documentation gives no zone).
enum ServiceTime {
  /// The offset of the service's clock from UTC, in seconds.
  static let offset = 8 * 3600

  /// `date` in the service's format.
  static func text(_ date: Date) -> String {
    let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    let local = milliseconds + Int64(offset) * 1000
    let days = local >= 0 ? local / 86_400_000 : (local - 86_399_999) / 86_400_000
    let inDay = local - days * 86_400_000
    let (year, month, day) = civil(days: days)
    let hour = inDay / 3_600_000
    let minute = inDay / 60_000 % 60
    let second = inDay / 1000 % 60
    let millisecond = inDay % 1000
    return "\(year)-\(two(month))-\(two(day)) \(two(hour)):\(two(minute)):\(two(second))."
      + String(repeating: "0", count: millisecond < 10 ? 2 : millisecond < 100 ? 1 : 0)
      + "\(millisecond)"
  }

  private static func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }

  /// The year, month and day of a count of days since 1970-01-01 (Howard Hinnant's algorithm).
  private static func civil(days: Int64) -> (Int64, Int64, Int64) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let shifted = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * shifted + 2) / 5 + 1
    let month = shifted < 10 ? shifted + 3 : shifted - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }
}
