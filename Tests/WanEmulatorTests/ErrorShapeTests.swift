import Foundation
import Hummingbird
import Testing
import WanEmulator

@Suite("Error shapes at creation and failed tasks")
struct ErrorShapeTests {
  let png: String

  init() throws {
    png = try dataURI(Paths.media + "/image/png_640x480.png", mime: "image/png")
  }

  @Test func keysAreRequiredAndCheckedAgainstApiKey() async throws {
    let png = self.png
    try await EmulatorHarness { $0.apiKey = "sk-right" }.run { client, _ in
      for (key, message) in [
        (nil, "No API-key provided."), ("", "No API-key provided."),
        ("sk-wrong", "Invalid API-key provided."),
      ] {
        let response = try await client.create(body([("first_frame", png)]), key: key)
        #expect(response.status == .unauthorized)
        #expect(response.headers[.contentType] == "application/json")
        let body = try JSONBody(response)
        #expect(body.code == "InvalidApiKey")
        #expect(body.message == message)
        #expect(body["request_id"] is String)
      }
      #expect(try await client.create(body([("first_frame", png)]), key: "sk-right").status == .ok)
      #expect(try await client.query("x", key: "").status == .unauthorized)
    }
  }

  @Test func synchronousCallsAreRefused() async throws {
    let png = self.png
    try await EmulatorHarness().run { client, _ in
      let response = try await client.create(body([("first_frame", png)]), async: false)
      #expect(response.status == .forbidden)
      #expect(
        try JSONBody(response).message == "current user api does not support synchronous calls")
    }
  }

  @Test func requestShapeErrorsAre400WithTheServiceCode() async throws {
    let png = self.png
    try await EmulatorHarness().run { client, _ in
      let duration = try await client.create(
        body([("first_frame", png)], parameters: #""duration": 20"#))
      #expect(duration.status == .badRequest)
      #expect(try JSONBody(duration).code == "InvalidParameter")
      #expect(try JSONBody(duration).message?.contains("duration") == true)

      let noMedia = try await client.create(#"{"model": "wan2.7-i2v", "input": {"prompt": "x"}}"#)
      #expect(noMedia.status == .badRequest)
      #expect(try JSONBody(noMedia).message == "Field required: input.media")

      let noModel = try await client.create(
        #"{"input": {"media": [{"type": "first_frame", "url": "\#(png)"}]}}"#)
      #expect(try JSONBody(noModel).message == "Field required: model")

      for malformed in ["{", "{\"model\": }", "", "[1,]"] {
        let response = try await client.create(malformed)
        #expect(response.status == .badRequest, "\(malformed)")
        #expect(try JSONBody(response).code == "InvalidParameter")
        #expect(
          try JSONBody(response).message
            == "Required body invalid, please check the request body format.")
      }
      let localPath = try await client.create(body([("first_frame", "/etc/passwd")]))
      #expect(localPath.status == .badRequest)
      #expect(try JSONBody(localPath).message == "url error, please check url!")
    }
  }

  @Test func mediaErrorsFailTheTaskWithCodeInOutput() async throws {
    let small = try dataURI(Paths.media + "/image/png_200x900.png", mime: "image/png")
    try await EmulatorHarness().run { client, _ in
      let created = try await client.create(body([("first_frame", small)]))
      #expect(created.status == .ok)
      let final = try await client.waitFinal(try #require(try JSONBody(created).taskID))
      #expect(final.status == "FAILED")
      #expect(final.output?["code"] as? String == "InvalidParameter")
      #expect(
        final.output?["message"] as? String == "the size of input image is too small or too large.")
      #expect(
        (final.output?["wan_preflight"] as? [String: Any])?["rule"] as? String == "image_size")
      #expect(final.usage == nil)
      #expect(final.output?["video_url"] == nil)
    }
  }

  @Test func hostileMediaFailsWithTheProbeReason() async throws {
    let bomb = try dataURI(Paths.hostile + "/png_ztxt_bomb.png", mime: "image/png")
    let random = try dataURI(Paths.hostile + "/random.png", mime: "image/png")
    try await EmulatorHarness().run { client, _ in
      for (uri, reason) in [(bomb, "would inflate beyond 16777216 bytes"), (random, "")] {
        let created = try await client.create(body([("first_frame", uri)]))
        #expect(created.status == .ok)
        let final = try await client.waitFinal(try #require(try JSONBody(created).taskID))
        #expect(final.status == "FAILED")
        #expect(final.output?["code"] as? String == "InvalidParameter")
        let finding = try #require(final.output?["wan_preflight"] as? [String: Any])
        #expect(finding["rule"] as? String == "media_unreadable", "\(finding)")
        if !reason.isEmpty {
          #expect((finding["detail"] as? String)?.contains(reason) == true, "\(finding)")
        }
      }
    }
  }

  @Test func unmappedRemoteURLFailsAsADownloadFailure() async throws {
    try await EmulatorHarness().run { client, _ in
      let created = try await client.create(
        body([("first_frame", "https://cdn.example.com/cat.png")]))
      #expect(created.status == .ok)
      let final = try await client.waitFinal(try #require(try JSONBody(created).taskID))
      #expect(final.status == "FAILED")
      #expect(final.output?["code"] as? String == "InvalidParameter.DataInspection")
    }
  }

  @Test func mappedRemoteURLIsJudgedFromTheLocalFolder() async throws {
    try await EmulatorHarness { $0.urlMappings = ["https://cdn.example.com/": Paths.media] }.run {
      client, _ in
      let created = try await client.create(
        body([("first_frame", "https://cdn.example.com/image/png_750x1000.png?sig=1")]))
      let final = try await client.waitFinal(try #require(try JSONBody(created).taskID))
      #expect(final.status == "SUCCEEDED")
    }
  }

  @Test func legacyBodyIsAcceptedAndFailsLater() async throws {
    try await EmulatorHarness().run { client, _ in
      let created = try await client.create(
        #"{"model": "wan2.7-i2v", "input": {"prompt": "x", "img_url": "https://x/a.png"}}"#)
      #expect(created.status == .ok)
      let final = try await client.waitFinal(try #require(try JSONBody(created).taskID))
      #expect(final.status == "FAILED")
      #expect(final.output?["message"] as? String == "Field required: input.media")
    }
  }

  @Test func forcedFailuresByHeaderAndFlag() async throws {
    let png = self.png
    try await EmulatorHarness().run { client, _ in
      for (value, status, code) in [
        ("429", 429, "Throttling.RateQuota"), ("500", 500, "InternalError"),
        ("503", 503, "ServiceUnavailable"),
      ] {
        let response = try await client.create(
          body([("first_frame", png)]), extra: [.forcedFailure: value])
        #expect(response.status.code == status)
        #expect(try JSONBody(response).code == code)
      }
      let queried = try await client.query("abc", extra: [.forcedFailure: "503"])
      #expect(queried.status.code == 503)
      let coded = try await client.create(
        body([("first_frame", png)]), extra: [.forcedFailure: "DataInspectionFailed"])
      let final = try await client.waitFinal(try #require(try JSONBody(coded).taskID))
      #expect(final.status == "FAILED")
      #expect(final.output?["code"] as? String == "DataInspectionFailed")
      #expect(
        final.output?["message"] as? String
          == "Input or output data may contain inappropriate content.")
      let bad = try await client.create(body([("first_frame", png)]), extra: [.forcedFailure: "??"])
      #expect(bad.status == .badRequest)
    }
    try await EmulatorHarness { $0.forcedFailure = ForcedFailure("image_size") }.run { client, _ in
      let created = try await client.create(body([("first_frame", png)]))
      let final = try await client.waitFinal(try #require(try JSONBody(created).taskID))
      #expect(final.output?["code"] as? String == "InvalidParameter")
      #expect(
        final.output?["message"] as? String == "the size of input image is too small or too large.")
    }
  }
}
