import Foundation
import Hummingbird
import Testing
import WanEmulator

@Suite("Task creation, query and lifecycle")
struct TaskEndpointTests {
  let png: String

  init() throws {
    png = try dataURI(Paths.media + "/image/png_750x1000.png", mime: "image/png")
  }

  @Test func createdTaskSucceedsWithThePlannedVideoAndUsage() async throws {
    let png = self.png
    try await EmulatorHarness().run { client, _ in
      let created = try await client.create(body([("first_frame", png)]))
      #expect(created.status == .ok)
      #expect(created.headers[.contentType] == "application/json")
      let body = try JSONBody(created)
      #expect(body.status == "PENDING")
      let id = try #require(body.taskID)
      #expect(body["request_id"] is String)

      let final = try await client.waitFinal(id)
      #expect(final.status == "SUCCEEDED")
      let output = try #require(final.output)
      #expect(output["orig_prompt"] as? String == "a cat")
      for field in ["submit_time", "scheduled_time", "end_time"] {
        let time = try #require(output[field] as? String)
        #expect(time.wholeMatch(of: /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}/) != nil, "\(field)")
      }
      let usage = try #require(final.usage)
      #expect(usage["duration"] as? Int == 5)
      #expect(usage["input_video_duration"] as? Int == 0)
      #expect(usage["output_video_duration"] as? Int == 5)
      #expect(usage["video_count"] as? Int == 1)
      #expect(usage["SR"] as? Int == 720)

      let url = try #require(output["video_url"] as? String)
      let parts = try #require(URLComponents(string: url))
      #expect(parts.path == "/videos/\(id).mp4")
      let expires = try #require(parts.queryItems?.first { $0.name == "Expires" }?.value)
      #expect(Int(expires)! > Int(Date().timeIntervalSince1970) + 86_000)
      let video = try await client.execute(uri: parts.path + "?" + parts.query!, method: .get)
      #expect(video.status == .ok)
      #expect(video.headers[.contentType] == "video/mp4")
      let job = try JSONDecoder().decode(RenderJob.self, from: Data(video.body.readableBytesView))
      // 750×1000 at 720P: the guide's own example.
      #expect(job.width == 816)
      #expect(job.height == 1104)
      #expect(job.seconds == 5)
      #expect(job.resolution == "720P")
      #expect(job.firstFrame?.hasSuffix(".png") == true)
      let expired = try await client.execute(uri: parts.path + "?Expires=1", method: .get)
      #expect(expired.status == .forbidden)
    }
  }

