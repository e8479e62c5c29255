import Foundation
import GRDB

/// Why the SQLite store cannot be opened or used, in words: `PATH: what is wrong`.
public struct SQLiteTaskStoreError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The database file.
  public let path: String
  /// What is wrong, e.g. `is not an SQLite database (file is not a database)`.
  public let reason: String

  /// Creates an error.
  init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }

  /// `PATH: reason`.
  public var description: String { "\(path): \(reason)" }
}

/// The store of `serve --data DIR`: tasks, upload policies and uploads in an SQLite database
/// (`DIR/tasks.sqlite`, ``EmulatorFolders/database``, through GRDB, in WAL mode), so they outlive
/// the server. The video and upload files themselves stay in the folder; the database keeps their
/// names.
///
/// Times are stored as seconds since the reference date (a `Double`, the value a `Date` holds), so
/// a record reads back exactly as it was written. Opening checks the file (`PRAGMA quick_check`)
/// and refuses a damaged one, or one a newer version wrote, with an ``SQLiteTaskStoreError``.
public final class SQLiteTaskStore: TaskStore {
  /// The database's file name in the `--data` folder.
  public static let fileName = EmulatorFolders.databaseName

  /// The database file.
  public let path: String
  private let pool: DatabasePool

  /// Opens (or creates) `tasks.sqlite` in `folder`, which must exist.
  public convenience init(folder: String) throws(SQLiteTaskStoreError) {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder),
      isFolder.boolValue
    else {
      throw SQLiteTaskStoreError(path: folder, reason: "is not a folder")
    }
    try self.init(path: (folder as NSString).appendingPathComponent(Self.fileName))
  }

  /// Opens (or creates) the database at `path` and brings its tables up to date.
  public init(path: String) throws(SQLiteTaskStoreError) {
    self.path = path
    var configuration = Configuration()
    configuration.busyMode = .timeout(5)
    configuration.label = "WanEmulator.SQLiteTaskStore"
    do {
      pool = try DatabasePool(path: path, configuration: configuration)
      try pool.read { db in
        let problems = try String.fetchAll(db, sql: "PRAGMA quick_check")
        if problems != ["ok"] {
          throw SQLiteTaskStoreError(
            path: path,
            reason: "is damaged (\(problems.prefix(3).joined(separator: "; "))); move it away "
              + "to start with an empty store")
        }
      }
      let migrator = Self.migrator
      if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
        throw SQLiteTaskStoreError(
          path: path,
          reason: "was written by a newer wan-preflight (unknown schema); use that version or "
            + "another --data folder")
      }
      try migrator.migrate(pool)
    } catch let error as SQLiteTaskStoreError {
      throw error
    } catch {
      throw Self.describe(error, path: path)
    }
  }

  // MARK: Tasks

  public func insert(_ task: TaskRecord) async throws {
    try await write { db in try TaskRow(task).insert(db, onConflict: .replace) }
  }

  public func update(_ task: TaskRecord) async throws {
    try await write { db in try TaskRow(task).insert(db, onConflict: .replace) }
  }

  public func task(id: String) async throws -> TaskRecord? {
    try await read { db in try TaskRow.fetchOne(db, key: id)?.record }
  }

  public func tasks(in statuses: Set<TaskStatus>) async throws -> [TaskRecord] {
    let names = statuses.map(\.rawValue)
    return try await read { db in
      try TaskRow.filter(names.contains(Column("status")))
        .order(Column("submit_time"), Column("id"))
        .fetchAll(db).map(\.record)
    }
  }

  public func removeTasks(submittedBefore date: Date) async throws -> [TaskRecord] {
    let cutoff = date.timeIntervalSinceReferenceDate
    return try await write { db in
      let old = TaskRow.filter(Column("submit_time") < cutoff)
      let records = try old.fetchAll(db).map(\.record)
      try old.deleteAll(db)
      return records
    }
  }

  // MARK: Upload policies

  public func insert(_ policy: UploadPolicyRecord) async throws {
    try await write { db in try PolicyRow(policy).insert(db, onConflict: .replace) }
  }

  public func policy(uploadDirectory: String) async throws -> UploadPolicyRecord? {
    try await read { db in try PolicyRow.fetchOne(db, key: uploadDirectory)?.record }
  }

  public func removePolicies(expiredBefore date: Date) async throws {
    let cutoff = date.timeIntervalSinceReferenceDate
    try await write { db in
      _ = try PolicyRow.filter(Column("expires") < cutoff).deleteAll(db)
    }
  }

  // MARK: Uploads

  public func insert(_ upload: UploadRecord) async throws {
    try await write { db in try UploadRow(upload).insert(db, onConflict: .replace) }
  }

  public func upload(key: String) async throws -> UploadRecord? {
    try await read { db in try UploadRow.fetchOne(db, key: key)?.record }
  }

  public func removeUploads(storedBefore date: Date) async throws -> [UploadRecord] {
    let cutoff = date.timeIntervalSinceReferenceDate
    return try await write { db in
      let old = UploadRow.filter(Column("stored") < cutoff)
      let records = try old.fetchAll(db).map(\.record)
      try old.deleteAll(db)
      return records
    }
  }

  // MARK: Plumbing

  private func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws
    -> T
  {
    do {
      return try await pool.read(body)
    } catch let error as SQLiteTaskStoreError {
      throw error
    } catch {
      throw Self.describe(error, path: path)
    }
  }

  private func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws
    -> T
  {
    do {
      return try await pool.write(body)
    } catch let error as SQLiteTaskStoreError {
      throw error
    } catch {
      throw Self.describe(error, path: path)
    }
  }

  /// A GRDB or SQLite error in the store's words.
  private static func describe(_ error: any Error, path: String) -> SQLiteTaskStoreError {
    guard let sqlite = error as? DatabaseError else {
      return SQLiteTaskStoreError(path: path, reason: "\(error)")
    }
    let detail = sqlite.message ?? "\(sqlite.resultCode)"
    switch sqlite.resultCode.primaryResultCode {
    case .SQLITE_NOTADB:
      return SQLiteTaskStoreError(
        path: path,
        reason: "is not an SQLite database (\(detail)); move it away or choose another --data "
          + "folder")
    case .SQLITE_CORRUPT:
      return SQLiteTaskStoreError(
        path: path, reason: "is damaged (\(detail)); move it away to start with an empty store")
    case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY:
      return SQLiteTaskStoreError(path: path, reason: "cannot be opened for writing (\(detail))")
    default:
      return SQLiteTaskStoreError(path: path, reason: detail)
    }
  }

  /// The schema, one migration a version.
  private static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1: tasks, upload policies, uploads") { db in
      try db.create(table: TaskRow.databaseTableName) { t in
        t.primaryKey("id", .text)
        t.column("status", .text).notNull().indexed()
        t.column("model", .text).notNull()
        t.column("submit_time", .double).notNull().indexed()
        t.column("scheduled_time", .double)
        t.column("end_time", .double)
        t.column("orig_prompt", .text)
        t.column("job", .jsonText)
        t.column("failure_code", .text)
        t.column("failure_message", .text)
        t.column("usage", .jsonText)
        t.column("video_file", .text)
        t.column("scratch_files", .jsonText).notNull()
        t.column("finding_rule", .text)
        t.column("finding_detail", .text)
      }
      try db.create(table: PolicyRow.databaseTableName) { t in
        t.primaryKey("upload_directory", .text)
        t.column("signature", .text).notNull()
        t.column("model", .text).notNull()
        t.column("expires", .double).notNull().indexed()
      }
      try db.create(table: UploadRow.databaseTableName) { t in
        t.primaryKey("key", .text)
        t.column("file", .text).notNull()
        t.column("model", .text).notNull()
        t.column("size", .integer).notNull()
        t.column("content_type", .text)
        t.column("stored", .double).notNull().indexed()
      }
    }
    return migrator
  }
}

