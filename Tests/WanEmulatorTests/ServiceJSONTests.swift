import Foundation
import Testing

@testable import WanEmulator

@Suite("The service's JSON bodies, written by hand")
struct ServiceJSONTests {
  @Test("members keep their order, integers and strings are compact")
  func orderAndShape() {
    let body: ServiceJSON = .object([
      "request_id": .string("r"), "output": .object(["task_status": .string("PENDING")]),
      "usage": .object(["duration": .int(15), "SR": .int(720), "delta": .int(-3)]),
    ])
    #expect(
      String(decoding: body.data, as: UTF8.self)
        == #"{"request_id":"r","output":{"task_status":"PENDING"},"usage":{"duration":15,"SR":720,"delta":-3}}"#
    )
  }

  @Test("quotes, backslashes and control characters are escaped; slashes and non-ASCII are not")
  func escaping() throws {
    let text = "a\"b\\c\nd\re\tf\u{08}g\u{0C}h\u{01}i\u{1F}/猫🎬"
    let written = String(decoding: ServiceJSON.string(text).data, as: UTF8.self)
    #expect(written == #""a\"b\\c\nd\re\tf\bg\fh\u0001i\u001f/猫🎬""#)
    // What JSONSerialization reads back is the very string.
    let decoded =
      try JSONSerialization.jsonObject(
        with: Data(("[" + written + "]").utf8)) as? [String]
    #expect(decoded == [text])
  }

  @Test("a failed task's body: code and message inside output, no usage")
  func failedTask() throws {
    var task = TaskRecord(
      id: "t1", model: "wan2.7-i2v", submitTime: Date(timeIntervalSince1970: 0), origPrompt: "p")
    task.status = .failed
    task.failure = ServiceError(code: "InvalidParameter", message: "bad \"url\"")
    let data = Data(ServiceBody.task(task, videoURL: nil, requestID: "r").data)
    let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let output = try #require(object["output"] as? [String: Any])
    #expect(object.keys.sorted() == ["output", "request_id"])
    #expect(output["task_status"] as? String == "FAILED")
    #expect(output["code"] as? String == "InvalidParameter")
    #expect(output["message"] as? String == "bad \"url\"")
    #expect(output["orig_prompt"] as? String == "p")
    #expect(output["submit_time"] as? String == "1970-01-01 08:00:00.000")
  }
}
