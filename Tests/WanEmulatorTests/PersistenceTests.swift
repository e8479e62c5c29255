import Foundation
import Testing
import WanEmulator

/// `--data DIR`: the emulator keeps its state in `DIR/tasks.sqlite` and its files under DIR, so a
/// new emulator on the same folder answers for the old one's tasks, uploads and videos.
@Suite("State under --data outlives a restart")
struct PersistenceTests {
  @Test func aSucceededTaskAndItsVideoSurviveARestart() async throws {
    let folder = try TemporaryFolder.make()
    let png = try dataURI(Paths.media + "/image/png_750x1000.png", mime: "image/png")
    let wav = try Data(
      contentsOf: URL(fileURLWithPath: Paths.media + "/audio/wav_3s_8000_mono.wav"))
    let first = EmulatorHarness { $0.dataDirectory = folder }
    let (id, key, videoURL) = try await first.run { client, emulator in
      #expect(emulator.folders.database == folder + "/tasks.sqlite")
      let policy = try await UploadTests.getPolicy(client)
      let key = try #require(policy["upload_dir"] as? String) + "/wav_3s_8000_mono.wav"
      #expect(
        try await UploadTests.upload(client, policy: policy, key: key, file: wav).status == .ok)
      let created = try await client.create(
        body([("first_frame", png), ("driving_audio", "oss://" + key)]),
        extra: [.ossResolve: "enable"])
      #expect(created.status == .ok)
      let id = try #require(try JSONBody(created).taskID)
      let final = try await client.waitFinal(id)
      #expect(final.status == "SUCCEEDED")
      return (id, key, try #require(final.output?["video_url"] as? String))
    }
    #expect(FileManager.default.fileExists(atPath: folder + "/tasks.sqlite"))
    #expect(FileManager.default.fileExists(atPath: folder + "/videos/\(id).mp4"))

    let second = EmulatorHarness { $0.dataDirectory = folder }
    try await second.run { client, _ in
      let again = try JSONBody(try await client.query(id))
      #expect(again.status == "SUCCEEDED")
      #expect(again.taskID == id)
      #expect(again.usage?["duration"] as? Int == 5)
      // The same video at the same path and expiry; the host is the one this client addressed
      // (the second emulator listens on another free port).
      let url = try #require(URLComponents(string: videoURL))
      let served = try #require(URLComponents(string: again.output?["video_url"] as? String ?? ""))
      #expect(served.path == url.path)
      #expect(served.query == url.query)
      #expect(served.port == client.port)
      #expect(url.path == "/videos/\(id).mp4")
      let video = try await client.execute(uri: url.path + "?" + (url.query ?? ""), method: .get)
      #expect(video.status == .ok)
      let bytes = Data(video.body.readableBytesView)
      let onDisk = try Data(contentsOf: URL(fileURLWithPath: folder + "/videos/\(id).mp4"))
      #expect(bytes == onDisk)
      // The job the renderer got (750×1000 at 720P: the guide's own example) names the upload's
      // file under DIR/uploads.
      let job = try JSONDecoder().decode(RenderJob.self, from: bytes)
      #expect(job.width == 816)
      #expect(job.height == 1104)
      #expect(job.seconds == 5)
      #expect(job.audio?.hasPrefix(folder + "/uploads/") == true)

      // The upload is still known: a task naming it is accepted and succeeds.
      let created = try await client.create(
        body([("first_frame", png), ("driving_audio", "oss://" + key)]),
        extra: [.ossResolve: "enable"])
      #expect(created.status == .ok)
      let next = try #require(try JSONBody(created).taskID)
      #expect(try await client.waitFinal(next).status == "SUCCEEDED")
    }
  }

  @Test func withoutDataNoDatabaseIsWritten() async throws {
    try await EmulatorHarness().run { _, emulator in
      #expect(!FileManager.default.fileExists(atPath: emulator.folders.database))
    }
  }

  @Test func aDataFolderWithAGarbageDatabaseIsAClearError() async throws {
    let folder = try TemporaryFolder.make()
    let path = folder + "/tasks.sqlite"
    try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: path))
    let error = await #expect(throws: SQLiteTaskStoreError.self) {
      _ = try await Emulator(
        configuration: EmulatorHarness { $0.dataDirectory = folder }.configuration,
        renderer: JobRecordingRenderer())
    }
    #expect(error?.path == path)
    #expect(error?.reason.hasPrefix("is not an SQLite database") == true)
  }

  @Test func aDatabaseThatCannotBeOpenedIsAClearError() async throws {
    let folder = try TemporaryFolder.make()
    let path = folder + "/tasks.sqlite"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    let error = await #expect(throws: SQLiteTaskStoreError.self) {
      _ = try await Emulator(
        configuration: EmulatorHarness { $0.dataDirectory = folder }.configuration,
        renderer: JobRecordingRenderer())
    }
    #expect(error?.path == path)
    #expect(
      error?.reason.hasPrefix("cannot be opened for writing") == true,
      "\(String(describing: error))")
  }
}
