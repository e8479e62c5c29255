import Foundation
import WanPreflight

/// A failure a client under test asks for: with `--fail` on every creation, or with the
/// ``header`` on one request.
public enum ForcedFailure: Sendable, Equatable {
  /// The request is answered with this HTTP status and the service's body for it (429, 500,
  /// 503).
  case status(Int)
  /// The task is accepted and then fails with this service code.
  case code(String)
  /// The task is accepted and then fails as the service fails what this rule finds.
  case rule(RuleID)

  /// The request header that forces a failure on one request: `X-Wan-Preflight-Fail`.
  public static let header = "X-Wan-Preflight-Fail"

  /// The HTTP statuses that can be forced.
  public static let statuses = [429, 500, 503]

  /// Reads `429`, `500`, `503`, a rule id (`image_size`) or a service code
  /// (`InvalidParameter.DataInspection`); `nil` for anything else.
  public init?(_ text: String) {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if let status = Int(trimmed) {
      guard Self.statuses.contains(status) else { return nil }
      self = .status(status)
    } else if let rule = RuleID(rawValue: trimmed) {
      self = .rule(rule)
    } else if !trimmed.isEmpty, trimmed.first?.isUppercase == true,
      trimmed.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" })
    {
      self = .code(trimmed)
    } else {
      return nil
    }
  }

  /// The error a task forced to fail ends with.
  var taskError: ServiceError? {
    switch self {
    case .status: nil
    case .code(let code): ServiceError(code: code, message: ServiceErrors.message(forCode: code))
    case .rule(let rule): ServiceErrors.error(for: rule, serverError: nil, detail: nil)
    }
  }
}
