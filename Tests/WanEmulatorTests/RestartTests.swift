import Foundation
import Hummingbird
import Testing
import WanEmulator

@Suite("A restart on the same data folder and store")
struct RestartTests {
  @Test func finishedTasksUploadsAndVideosSurviveAndRunningTasksFinish() async throws {
    let png = try Data(contentsOf: URL(fileURLWithPath: Paths.media + "/image/png_750x1000.png"))
    let folder = NSTemporaryDirectory() + "emulator-restart-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let store = MemoryTaskStore()
    var first = EmulatorHarness { $0.dataDirectory = folder }
    first.store = store
    let (done, key, videoPath) = try await first.run { client, _ in
      let policy = try await UploadTests.getPolicy(client)
      let key = try #require(policy["upload_dir"] as? String) + "/png_750x1000.png"
      #expect(
        try await UploadTests.upload(client, policy: policy, key: key, file: png).status == .ok)
      let request = body([("first_frame", "oss://" + key)])
      let done = try #require(
        try JSONBody(try await client.create(request, extra: [.ossResolve: "enable"])).taskID)
      let final = try await client.waitFinal(done)
      #expect(final.status == "SUCCEEDED")
      let url = try #require(URLComponents(string: final.output?["video_url"] as? String ?? ""))
      return (done, key, url.path + "?" + (url.query ?? ""))
    }
    // A task left PENDING by the first run (a long queue time) goes on after the restart.
    var slow = EmulatorHarness {
      $0.dataDirectory = folder
      $0.queueSeconds = 60
    }
    slow.store = store
    let left = try await slow.run { client, _ in
      let created = try await client.create(
        body([("first_frame", "oss://" + key)]), extra: [.ossResolve: "enable"])
      let id = try #require(try JSONBody(created).taskID)
      #expect(try JSONBody(try await client.query(id)).status == "PENDING")
      return id
    }

    var second = EmulatorHarness { $0.dataDirectory = folder }
    second.store = store
    try await second.run { client, _ in
      let again = try JSONBody(try await client.query(done))
      #expect(again.status == "SUCCEEDED")
      #expect(again.usage?["duration"] as? Int == 5)
      let video = try await client.execute(uri: videoPath, method: .get)
      #expect(video.status == .ok)
      let job = try JSONDecoder().decode(RenderJob.self, from: Data(video.body.readableBytesView))
      #expect(job.width == 816 && job.height == 1104)

      #expect(try await client.waitFinal(left).status == "SUCCEEDED")
      let reused = try await client.create(
        body([("first_frame", "oss://" + key)]), extra: [.ossResolve: "enable"])
      let id = try #require(try JSONBody(reused).taskID)
      #expect(try await client.waitFinal(id).status == "SUCCEEDED")
    }
  }
}
