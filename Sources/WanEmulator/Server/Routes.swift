import Foundation
import Hummingbird
import MultipartKit
import NIOCore

/// The handlers of the emulator's routes.
struct Routes: Sendable {
  let emulator: Emulator

  /// Where the upload policy sends files (the router's `POST` route).
  static let uploadPath = "/oss-upload"

  private var configuration: EmulatorConfiguration { emulator.configuration }

  // MARK: Tasks

  /// `POST /api/v1/services/aigc/video-generation/video-synthesis`.
  func create(_ request: Request, context: EmulatorRequestContext) async -> Response {
    if let declared = request.headers[.contentLength].flatMap(Int.init),
      declared > configuration.maxBodyBytes
    {
      return tooLarge(context)
    }
    if let refusal = authorize(request) { return refusal }
    if request.headers[.dashScopeAsync]?.lowercased() != "enable" {
      return ServiceResponse.error(ServiceErrors.synchronous, status: .forbidden)
    }
    let forced: ForcedFailure?
    switch forcedFailure(request) {
    case .success(let failure): forced = failure ?? configuration.forcedFailure
    case .failure(let refusal): return refusal.response
    }
    if case .status(let status)? = forced {
      return ServiceResponse.error(
        ServiceErrors.forced(status: status), status: HTTPResponse.Status(code: status))
    }
    guard await emulator.rate.admit() else {
      return ServiceResponse.error(ServiceErrors.rateQuota, status: .tooManyRequests)
    }
    var request = request
    let body: ByteBuffer
    do {
      body = try await request.collectBody(upTo: configuration.maxBodyBytes)
    } catch {
      return tooLarge(context)
    }
    let ossResolve =
      request.headers[.ossResourceResolve]?.lowercased() == "enable"
    let verdict = await emulator.judge.judge(
      Array(body.readableBytesView), ossResolve: ossResolve, forced: forced)
    switch verdict {
    case .rejected(let error):
      return ServiceResponse.error(error, status: .badRequest)
    case .accepted(let acceptance):
      let task = TaskRecord(
        id: UUID().uuidString.lowercased(), model: acceptance.model,
        submitTime: configuration.clock.now(),
        origPrompt: acceptance.prompt, job: acceptance.job, failure: acceptance.failure,
        usage: acceptance.usage, scratchFiles: acceptance.scratchFiles,
        finding: acceptance.finding)
      do {
        try await emulator.scheduler.submit(task)
      } catch {
        context.logger.error("task store: \(error)")
        return ServiceResponse.error(ServiceErrors.internalError, status: .internalServerError)
      }
      return ServiceResponse.json(
        ServiceBody.created(task, requestID: ServiceResponse.newRequestID()))
    }
  }

  /// `GET /api/v1/tasks/{id}`.
  func query(_ request: Request, context: EmulatorRequestContext) async -> Response {
    if let refusal = authorize(request) { return refusal }
    if let refusal = forcedStatus(request) { return refusal }
    guard let id = taskID(context) else { return invalidTaskID() }
    let requestID = ServiceResponse.newRequestID()
    do {
      guard let task = try await emulator.store.task(id: id),
        !emulator.scheduler.isExpired(task)
      else {
        return ServiceResponse.json(ServiceBody.unknown(id: id, requestID: requestID))
      }
      let url = task.videoFile.map { videoURL($0, task: task, request: request) }
      return ServiceResponse.json(ServiceBody.task(task, videoURL: url, requestID: requestID))
    } catch {
      context.logger.error("task store: \(error)")
      return ServiceResponse.error(ServiceErrors.internalError, status: .internalServerError)
    }
  }

  /// `POST /api/v1/tasks/{id}/cancel`: only a pending task can be canceled.
  func cancel(_ request: Request, context: EmulatorRequestContext) async -> Response {
    if let refusal = authorize(request) { return refusal }
    if let refusal = forcedStatus(request) { return refusal }
    guard let id = taskID(context) else { return invalidTaskID() }
    do {
      switch try await emulator.scheduler.cancel(id) {
      case .canceled:
        return ServiceResponse.json(
          .object(["request_id": .string(ServiceResponse.newRequestID())]))
      case .notPending:
        return ServiceResponse.error(ServiceErrors.cancelNotPending, status: .badRequest)
      case .unknown:
        return ServiceResponse.error(ServiceErrors.cancelUnknown, status: .badRequest)
      }
    } catch {
      context.logger.error("task store: \(error)")
      return ServiceResponse.error(ServiceErrors.internalError, status: .internalServerError)
    }
  }