// MARK: - Rows

/// A `Date` as the store keeps it, and back.
extension Date {
  fileprivate var stored: Double { timeIntervalSinceReferenceDate }
  fileprivate init(stored: Double) { self.init(timeIntervalSinceReferenceDate: stored) }
}

/// A value stored as JSON text in one column.
private enum JSONColumn {
  static func encode<Value: Encodable>(_ value: Value?) throws -> String? {
    guard let value else { return nil }
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }

  static func decode<Value: Decodable>(
    _ type: Value.Type, from row: Row, column: String, table: String
  ) throws -> Value? {
    guard let text = try row.decode(String?.self, forColumn: column) else { return nil }
    do {
      return try JSONDecoder().decode(type, from: Data(text.utf8))
    } catch {
      throw RowError(table: table, column: column, reason: "is not the JSON of a \(type)")
    }
  }
}

/// A row the store cannot turn back into a record.
private struct RowError: Error, CustomStringConvertible {
  let table: String
  let column: String
  let reason: String
  var description: String { "a row of \(table): \(column) \(reason)" }
}

private struct TaskRow: FetchableRecord, PersistableRecord {
  static let databaseTableName = "task"
  let record: TaskRecord

  init(_ record: TaskRecord) { self.record = record }

  init(row: Row) throws {
    let table = Self.databaseTableName
    let statusName = try row.decode(String.self, forColumn: "status")
    guard let status = TaskStatus(rawValue: statusName) else {
      throw RowError(table: table, column: "status", reason: "is '\(statusName)'")
    }
    let code = try row.decode(String?.self, forColumn: "failure_code")
    let message = try row.decode(String?.self, forColumn: "failure_message")
    let rule = try row.decode(String?.self, forColumn: "finding_rule")
    let detail = try row.decode(String?.self, forColumn: "finding_detail")
    record = TaskRecord(
      id: try row.decode(String.self, forColumn: "id"),
      status: status,
      model: try row.decode(String.self, forColumn: "model"),
      submitTime: Date(stored: try row.decode(Double.self, forColumn: "submit_time")),
      scheduledTime: try row.decode(Double?.self, forColumn: "scheduled_time").map(
        Date.init(stored:)),
      endTime: try row.decode(Double?.self, forColumn: "end_time").map(Date.init(stored:)),
      origPrompt: try row.decode(String?.self, forColumn: "orig_prompt"),
      job: try JSONColumn.decode(RenderJob.self, from: row, column: "job", table: table),
      failure: code.map { ServiceError(code: $0, message: message ?? "") },
      usage: try JSONColumn.decode(TaskUsage.self, from: row, column: "usage", table: table),
      videoFile: try row.decode(String?.self, forColumn: "video_file"),
      scratchFiles: try JSONColumn.decode(
        [String].self, from: row, column: "scratch_files", table: table) ?? [],
      finding: rule.map { RuleFinding(rule: $0, detail: detail ?? "") })
  }

