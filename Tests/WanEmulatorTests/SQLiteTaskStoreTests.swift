import Foundation
import Testing
import WanEmulator

/// The two stores the emulator can run on; every contract test runs on both.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible {
  case memory
  case sqlite

  var testDescription: String { rawValue }

  /// A new, empty store (an SQLite one in a fresh temporary folder).
  func make() throws -> any TaskStore {
    switch self {
    case .memory: MemoryTaskStore()
    case .sqlite: try SQLiteTaskStore(folder: try TemporaryFolder.make())
    }
  }
}

enum TemporaryFolder {
  static func make() throws -> String {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("store-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return folder
  }
}

/// Records with every field set, at times with sub-millisecond parts (they must come back exact).
enum Sample {
  static let epoch = Date(timeIntervalSinceReferenceDate: 818_000_000.123_456_7)

  static func task(
    _ id: String, status: TaskStatus = .pending, submitted offset: TimeInterval = 0
  ) -> TaskRecord {
    TaskRecord(
      id: id, status: status, model: "wan2.7-i2v", submitTime: epoch + offset,
      scheduledTime: epoch + offset + 1.000_25, endTime: epoch + offset + 7.5,
      origPrompt: "第1个镜头[0-3秒] a cat, \"quoted\"",
      job: RenderJob(
        width: 816, height: 1104, seconds: 5, firstFrame: "uploads/a/first.png",
        lastFrame: "scratch/\(id)/last.webp", clip: nil, audio: "uploads/a/voice.wav",
        watermark: true, resolution: "720P"),
      failure: nil,
      usage: TaskUsage(
        duration: 5, inputVideoDuration: 0, outputVideoDuration: 5, resolution: 720),
      videoFile: "\(id).mp4", scratchFiles: ["scratch/\(id)/last.webp"])
  }

  static func failedTask(_ id: String) -> TaskRecord {
    TaskRecord(
      id: id, status: .failed, model: "wan2.7-i2v-2026-04-25", submitTime: epoch,
      scheduledTime: epoch + 0.5, endTime: epoch + 0.75, origPrompt: nil,
      job: nil,
      failure: ServiceError(
        code: "InvalidParameter", message: "the size of input image is too small or too large."),
      usage: nil, videoFile: nil, scratchFiles: ["scratch/\(id)/first.png", "scratch/\(id)/a.wav"],
      finding: RuleFinding(rule: "image_size", detail: "the image is 200×4000: 4000 > 2000"))
  }

  static func policy(_ directory: String, expires offset: TimeInterval = 0) -> UploadPolicyRecord {
    UploadPolicyRecord(
      uploadDirectory: directory, signature: "sig-\(directory)", model: "wan2.7-i2v",
      expires: epoch + offset)
  }

  static func upload(_ key: String, stored offset: TimeInterval = 0) -> UploadRecord {
    UploadRecord(
      key: key, file: "files/\(key)", model: "wan2.7-i2v", size: 39_358,
      contentType: "image/png", stored: epoch + offset)
  }
}

/// What every ``TaskStore`` promises, whatever keeps the records.
@Suite struct TaskStoreContractTests {
  @Test(arguments: StoreKind.allCases)
  func aTaskReadsBackAsWritten(kind: StoreKind) async throws {
    let store = try kind.make()
    let task = Sample.task("9f1c")
    try await store.insert(task)
    #expect(try await store.task(id: "9f1c") == task)
    let failed = Sample.failedTask("0b2e")
    try await store.insert(failed)
    #expect(try await store.task(id: "0b2e") == failed)
    #expect(try await store.task(id: "none") == nil)
  }

  @Test(arguments: StoreKind.allCases)
  func updateReplacesTheTask(kind: StoreKind) async throws {
    let store = try kind.make()
    var task = Sample.task("a1", status: .pending)
    try await store.insert(task)
    task.status = .succeeded
    task.videoFile = "a1-final.mp4"
    task.scratchFiles = []
    try await store.update(task)
    #expect(try await store.task(id: "a1") == task)
    #expect(try await store.tasks(in: [.pending]).isEmpty)
  }