  // MARK: Uploads

  /// `GET /api/v1/uploads?action=getPolicy&model=…`: a policy for one upload to this server.
  func policy(_ request: Request, context: EmulatorRequestContext) async -> Response {
    if let refusal = authorize(request) { return refusal }
    if let refusal = forcedStatus(request) { return refusal }
    let query = request.uri.queryParameters
    guard query["action"].map(String.init) == "getPolicy" else {
      return ServiceResponse.error(
        ServiceError(code: "InvalidParameter", message: "action must be getPolicy"),
        status: .badRequest)
    }
    guard let model = query["model"].map(String.init), !model.isEmpty else {
      return ServiceResponse.error(
        ServiceError(code: "InvalidParameter", message: "Field required: model"),
        status: .badRequest)
    }
    let directory = "dashscope-instant/" + Self.hex(16)
    let policy = UploadPolicyRecord(
      uploadDirectory: directory, signature: Self.hex(20), model: model,
      expires: configuration.clock.now().addingTimeInterval(300))
    do {
      try await emulator.store.insert(policy)
    } catch {
      context.logger.error("task store: \(error)")
      return ServiceResponse.error(ServiceErrors.internalError, status: .internalServerError)
    }
    let document =
      #"{"expiration":"\#(ISO8601DateFormatter().string(from: policy.expires))","#
      + #""conditions":[["starts-with","$key","\#(directory)"]]}"#
    let data: ServiceJSON = .object([
      "policy": .string(Data(document.utf8).base64EncodedString()),
      "signature": .string(policy.signature), "upload_dir": .string(directory),
      "upload_host": .string(baseURL(request) + Self.uploadPath),
      "expire_in_seconds": .string("300"),
      "max_file_size_mb": .string(String(configuration.maxBodyBytes >> 20)),
      "capacity_limit_mb": .string("999999999"), "oss_access_key_id": .string("WanPreflightDryRun"),
      "x_oss_object_acl": .string("private"), "x_oss_forbid_overwrite": .string("true"),
    ])
    return ServiceResponse.json(
      .object(["request_id": .string(ServiceResponse.newRequestID()), "data": data]))
  }

  /// The fields of an upload the emulator reads; the others the SDK sends are ignored.
  private struct UploadForm: Decodable {
    var signature: String
    var key: String
    var contentType: String?
    var file: Data

    enum CodingKeys: String, CodingKey {
      case signature = "Signature"
      case key, file
      case contentType = "x-oss-content-type"
    }
  }

  /// `POST /oss-upload`: a multipart form as OSS takes it; stores the file under its key.
  func upload(_ request: Request, context: EmulatorRequestContext) async -> Response {
    if let declared = request.headers[.contentLength].flatMap(Int.init),
      declared > configuration.maxBodyBytes
    {
      return tooLarge(context)
    }
    guard let boundary = Self.boundary(request.headers[.contentType]) else {
      return ServiceResponse.error(
        ServiceError(code: "InvalidArgument", message: "The body is not multipart/form-data."),
        status: .badRequest)
    }
    var request = request
    let form: UploadForm
    do {
      let body = try await request.collectBody(upTo: configuration.maxBodyBytes)
      form = try FormDataDecoder().decode(UploadForm.self, from: body, boundary: boundary)
    } catch let error as HTTPError where error.status == .contentTooLarge {
      return tooLarge(context)
    } catch {
      return ServiceResponse.error(
        ServiceError(code: "InvalidArgument", message: "The multipart form is malformed."),
        status: .badRequest)
    }
    guard let (directory, name) = UploadKey.split(form.key) else {
      return ServiceResponse.error(
        ServiceError(code: "InvalidObjectName", message: "The specified object is not valid."),
        status: .badRequest)
    }
    do {
      guard let policy = try await emulator.store.policy(uploadDirectory: directory),
        policy.signature == form.signature, policy.expires >= configuration.clock.now()
      else {
        return ServiceResponse.error(
          ServiceError(
            code: "AccessDenied",
            message:
              "The request signature we calculated does not match the signature you provided."),
          status: .forbidden)
      }
      let stored = UUID().uuidString.lowercased() + "-" + name
      guard let path = emulator.folders.uploadFile(stored) else {
        return ServiceResponse.error(
          ServiceError(code: "InvalidObjectName", message: "The specified object is not valid."),
          status: .badRequest)
      }
      try Data(form.file).write(to: URL(fileURLWithPath: path))
      try await emulator.store.insert(
        UploadRecord(
          key: form.key, file: stored, model: policy.model, size: form.file.count,
          contentType: form.contentType, stored: configuration.clock.now()))
      return Response(status: .ok, headers: [.contentLength: "0"])
    } catch {
      context.logger.error("upload: \(error)")
      return ServiceResponse.error(ServiceErrors.internalError, status: .internalServerError)
    }
  }