  func encode(to container: inout PersistenceContainer) throws {
    container["id"] = record.id
    container["status"] = record.status.rawValue
    container["model"] = record.model
    container["submit_time"] = record.submitTime.stored
    container["scheduled_time"] = record.scheduledTime?.stored
    container["end_time"] = record.endTime?.stored
    container["orig_prompt"] = record.origPrompt
    container["job"] = try JSONColumn.encode(record.job)
    container["failure_code"] = record.failure?.code
    container["failure_message"] = record.failure?.message
    container["usage"] = try JSONColumn.encode(record.usage)
    container["video_file"] = record.videoFile
    container["scratch_files"] = try JSONColumn.encode(record.scratchFiles)
    container["finding_rule"] = record.finding?.rule
    container["finding_detail"] = record.finding?.detail
  }
}

private struct PolicyRow: FetchableRecord, PersistableRecord {
  static let databaseTableName = "upload_policy"
  let record: UploadPolicyRecord

  init(_ record: UploadPolicyRecord) { self.record = record }

  init(row: Row) throws {
    record = UploadPolicyRecord(
      uploadDirectory: try row.decode(String.self, forColumn: "upload_directory"),
      signature: try row.decode(String.self, forColumn: "signature"),
      model: try row.decode(String.self, forColumn: "model"),
      expires: Date(stored: try row.decode(Double.self, forColumn: "expires")))
  }

  func encode(to container: inout PersistenceContainer) {
    container["upload_directory"] = record.uploadDirectory
    container["signature"] = record.signature
    container["model"] = record.model
    container["expires"] = record.expires.stored
  }
}

private struct UploadRow: FetchableRecord, PersistableRecord {
  static let databaseTableName = "upload"
  let record: UploadRecord

  init(_ record: UploadRecord) { self.record = record }

  init(row: Row) throws {
    record = UploadRecord(
      key: try row.decode(String.self, forColumn: "key"),
      file: try row.decode(String.self, forColumn: "file"),
      model: try row.decode(String.self, forColumn: "model"),
      size: try row.decode(Int.self, forColumn: "size"),
      contentType: try row.decode(String?.self, forColumn: "content_type"),
      stored: Date(stored: try row.decode(Double.self, forColumn: "stored")))
  }

  func encode(to container: inout PersistenceContainer) {
    container["key"] = record.key
    container["file"] = record.file
    container["model"] = record.model
    container["size"] = record.size
    container["content_type"] = record.contentType
    container["stored"] = record.stored.stored
  }
}
