import Foundation

/// The JSON bodies the service answers with, built as ordered members and written compactly.
enum ServiceBody {
  /// An error at the top level: `{"request_id", "code", "message"}`.
  static func error(_ error: ServiceError, requestID: String) -> [String: any Sendable] {
    ["request_id": requestID, "code": error.code, "message": error.message]
  }

  /// A created task: `{"request_id", "output": {"task_id", "task_status": "PENDING"}}`.
  static func created(_ task: TaskRecord, requestID: String) -> [String: any Sendable] {
    [
      "request_id": requestID,
      "output": ["task_id": task.id, "task_status": task.status.rawValue] as [String: any Sendable],
    ]
  }

  /// A task as `GET /tasks/{id}` shows it; `videoURL` once it succeeded.
  static func task(_ task: TaskRecord, videoURL: String?, requestID: String) -> [String:
    any Sendable]
  {
    var output: [String: any Sendable] = [
      "task_id": task.id, "task_status": task.status.rawValue,
    ]
    output["submit_time"] = ServiceTime.text(task.submitTime)
    if let scheduled = task.scheduledTime { output["scheduled_time"] = ServiceTime.text(scheduled) }
    if let end = task.endTime { output["end_time"] = ServiceTime.text(end) }
    if let prompt = task.origPrompt { output["orig_prompt"] = prompt }
    var body: [String: any Sendable] = ["request_id": requestID]
    switch task.status {
    case .succeeded:
      output["video_url"] = videoURL ?? ""
      if let usage = task.usage {
        body["usage"] =
          [
            "duration": usage.duration, "input_video_duration": usage.inputVideoDuration,
            "output_video_duration": usage.outputVideoDuration, "video_count": usage.videoCount,
            "SR": usage.resolution,
          ] as [String: any Sendable]
      }
    case .failed:
      if let failure = task.failure {
        output["code"] = failure.code
        output["message"] = failure.message
      }
      if let finding = task.finding {
        output["wan_preflight"] =
          ["rule": finding.rule, "detail": finding.detail] as [String: any Sendable]
      }
    default:
      break
    }
    body["output"] = output
    return body
  }

  /// A task id nobody knows (or that expired): `UNKNOWN`, as the service answers.
  static func unknown(id: String, requestID: String) -> [String: any Sendable] {
    [
      "request_id": requestID,
      "output": ["task_id": id, "task_status": TaskStatus.unknown.rawValue]
        as [String: any Sendable],
    ]
  }

  /// `object` as compact JSON with sorted keys.
  static func data(_ object: [String: any Sendable]) -> Data {
    (try? JSONSerialization.data(
      withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
  }
}
