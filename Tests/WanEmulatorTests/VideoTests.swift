import Foundation
import Hummingbird
import MediaProbe
import Testing
import WanEmulator

@Suite("Rendered placeholder videos at video_url")
struct VideoTests {
  @Test func succeededTaskServesTheRenderedPlaceholder() async throws {
    let png = try dataURI(Paths.media + "/image/png_750x1000.png", mime: "image/png")
    let wav = try Data(
      contentsOf: URL(fileURLWithPath: Paths.media + "/audio/wav_3s_8000_mono.wav"))
    var harness = EmulatorHarness()
    harness.renderer = PlaceholderRenderer()
    try await harness.run { client, _ in
      let policy = try await UploadTests.getPolicy(client)
      let key = try #require(policy["upload_dir"] as? String) + "/wav_3s_8000_mono.wav"
      #expect(
        try await UploadTests.upload(client, policy: policy, key: key, file: wav).status == .ok)
      let created = try await client.create(
        body(
          [("first_frame", png), ("driving_audio", "oss://" + key)],
          parameters: #""resolution": "720P", "duration": 2, "watermark": true"#),
        extra: [.ossResolve: "enable"])
      #expect(created.status == .ok)
      let id = try #require(try JSONBody(created).taskID)
      let final = try await client.waitFinal(id, seconds: 60)
      #expect(final.status == "SUCCEEDED")
      #expect(final.usage?["duration"] as? Int == 2)
      let url = try #require(URLComponents(string: final.output?["video_url"] as? String ?? ""))
      #expect(url.path == "/videos/\(id).mp4")
      let video = try await client.execute(uri: url.path + "?" + (url.query ?? ""), method: .get)
      #expect(video.status == .ok)
      #expect(video.headers[.contentType] == "video/mp4")

      let file = NSTemporaryDirectory() + "emulator-video-\(id).mp4"
      defer { try? FileManager.default.removeItem(atPath: file) }
      try Data(video.body.readableBytesView).write(to: URL(fileURLWithPath: file))
      let info = try await Prober().probe(file)
      // 750×1000 at 720P: the guide's own example; 2 s at 30 fps.
      #expect(info.video?.codec == "h264")
      #expect(info.video?.width == 816)
      #expect(info.video?.height == 1104)
      #expect(info.video?.averageFrameRate == 30)
      #expect(info.video?.frameCount == 60)
      #expect(info.audio?.codec == "aac")
      #expect(abs((info.presentedSeconds ?? 0) - 2) < 0.05)
    }
  }

  @Test func videoURLIsRefusedAfterTheTimeToLive() async throws {
    let png = try dataURI(Paths.media + "/image/png_640x480.png", mime: "image/png")
    let clock = ManualClock()
    try await EmulatorHarness {
      $0.clock = clock
      $0.timeToLive = 4
    }.run { client, _ in
      let id = try #require(
        try JSONBody(try await client.create(body([("first_frame", png)]))).taskID)
      let final = try await client.waitFinal(id, seconds: 60)
      #expect(final.status == "SUCCEEDED")
      let url = try #require(URLComponents(string: final.output?["video_url"] as? String ?? ""))
      let expires = try #require(url.queryItems?.first { $0.name == "Expires" }?.value)
      #expect(Int(expires) == Int(clock.now().timeIntervalSince1970 + 4))
      let fresh = try await client.execute(uri: url.path + "?" + (url.query ?? ""), method: .get)
      #expect(fresh.status == .ok)
      clock.advance(by: 4.5)
      let late = try await client.execute(uri: url.path + "?" + (url.query ?? ""), method: .get)
      #expect(late.status == .forbidden)
      #expect(try JSONBody(late).code == "AccessDenied")
      let forged = try await client.execute(
        uri: url.path + "?Expires=\(Int(clock.now().timeIntervalSince1970) + 3600)", method: .get)
      #expect(forged.status == .notFound)
    }
  }
}