  @Test(arguments: StoreKind.allCases)
  func tasksByStatusComeOldestFirst(kind: StoreKind) async throws {
    let store = try kind.make()
    try await store.insert(Sample.task("c", status: .pending, submitted: 30))
    try await store.insert(Sample.task("a", status: .running, submitted: 10))
    try await store.insert(Sample.task("b", status: .pending, submitted: 20))
    try await store.insert(Sample.task("d", status: .succeeded, submitted: 0))
    try await store.insert(Sample.task("e", status: .pending, submitted: 20))
    let waiting = try await store.tasks(in: [.pending, .running]).map(\.id)
    #expect(waiting == ["a", "b", "e", "c"])
    #expect(try await store.tasks(in: [.succeeded]).map(\.id) == ["d"])
    #expect(try await store.tasks(in: [.canceled]).isEmpty)
    #expect(try await store.tasks(in: []).isEmpty)
  }

  @Test(arguments: StoreKind.allCases)
  func expiringTasksRemovesOnlyOlderOnesAndReturnsThem(kind: StoreKind) async throws {
    let store = try kind.make()
    try await store.insert(Sample.task("old", submitted: -100))
    try await store.insert(Sample.task("edge", submitted: 0))
    try await store.insert(Sample.task("new", submitted: 100))
    let removed = try await store.removeTasks(submittedBefore: Sample.epoch)
    #expect(removed == [Sample.task("old", submitted: -100)])
    #expect(try await store.task(id: "old") == nil)
    #expect(try await store.task(id: "edge") != nil)
    #expect(try await store.task(id: "new") != nil)
    #expect(try await store.removeTasks(submittedBefore: Sample.epoch).isEmpty)
  }

  @Test(arguments: StoreKind.allCases)
  func policiesAreFoundByDirectoryAndExpire(kind: StoreKind) async throws {
    let store = try kind.make()
    try await store.insert(Sample.policy("dashscope-instant/aa", expires: -1))
    try await store.insert(Sample.policy("dashscope-instant/bb", expires: 0))
    try await store.insert(Sample.policy("dashscope-instant/cc", expires: 60))
    #expect(
      try await store.policy(uploadDirectory: "dashscope-instant/aa")
        == Sample.policy("dashscope-instant/aa", expires: -1))
    try await store.removePolicies(expiredBefore: Sample.epoch)
    #expect(try await store.policy(uploadDirectory: "dashscope-instant/aa") == nil)
    #expect(try await store.policy(uploadDirectory: "dashscope-instant/bb") != nil)
    #expect(try await store.policy(uploadDirectory: "dashscope-instant/cc") != nil)
    #expect(try await store.policy(uploadDirectory: "dashscope-instant/zz") == nil)
  }

  @Test(arguments: StoreKind.allCases)
  func anUploadReplacesOneWithTheSameKeyAndExpires(kind: StoreKind) async throws {
    let store = try kind.make()
    try await store.insert(Sample.upload("dashscope-instant/aa/first.png", stored: -10))
    var replacement = Sample.upload("dashscope-instant/aa/first.png", stored: 5)
    replacement.size = 12
    replacement.contentType = nil
    try await store.insert(replacement)
    #expect(try await store.upload(key: "dashscope-instant/aa/first.png") == replacement)
    try await store.insert(Sample.upload("dashscope-instant/bb/voice.wav", stored: -10))
    let removed = try await store.removeUploads(storedBefore: Sample.epoch)
    #expect(removed == [Sample.upload("dashscope-instant/bb/voice.wav", stored: -10)])
    #expect(try await store.upload(key: "dashscope-instant/bb/voice.wav") == nil)
    #expect(try await store.upload(key: "dashscope-instant/aa/first.png") == replacement)
  }

  @Test(arguments: StoreKind.allCases)
  func concurrentWritersLoseNothing(kind: StoreKind) async throws {
    let store = try kind.make()
    try await withThrowingTaskGroup(of: Void.self) { group in
      for index in 0..<200 {
        group.addTask {
          try await store.insert(Sample.task("t\(index)", submitted: Double(index)))
          _ = try await store.task(id: "t\(index / 2)")
        }
      }
      try await group.waitForAll()
    }
    let all = try await store.tasks(in: Set(TaskStatus.allCases))
    #expect(all.count == 200)
    #expect(all.first?.id == "t0")
    #expect(all.last?.id == "t199")
  }
}

