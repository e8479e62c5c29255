import WanPreflight

/// The service's errors as the emulator gives them: codes and messages from the service's
/// error-code page, and which rule's finding becomes which code.
enum ServiceErrors {
  static let bodyInvalid = ServiceError(
    code: "InvalidParameter",
    message: "Required body invalid, please check the request body format.")
  static let synchronous = ServiceError(
    code: "AccessDenied", message: "current user api does not support synchronous calls")
  static let noKey = ServiceError(code: "InvalidApiKey", message: "No API-key provided.")
  static let wrongKey = ServiceError(code: "InvalidApiKey", message: "Invalid API-key provided.")
  static let tooLarge = ServiceError(code: "BadRequest.TooLarge", message: "Payload Too Large.")
  static let rateQuota = ServiceError(
    code: "Throttling.RateQuota",
    message: "Requests rate limit exceeded, please try again later.")
  static let internalError = ServiceError(
    code: "InternalError",
    message: "An internal error has occured, please try again later or contact service support.")
  static let unavailable = ServiceError(
    code: "ServiceUnavailable", message: "The service is temporarily unavailable.")
  static let urlError = ServiceError(
    code: "InvalidParameter", message: "url error, please check url!")
  static let download = ServiceError(
    code: "InvalidParameter.DataInspection",
    message: "Unable to download the media resource during the data inspection process.")
  static let ossNotResolved = ServiceError(
    code: "InvalidParameter",
    message:
      "The oss resource url requires the header X-DashScope-OssResourceResolve: enable.")
  static let notFound = ServiceError(code: "NotFound", message: "Not found.")
  static let methodNotAllowed = ServiceError(
    code: "MethodNotAllowed", message: "Method not allowed.")
  static let cancelNotPending = ServiceError(
    code: "UnsupportedOperation",
    message: "Failed to cancel the task, please confirm if the task status is PENDING.")
  static let cancelUnknown = ServiceError(
    code: "InvalidParameter", message: "The task does not exist or has expired.")
  static let renderFailed = ServiceError(
    code: "InternalError", message: "The video could not be generated.")

  /// The error of an HTTP status a client forced.
  static func forced(status: Int) -> ServiceError {
    switch status {
    case 429: rateQuota
    case 503: unavailable
    default: internalError
    }
  }

  /// The documented message of a service code, or a sentence saying the failure was asked for.
  static func message(forCode code: String) -> String {
    switch code {
    case "InvalidParameter": "url error, please check url!"
    case "InvalidParameter.DataInspection": download.message
    case "InvalidURL": "File size is larger than 15MB."
    case "DataInspectionFailed": "Input or output data may contain inappropriate content."
    case "Throttling.AllocationQuota": "Allocated quota exceeded, please increase your quota limit."
    case "InternalError": internalError.message
    default: "The task failed with \(code), as the dry run was asked to."
    }
  }

  /// The service's error for what `rule` found: its own text when the diagnostic quotes one,
  /// else the first the rule lists, else the finding itself.
  static func error(for rule: RuleID, serverError: String?, detail: String?) -> ServiceError {
    let message =
      serverError ?? rule.details.serverErrors.first.map(filled) ?? detail ?? rule.summary
    return ServiceError(code: code(for: rule), message: message)
  }

  /// `InvalidURL` for the audio findings the service reports so, `InvalidParameter` otherwise.
  static func code(for rule: RuleID) -> String {
    switch rule {
    case .audioFormat, .audioBytes, .audioDuration: "InvalidURL"
    default: "InvalidParameter"
    }
  }

  /// A listed text with its `{…}` placeholders filled with the limits the rules use.
  private static func filled(_ text: String) -> String {
    text.replacingOccurrences(of: "{seconds}", with: "30")
      .replacingOccurrences(of: "{index}", with: "0")
  }
}
