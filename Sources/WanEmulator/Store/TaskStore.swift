import Foundation

/// Where a task is in the service's lifecycle, spelled as the service's `task_status`.
public enum TaskStatus: String, Sendable, Codable, CaseIterable {
  /// Queued: waiting for its queue time and a free running slot.
  case pending = "PENDING"
  /// Being generated.
  case running = "RUNNING"
  /// Done: the video is at `video_url`.
  case succeeded = "SUCCEEDED"
  /// Done without a video: `code` and `message` say why.
  case failed = "FAILED"
  /// Canceled while pending.
  case canceled = "CANCELED"
  /// No such task, or one older than the time to live.
  case unknown = "UNKNOWN"

  /// Whether the task will not change any more.
  public var isFinal: Bool {
    switch self {
    case .succeeded, .failed, .canceled, .unknown: true
    case .pending, .running: false
    }
  }
}

/// The service's error, as a code and a message (`InvalidParameter`, "image format error").
public struct ServiceError: Sendable, Codable, Equatable, Error {
  /// The service's error code.
  public var code: String
  /// The service's message.
  public var message: String

  /// Creates an error.
  public init(code: String, message: String) {
    self.code = code
    self.message = message
  }
}

/// The billing numbers a succeeded task reports in `usage`.
public struct TaskUsage: Sendable, Codable, Equatable {
  /// Seconds billed: the whole duration, a first clip included.
  public var duration: Int
  /// Seconds of the first clip, 0 without one.
  public var inputVideoDuration: Int
  /// Seconds of the output video.
  public var outputVideoDuration: Int
  /// Videos made: 1.
  public var videoCount: Int
  /// The tier's short side: 720 or 1080.
  public var resolution: Int

  /// Creates usage numbers.
  public init(
    duration: Int, inputVideoDuration: Int, outputVideoDuration: Int, videoCount: Int = 1,
    resolution: Int
  ) {
    self.duration = duration
    self.inputVideoDuration = inputVideoDuration
    self.outputVideoDuration = outputVideoDuration
    self.videoCount = videoCount
    self.resolution = resolution
  }
}

/// What the placeholder video of a task is made of: the predicted size and length, and the
/// local files of its media (uploads, mapped URLs, `data:` URIs written to the scratch folder).
public struct RenderJob: Sendable, Codable, Equatable {
  /// Output width in pixels.
  public var width: Int
  /// Output height in pixels.
  public var height: Int
  /// Output seconds (the whole duration, a first clip included).
  public var seconds: Int
  /// The first frame's file.
  public var firstFrame: String?
  /// The last frame's file.
  public var lastFrame: String?
  /// The first clip's file.
  public var clip: String?
  /// The driving audio's file.
  public var audio: String?
  /// Whether a mark is drawn at the bottom right.
  public var watermark: Bool
  /// The tier: `720P` or `1080P`.
  public var resolution: String

  /// Creates a job.
  public init(
    width: Int, height: Int, seconds: Int, firstFrame: String? = nil, lastFrame: String? = nil,
    clip: String? = nil, audio: String? = nil, watermark: Bool = false, resolution: String
  ) {
    self.width = width
    self.height = height
    self.seconds = seconds
    self.firstFrame = firstFrame
    self.lastFrame = lastFrame
    self.clip = clip
    self.audio = audio
    self.watermark = watermark
    self.resolution = resolution
  }
}

/// The preflight finding a task fails with: the rule and what it found (the probe's reason
/// for unreadable media), shown beside the service's code and message.
public struct RuleFinding: Sendable, Codable, Equatable {
  /// The rule id (`image_size`, `media_unreadable`).
  public var rule: String
  /// What the rule found.
  public var detail: String

  /// Creates a finding.
  public init(rule: String, detail: String) {
    self.rule = rule
    self.detail = detail
  }
}

/// One task as the store keeps it.
///
/// A task's fate is decided when it is created: either a ``RenderJob`` (it will succeed with
/// ``usage``) or a ``failure`` (it will fail with that code and message); the lifecycle then
/// only moves it through the statuses.
public struct TaskRecord: Sendable, Codable, Equatable {
  /// The task id (a UUID, lower-case).
  public var id: String
  /// Where it is in the lifecycle.
  public var status: TaskStatus
  /// The model the request named.
  public var model: String
  /// When the task was created.
  public var submitTime: Date
  /// When it started running.
  public var scheduledTime: Date?
  /// When it reached a final status.
  public var endTime: Date?
  /// The prompt as given (`orig_prompt`).
  public var origPrompt: String?
  /// What to render when it succeeds.
  public var job: RenderJob?
  /// Why it fails (or failed).
  public var failure: ServiceError?
  /// What a success bills.
  public var usage: TaskUsage?
  /// The rendered video's file name in the store's video folder, once rendered.
  public var videoFile: String?
  /// Media files written for this task only (decoded `data:` URIs), removed with it.
  public var scratchFiles: [String]
  /// The finding of the preflight rules a failure comes from, when it comes from one.
  public var finding: RuleFinding?