/// What only the SQLite store does: survive a restart, and refuse a file it cannot trust.
@Suite struct SQLiteTaskStoreTests {
  @Test func reopeningTheFolderKeepsEverything() async throws {
    let folder = try TemporaryFolder.make()
    do {
      let store = try SQLiteTaskStore(folder: folder)
      try await store.insert(Sample.task("kept", status: .succeeded))
      try await store.insert(Sample.failedTask("failed"))
      try await store.insert(Sample.policy("dashscope-instant/kept", expires: 3600))
      try await store.insert(Sample.upload("dashscope-instant/kept/first.png"))
    }
    #expect(FileManager.default.fileExists(atPath: folder + "/tasks.sqlite"))
    let reopened = try SQLiteTaskStore(folder: folder)
    #expect(try await reopened.task(id: "kept") == Sample.task("kept", status: .succeeded))
    #expect(try await reopened.task(id: "failed") == Sample.failedTask("failed"))
    #expect(
      try await reopened.policy(uploadDirectory: "dashscope-instant/kept")
        == Sample.policy("dashscope-instant/kept", expires: 3600))
    #expect(
      try await reopened.upload(key: "dashscope-instant/kept/first.png")
        == Sample.upload("dashscope-instant/kept/first.png"))
    #expect(try await reopened.tasks(in: [.succeeded, .failed]).map(\.id) == ["failed", "kept"])
  }

  @Test func theDatabaseIsInWALMode() async throws {
    let folder = try TemporaryFolder.make()
    let store = try SQLiteTaskStore(folder: folder)
    try await store.insert(Sample.task("w"))
    #expect(FileManager.default.fileExists(atPath: folder + "/tasks.sqlite-wal"))
  }

  @Test func aFileThatIsNotADatabaseIsAClearError() throws {
    let folder = try TemporaryFolder.make()
    let path = folder + "/tasks.sqlite"
    try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: path))
    let error = #expect(throws: SQLiteTaskStoreError.self) { try SQLiteTaskStore(folder: folder) }
    #expect(error?.path == path)
    #expect(error?.reason.hasPrefix("is not an SQLite database") == true)
    #expect(error?.description.hasPrefix(path + ": ") == true)
  }

  @Test func aDamagedDatabaseIsAClearError() async throws {
    let folder = try TemporaryFolder.make()
    let path = folder + "/tasks.sqlite"
    do {
      let store = try SQLiteTaskStore(folder: folder)
      for index in 0..<300 { try await store.insert(Sample.task("t\(index)")) }
    }
    // Keep the header, overwrite the pages after it: SQLite still opens the file, its tables are
    // gone.
    try Self.removeLeftoverLog(folder: folder)
    let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
    #expect(size > 20_480)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    try handle.seek(toOffset: 4096)
    try handle.write(contentsOf: Data(repeating: 0xA5, count: 16_384))
    try handle.close()
    let error = #expect(throws: SQLiteTaskStoreError.self) { try SQLiteTaskStore(folder: folder) }
    #expect(error?.path == path)
    #expect(
      error?.reason.contains("damaged") == true || error?.reason.contains("malformed") == true)
  }

  @Test func aMissingFolderIsAClearError() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "no-such-\(UUID().uuidString)"
    ).path
    let error = #expect(throws: SQLiteTaskStoreError.self) { try SQLiteTaskStore(folder: folder) }
    #expect(error?.description == "\(folder): is not a folder")
  }

  /// Removes what is left of the write-ahead log (a released store has checkpointed it into the
  /// database file), so the damage below cannot be repaired from it.
  private static func removeLeftoverLog(folder: String) throws {
    for suffix in ["-wal", "-shm"] {
      let path = folder + "/tasks.sqlite" + suffix
      if FileManager.default.fileExists(atPath: path) {
        try FileManager.default.removeItem(atPath: path)
      }
    }
  }
}