  // MARK: Videos

  /// `GET /videos/{id}.mp4?Expires=…`: a succeeded task's video until the time to live.
  func video(_ request: Request, context: EmulatorRequestContext) async -> Response {
    guard let name = context.parameters.get("name"), EmulatorFolders.isPlainName(name),
      name.hasSuffix(".mp4"), let id = Optional(String(name.dropLast(4))), TaskID.isValid(id)
    else {
      return ServiceResponse.error(ServiceErrors.notFound, status: .notFound)
    }
    let expires = request.uri.queryParameters["Expires"].flatMap { Double(String($0)) } ?? 0
    guard expires >= configuration.clock.now().timeIntervalSince1970 else {
      return ServiceResponse.error(
        ServiceError(code: "AccessDenied", message: "Request has expired."), status: .forbidden)
    }
    guard let task = try? await emulator.store.task(id: id), task.videoFile == name,
      !emulator.scheduler.isExpired(task), let path = emulator.folders.videoFile(name),
      let data = FileManager.default.contents(atPath: path)
    else {
      return ServiceResponse.error(ServiceErrors.notFound, status: .notFound)
    }
    return Response(
      status: .ok,
      headers: [.contentType: "video/mp4", .contentLength: String(data.count)],
      body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
  }

  // MARK: Shared checks

  /// The 401 for a request without a valid key, or `nil`.
  private func authorize(_ request: Request) -> Response? {
    let header = request.headers[.authorization] ?? ""
    let prefix = "bearer "
    let key: String
    if header.lowercased().hasPrefix(prefix) {
      key = String(header.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
    } else if header.lowercased() == "bearer" {
      key = ""
    } else {
      key = ""
    }
    guard !key.isEmpty else {
      return ServiceResponse.error(ServiceErrors.noKey, status: .unauthorized)
    }
    if let required = configuration.apiKey, key != required {
      return ServiceResponse.error(ServiceErrors.wrongKey, status: .unauthorized)
    }
    return nil
  }

  /// The failure the request's header forces; a 400 for a header that names none.
  private func forcedFailure(_ request: Request) -> Result<ForcedFailure?, Refusal> {
    guard let value = request.headers[.forcedFailure] else {
      return .success(nil)
    }
    guard let failure = ForcedFailure(value) else {
      return .failure(
        Refusal(
          response: ServiceResponse.error(
            ServiceError(
              code: "InvalidParameter",
              message: "\(ForcedFailure.header) must be 429, 500, 503, a rule id or a code"),
            status: .badRequest)))
    }
    return .success(failure)
  }

  /// The forced HTTP status of a query, cancel or policy request, or `nil`.
  private func forcedStatus(_ request: Request) -> Response? {
    switch forcedFailure(request) {
    case .success(.status(let status)?):
      ServiceResponse.error(
        ServiceErrors.forced(status: status), status: HTTPResponse.Status(code: status))
    case .failure(let refusal): refusal.response
    default: nil
    }
  }

  /// The 413 for an oversized body; the connection is closed after it, so the rest of the
  /// body is never read.
  private func tooLarge(_ context: EmulatorRequestContext) -> Response {
    let data = ServiceBody.error(ServiceErrors.tooLarge, requestID: ServiceResponse.newRequestID())
      .data
    let channel = context.channel
    return Response(
      status: .contentTooLarge,
      headers: [
        .contentType: "application/json", .contentLength: String(data.count), .connection: "close",
      ],
      body: ResponseBody(contentLength: data.count) { writer in
        try await writer.write(ByteBuffer(bytes: data))
        try await writer.finish(nil)
        channel.close(mode: .input, promise: nil)
      })
  }

  private func taskID(_ context: EmulatorRequestContext) -> String? {
    guard let id = context.parameters.get("id"), TaskID.isValid(id) else { return nil }
    return id
  }

  private func invalidTaskID() -> Response {
    ServiceResponse.error(
      ServiceError(code: "InvalidParameter", message: "The task id is invalid."),
      status: .badRequest)
  }

  /// `http://host:port` as the client addressed this server.
  private func baseURL(_ request: Request) -> String {
    let host = request.head.authority ?? "\(configuration.host):\(configuration.port)"
    return "http://" + host
  }

  /// The video's URL, with `Expires=` at the end of the task's time to live.
  private func videoURL(_ file: String, task: TaskRecord, request: Request) -> String {
    let expires = Int(task.submitTime.timeIntervalSince1970 + configuration.timeToLive)
    return baseURL(request) + "/videos/" + file + "?Expires=\(expires)"
  }

  /// The boundary of a `multipart/form-data` content type.
  static func boundary(_ contentType: String?) -> String? {
    guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else {
      return nil
    }
    for parameter in contentType.split(separator: ";").dropFirst() {
      let pair = parameter.split(separator: "=", maxSplits: 1)
      guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary"
      else { continue }
      let value = pair[1].trimmingCharacters(in: .whitespaces)
      let unquoted =
        value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2
        ? String(value.dropFirst().dropLast()) : value
      return unquoted.isEmpty ? nil : unquoted
    }
    return nil
  }

  /// `count` random bytes as lower-case hex.
  static func hex(_ count: Int) -> String {
    (0..<count).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
  }
}

/// A response that ends a request early.
struct Refusal: Error {
  let response: Response
}

/// Task ids as the emulator makes them (UUIDs): letters, digits and `-`, at most 64.
enum TaskID {
  static func isValid(_ id: String) -> Bool {
    !id.isEmpty && id.utf8.count <= 64
      && id.utf8.allSatisfy {
        $0 == UInt8(ascii: "-") || ($0 < 128 && Character(Unicode.Scalar($0)).isLetter)
          || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
      }
  }
}

/// Upload keys: `upload_dir/<name>`, refused when they climb or hide a path.
enum UploadKey {
  /// The policy directory and file name of `key`; `nil` for a key with `..`, `.`, empty
  /// segments, a backslash, NUL, a leading `/` or no directory.
  static func split(_ key: String) -> (directory: String, name: String)? {
    guard !key.hasPrefix("/"), !key.contains("\\"), !key.contains("\0"), key.utf8.count <= 1024
    else { return nil }
    let segments = key.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    guard segments.count >= 2,
      segments.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }),
      let name = segments.last, EmulatorFolders.isPlainName(name), name.utf8.count <= 200
    else { return nil }
    return (segments.dropLast().joined(separator: "/"), name)
  }
}

extension HTTPFields.Element.Name {
  /// `X-DashScope-Async`: `enable` asks for an asynchronous task (the only kind served).
  static let dashScopeAsync = known("X-DashScope-Async")
  /// `X-DashScope-OssResourceResolve`: `enable` lets `oss://` URLs be resolved.
  static let ossResourceResolve = known("X-DashScope-OssResourceResolve")
  /// ``ForcedFailure/header``.
  static let forcedFailure = known(ForcedFailure.header)

  /// The name of a field spelled right in the source (a misspelling stops at the first use).
  private static func known(_ name: String) -> Self {
    guard let field = Self(name) else { preconditionFailure("\(name) is not a field name") }
    return field
  }
}
