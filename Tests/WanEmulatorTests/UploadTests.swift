import Foundation
import Hummingbird
import Testing
import WanEmulator

@Suite("Upload policy, upload host, oss:// media")
struct UploadTests {
  /// A multipart form as the SDK posts it (fields in its order, no part Content-Type).
  static func form(policy: [String: Any], key: String, file: Data, filename: String) -> (
    ByteBuffer, String
  ) {
    let boundary = "0123456789abcdef0123456789abcdef"
    var bytes = Data()
    func field(_ name: String, _ value: String) {
      bytes.append(
        Data(
          "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
            .utf8))
    }
    field("OSSAccessKeyId", policy["oss_access_key_id"] as? String ?? "")
    field("Signature", policy["signature"] as? String ?? "")
    field("policy", policy["policy"] as? String ?? "")
    field("key", key)
    field("x-oss-object-acl", policy["x_oss_object_acl"] as? String ?? "")
    field("x-oss-forbid-overwrite", policy["x_oss_forbid_overwrite"] as? String ?? "")
    field("success_action_status", "200")
    field("x-oss-content-type", "image/png")
    bytes.append(
      Data(
        "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\n\r\n"
          .utf8))
    bytes.append(file)
    bytes.append(Data("\r\n--\(boundary)--\r\n".utf8))
    return (ByteBuffer(bytes: bytes), "multipart/form-data; boundary=\(boundary)")
  }

  static func getPolicy(_ client: LoopbackClient) async throws -> [String: Any] {
    let response = try await client.execute(
      uri: "/api/v1/uploads?action=getPolicy&model=wan2.7-i2v", method: .get,
      headers: [.authorization: "Bearer sk-test"])
    #expect(response.status == .ok)
    return try #require(try JSONBody(response)["data"] as? [String: Any])
  }

  static func upload(
    _ client: LoopbackClient, policy: [String: Any], key: String, file: Data
  ) async throws -> LoopbackResponse {
    let (body, contentType) = form(policy: policy, key: key, file: file, filename: "a.png")
    return try await client.execute(
      uri: "/oss-upload", method: .post, headers: [.contentType: contentType], body: body)
  }

  @Test func policyNamesThisServerAndStrings() async throws {
    try await EmulatorHarness().run { client, _ in
      let policy = try await Self.getPolicy(client)
      for field in [
        "upload_host", "upload_dir", "oss_access_key_id", "signature", "policy",
        "x_oss_object_acl", "x_oss_forbid_overwrite",
      ] {
        #expect(policy[field] is String, "\(field)")
      }
      #expect((policy["upload_host"] as? String)?.hasSuffix("/oss-upload") == true)
      #expect((policy["upload_host"] as? String)?.hasPrefix("http://") == true)
      let other = try await Self.getPolicy(client)
      #expect(other["upload_dir"] as? String != policy["upload_dir"] as? String)
      let unauthorized = try await client.execute(
        uri: "/api/v1/uploads?action=getPolicy&model=wan2.7-i2v", method: .get)
      #expect(unauthorized.status == .unauthorized)
    }
  }

  @Test func uploadedFileIsUsedAsOSSMedia() async throws {
    let png = try Data(contentsOf: URL(fileURLWithPath: Paths.media + "/image/png_750x1000.png"))
    try await EmulatorHarness().run { client, _ in
      let policy = try await Self.getPolicy(client)
      let key = (policy["upload_dir"] as! String) + "/png_750x1000.png"
      let stored = try await Self.upload(client, policy: policy, key: key, file: png)
      #expect(stored.status == .ok)

      let request = body([("first_frame", "oss://" + key)])
      let withoutHeader = try await client.create(request)
      #expect(withoutHeader.status == .badRequest)
      #expect(try JSONBody(withoutHeader).code == "InvalidParameter")

      let created = try await client.create(request, extra: [.ossResolve: "enable"])
      #expect(created.status == .ok)
      let final = try await client.waitFinal(try #require(try JSONBody(created).taskID))
      #expect(final.status == "SUCCEEDED")
      let url = try #require(URLComponents(string: final.output?["video_url"] as? String ?? ""))
      let video = try await client.execute(uri: url.path + "?" + (url.query ?? ""), method: .get)
      let job = try JSONDecoder().decode(RenderJob.self, from: Data(video.body.readableBytesView))
      #expect(job.width == 816)
      #expect(job.height == 1104)

      let missing = try await client.create(
        body([("first_frame", "oss://" + (policy["upload_dir"] as! String) + "/none.png")]),
        extra: [.ossResolve: "enable"])
      let failed = try await client.waitFinal(try #require(try JSONBody(missing).taskID))
      #expect(failed.status == "FAILED")
      #expect(failed.output?["code"] as? String == "InvalidParameter.DataInspection")
    }
  }

  @Test func uploadsAreRefusedWithoutPolicyOrWithTraversal() async throws {
    let png = Data([1, 2, 3])
    try await EmulatorHarness().run { client, _ in
      let policy = try await Self.getPolicy(client)
      let directory = policy["upload_dir"] as! String
      for key in [
        directory + "/../../../etc/passwd", "../x.png", "/abs/x.png", directory + "/./x.png",
        directory + "//x.png", directory + "/a\\b.png", directory + "/..",
      ] {
        let response = try await Self.upload(client, policy: policy, key: key, file: png)
        #expect(response.status == .badRequest, "\(key)")
      }
      var forged = policy
      forged["signature"] = "forged"
      let wrongSignature = try await Self.upload(
        client, policy: forged, key: directory + "/x.png", file: png)
      #expect(wrongSignature.status == .forbidden)
      let unknownDirectory = try await Self.upload(
        client, policy: policy, key: "dashscope-instant/other/x.png", file: png)
      #expect(unknownDirectory.status == .forbidden)
      let notMultipart = try await client.execute(
        uri: "/oss-upload", method: .post, headers: [.contentType: "application/json"],
        body: ByteBuffer(string: "{}"))
      #expect(notMultipart.status == .badRequest)
    }
  }
}
