import Foundation

/// The JSON bodies the service answers with, their members in the order its documentation
/// shows them.
enum ServiceBody {
  /// An error at the top level: `{"request_id", "code", "message"}`.
  static func error(_ error: ServiceError, requestID: String) -> ServiceJSON {
    .object([
      "request_id": .string(requestID), "code": .string(error.code),
      "message": .string(error.message),
    ])
  }

  /// A created task: `{"request_id", "output": {"task_id", "task_status": "PENDING"}}`.
  static func created(_ task: TaskRecord, requestID: String) -> ServiceJSON {
    .object([
      "request_id": .string(requestID),
      "output": .object([
        "task_id": .string(task.id), "task_status": .string(task.status.rawValue),
      ]),
    ])
  }

  /// A task as `GET /tasks/{id}` shows it; `videoURL` once it succeeded.
  static func task(_ task: TaskRecord, videoURL: String?, requestID: String) -> ServiceJSON {
    var output: [ServiceJSON.Member] = [
      .init(key: "task_id", value: .string(task.id)),
      .init(key: "task_status", value: .string(task.status.rawValue)),
      .init(key: "submit_time", value: .string(ServiceTime.text(task.submitTime))),
    ]
    func add(_ key: String, _ value: String?) {
      if let value { output.append(.init(key: key, value: .string(value))) }
    }
    add("scheduled_time", task.scheduledTime.map(ServiceTime.text))
    add("end_time", task.endTime.map(ServiceTime.text))
    add("orig_prompt", task.origPrompt)
    var usage: ServiceJSON?
    switch task.status {
    case .succeeded:
      add("video_url", videoURL ?? "")
      usage = task.usage.map {
        .object([
          "duration": .int($0.duration), "input_video_duration": .int($0.inputVideoDuration),
          "output_video_duration": .int($0.outputVideoDuration),
          "video_count": .int($0.videoCount), "SR": .int($0.resolution),
        ])
      }
    case .failed:
      add("code", task.failure?.code)
      add("message", task.failure?.message)
      if let finding = task.finding {
        output.append(
          .init(
            key: "wan_preflight",
            value: .object(["rule": .string(finding.rule), "detail": .string(finding.detail)])))
      }
    default:
      break
    }
    var body: [ServiceJSON.Member] = [
      .init(key: "request_id", value: .string(requestID)),
      .init(key: "output", value: .members(output)),
    ]
    if let usage { body.append(.init(key: "usage", value: usage)) }
    return .members(body)
  }

  /// A task id nobody knows (or that expired): `UNKNOWN`, as the service answers.
  static func unknown(id: String, requestID: String) -> ServiceJSON {
    .object([
      "request_id": .string(requestID),
      "output": .object([
        "task_id": .string(id), "task_status": .string(TaskStatus.unknown.rawValue),
      ]),
    ])
  }
}
