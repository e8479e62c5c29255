import Foundation
import Hummingbird

/// Responses in the service's shape: JSON bodies with `Content-Type: application/json` (the SDK
/// reads `code` and `message` only from a JSON error).
enum ServiceResponse {
  /// `body` as JSON with `status`.
  static func json(_ body: ServiceJSON, status: HTTPResponse.Status = .ok) -> Response {
    let data = body.data
    return Response(
      status: status,
      headers: [.contentType: "application/json", .contentLength: String(data.count)],
      body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
  }

  /// The service's error body with `status`.
  static func error(_ error: ServiceError, status: HTTPResponse.Status) -> Response {
    json(ServiceBody.error(error, requestID: newRequestID()), status: status)
  }

  /// A request id like the service's (a UUID).
  static func newRequestID() -> String { UUID().uuidString.lowercased() }
}