  /// Creates a record.
  public init(
    id: String, status: TaskStatus = .pending, model: String, submitTime: Date,
    scheduledTime: Date? = nil, endTime: Date? = nil, origPrompt: String? = nil,
    job: RenderJob? = nil, failure: ServiceError? = nil, usage: TaskUsage? = nil,
    videoFile: String? = nil, scratchFiles: [String] = [], finding: RuleFinding? = nil
  ) {
    self.id = id
    self.status = status
    self.model = model
    self.submitTime = submitTime
    self.scheduledTime = scheduledTime
    self.endTime = endTime
    self.origPrompt = origPrompt
    self.job = job
    self.failure = failure
    self.usage = usage
    self.videoFile = videoFile
    self.scratchFiles = scratchFiles
    self.finding = finding
  }
}

/// An upload policy handed out by `GET /uploads?action=getPolicy`: the upload host accepts a
/// file only under a directory some live policy issued, with that policy's signature.
public struct UploadPolicyRecord: Sendable, Codable, Equatable {
  /// The directory keys must start with (`dashscope-instant/<hex>`), unique per policy.
  public var uploadDirectory: String
  /// The signature the upload must carry.
  public var signature: String
  /// The model the policy was asked for.
  public var model: String
  /// When it stops being accepted.
  public var expires: Date

  /// Creates a policy record.
  public init(uploadDirectory: String, signature: String, model: String, expires: Date) {
    self.uploadDirectory = uploadDirectory
    self.signature = signature
    self.model = model
    self.expires = expires
  }
}

/// One uploaded file: its `oss://` key and where its bytes are.
public struct UploadRecord: Sendable, Codable, Equatable {
  /// The key the client posted (`upload_dir/<basename>`); the client names it `oss://<key>`.
  public var key: String
  /// The file's path, relative to the store's upload folder.
  public var file: String
  /// The model of the policy it was uploaded under.
  public var model: String
  /// Bytes stored.
  public var size: Int
  /// The content type the client declared (`x-oss-content-type`).
  public var contentType: String?
  /// When it was stored.
  public var stored: Date

  /// Creates an upload record.
  public init(
    key: String, file: String, model: String, size: Int, contentType: String?, stored: Date
  ) {
    self.key = key
    self.file = file
    self.model = model
    self.size = size
    self.contentType = contentType
    self.stored = stored
  }
}

/// Where the emulator keeps tasks, upload policies and uploads: ``MemoryTaskStore`` by default,
/// SQLite with `--data DIR`. Every method may be called from any task at once.
public protocol TaskStore: Sendable {
  /// Adds a new task.
  func insert(_ task: TaskRecord) async throws
  /// Replaces the task with the same id.
  func update(_ task: TaskRecord) async throws
  /// The task with `id`, or `nil`.
  func task(id: String) async throws -> TaskRecord?
  /// Every task in one of `statuses`, oldest submission first.
  func tasks(in statuses: Set<TaskStatus>) async throws -> [TaskRecord]
  /// Removes every task submitted before `date` and returns them (so their files can go too).
  func removeTasks(submittedBefore date: Date) async throws -> [TaskRecord]

  /// Adds an upload policy.
  func insert(_ policy: UploadPolicyRecord) async throws
  /// The policy that issued `uploadDirectory`, or `nil`.
  func policy(uploadDirectory: String) async throws -> UploadPolicyRecord?
  /// Removes every policy that expired before `date`.
  func removePolicies(expiredBefore date: Date) async throws

  /// Adds an upload, replacing one with the same key.
  func insert(_ upload: UploadRecord) async throws
  /// The upload stored under `key`, or `nil`.
  func upload(key: String) async throws -> UploadRecord?
  /// Removes every upload stored before `date` and returns them.
  func removeUploads(storedBefore date: Date) async throws -> [UploadRecord]
}
