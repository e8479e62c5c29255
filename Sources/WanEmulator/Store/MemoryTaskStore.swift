import Foundation

/// The default store: everything in memory, gone when the server stops.
public actor MemoryTaskStore: TaskStore {
  private var tasksByID: [String: TaskRecord] = [:]
  private var policies: [String: UploadPolicyRecord] = [:]
  private var uploads: [String: UploadRecord] = [:]

  /// Creates an empty store.
  public init() {}

  public func insert(_ task: TaskRecord) {
    tasksByID[task.id] = task
  }

  public func update(_ task: TaskRecord) {
    tasksByID[task.id] = task
  }

  public func task(id: String) -> TaskRecord? {
    tasksByID[id]
  }

  public func tasks(in statuses: Set<TaskStatus>) -> [TaskRecord] {
    tasksByID.values.filter { statuses.contains($0.status) }
      .sorted { ($0.submitTime, $0.id) < ($1.submitTime, $1.id) }
  }

  public func removeTasks(submittedBefore date: Date) -> [TaskRecord] {
    let old = tasksByID.values.filter { $0.submitTime < date }
    for task in old { tasksByID[task.id] = nil }
    return old
  }

  public func insert(_ policy: UploadPolicyRecord) {
    policies[policy.uploadDirectory] = policy
  }

  public func policy(uploadDirectory: String) -> UploadPolicyRecord? {
    policies[uploadDirectory]
  }

  public func removePolicies(expiredBefore date: Date) {
    policies = policies.filter { $0.value.expires >= date }
  }

  public func insert(_ upload: UploadRecord) {
    uploads[upload.key] = upload
  }

  public func upload(key: String) -> UploadRecord? {
    uploads[key]
  }

  public func removeUploads(storedBefore date: Date) -> [UploadRecord] {
    let old = uploads.values.filter { $0.stored < date }
    for upload in old { uploads[upload.key] = nil }
    return old
  }
}