  @Test func tasksPassThroughPendingAndRunning() async throws {
    let png = self.png
    let clock = ManualClock()
    try await EmulatorHarness {
      $0.clock = clock
      $0.queueSeconds = 2
      $0.runSeconds = 2
    }.run { client, _ in
      let id = try #require(
        try JSONBody(try await client.create(body([("first_frame", png)]))).taskID)
      #expect(try await client.settled(id) == "PENDING")
      clock.advance(by: 1.9)
      #expect(try await client.settled(id) == "PENDING")
      clock.advance(by: 0.1)
      #expect(try await client.waitWhile(id, "PENDING") == "RUNNING")
      #expect(try JSONBody(try await client.query(id)).output?["scheduled_time"] is String)
      #expect(try await client.settled(id) == "RUNNING")
      clock.advance(by: 2)
      #expect(try await client.waitWhile(id, "RUNNING") == "SUCCEEDED")
    }
  }

  @Test func unknownTaskIsUnknownAndBadIdsAreRefused() async throws {
    try await EmulatorHarness().run { client, _ in
      let unknown = try await client.query("0f0f0f0f-0000-4000-8000-000000000000")
      #expect(unknown.status == .ok)
      let body = try JSONBody(unknown)
      #expect(body.status == "UNKNOWN")
      #expect(body.taskID == "0f0f0f0f-0000-4000-8000-000000000000")
      for id in ["..%2F..%2Fetc%2Fpasswd", "a.b", "%2E%2E"] {
        let refused = try await client.query(id)
        #expect(refused.status == .badRequest, "\(id)")
      }
      let traversal = try await client.execute(
        uri: "/videos/..%2Fx.mp4?Expires=9999999999", method: .get)
      #expect(traversal.status == .notFound)
    }
  }

  @Test func expiredTaskIsUnknown() async throws {
    let png = self.png
    let clock = ManualClock()
    try await EmulatorHarness { $0.clock = clock }.run { client, _ in
      let id = try #require(
        try JSONBody(try await client.create(body([("first_frame", png)]))).taskID)
      #expect(try await client.waitFinal(id, seconds: 60).status == "SUCCEEDED")
      // The default time to live: a day.
      clock.advance(by: 24 * 3600)
      #expect(try await client.settled(id) == "SUCCEEDED")
      clock.advance(by: 1)
      #expect(try JSONBody(try await client.query(id)).status == "UNKNOWN")
    }
  }

  @Test func cancelWorksOnlyWhilePending() async throws {
    let png = self.png
    try await EmulatorHarness { $0.queueSeconds = 30 }.run { client, _ in
      let id = try #require(
        try JSONBody(try await client.create(body([("first_frame", png)]))).taskID)
      let headers: HTTPFields = [.authorization: "Bearer k"]
      let canceled = try await client.execute(
        uri: "/api/v1/tasks/\(id)/cancel", method: .post, headers: headers)
      #expect(canceled.status == .ok)
      #expect(try JSONBody(try await client.query(id)).status == "CANCELED")
      let again = try await client.execute(
        uri: "/api/v1/tasks/\(id)/cancel", method: .post, headers: headers)
      #expect(again.status == .badRequest)
      #expect(try JSONBody(again).code == "UnsupportedOperation")
      let unknown = try await client.execute(
        uri: "/api/v1/tasks/0f0f0f0f-0000-4000-8000-000000000000/cancel", method: .post,
        headers: headers)
      #expect(unknown.status == .badRequest)
      #expect(try JSONBody(unknown).code == "InvalidParameter")
    }
  }

  @Test func atMostConcurrencyTasksRun() async throws {
    let png = self.png
    let clock = ManualClock()
    try await EmulatorHarness {
      $0.clock = clock
      $0.concurrency = 2
      $0.runSeconds = 6
    }.run { client, _ in
      var ids: [String] = []
      for _ in 0..<4 {
        ids.append(
          try #require(try JSONBody(try await client.create(body([("first_frame", png)]))).taskID))
      }
      #expect(try await client.waitWhile(ids[1], "PENDING") == "RUNNING")
      var statuses: [String] = []
      for id in ids { statuses.append(try await client.settled(id)) }
      #expect(statuses == ["RUNNING", "RUNNING", "PENDING", "PENDING"])
      clock.advance(by: 6)
      #expect(try await client.waitWhile(ids[3], "PENDING") == "RUNNING")
      statuses = []
      for id in ids { statuses.append(try await client.settled(id)) }
      #expect(statuses == ["SUCCEEDED", "SUCCEEDED", "RUNNING", "RUNNING"])
      clock.advance(by: 6)
      for id in ids { #expect(try await client.waitFinal(id, seconds: 60).status == "SUCCEEDED") }
    }
  }

  @Test func submissionsPastTheRateGet429() async throws {
    let png = self.png
    let clock = ManualClock()
    try await EmulatorHarness {
      $0.clock = clock
      $0.rate = 3
    }.run { client, _ in
      let answers = try await withThrowingTaskGroup(of: (Int, JSONBody).self) { group in
        for _ in 0..<5 {
          group.addTask {
            let response = try await client.create(body([("first_frame", png)]))
            return (response.status.code, try JSONBody(response))
          }
        }
        return try await group.reduce(into: []) { $0.append($1) }.sorted { $0.0 < $1.0 }
      }
      #expect(answers.map(\.0) == [200, 200, 200, 429, 429])
      let limited = try #require(answers.last?.1)
      #expect(limited.code == "Throttling.RateQuota")
      #expect(limited.message == "Requests rate limit exceeded, please try again later.")
      clock.advance(by: 0.9)
      #expect(try await client.create(body([("first_frame", png)])).status == .tooManyRequests)
      clock.advance(by: 0.2)
      #expect(try await client.create(body([("first_frame", png)])).status == .ok)
    }
  }
}
