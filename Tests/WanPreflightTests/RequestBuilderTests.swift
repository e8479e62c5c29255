import Foundation
import Testing

@testable import WanPreflight

/// Building request bodies: golden bodies, exact base64, mappings, and what is refused.
@Suite("Request builder")
struct RequestBuilderTests {
  typealias S = CheckSupport
  static let golden = S.root.appendingPathComponent("Tests/WanPreflightTests/Golden")
  static let requests = S.root.appendingPathComponent("fixtures/requests")

  static func build(_ file: String, options: BuildOptions) async throws -> BuiltRequest {
    let request = JobRequest.load(file: requests.appendingPathComponent(file).path)
    let report = await Preflight().check(request)
    #expect(report.errors == 0)
    return try RequestBuilder(options: options, workingDirectory: S.root.path).build(
      request, report: report)
  }

  @Test(
    "golden bodies for the six tasks, byte for byte",
    arguments: [
      ("first_frame.json", "first_frame.json"),
      ("first_frame_audio.json", "first_frame_audio.json"),
      ("first_last_frame.json", "first_last_frame.json"),
      ("first_last_frame_audio.yaml", "first_last_frame_audio.json"),
      ("first_clip.json", "first_clip.json"),
      ("first_clip_last_frame.json", "first_clip_last_frame.json"),
    ])
  func goldenBodies(request: String, golden: String) async throws {
    let built = try await Self.build(
      request, options: BuildOptions(imageMode: .url, urlPrefix: "https://cdn.example.com/assets/"))
    let expected = try Data(contentsOf: Self.golden.appendingPathComponent(golden))
    #expect(Data(try built.bytes()) == expected)
    #expect(!built.usesOSS && built.droppedFields.isEmpty)
  }

  @Test("a base64 image body is golden too, and its data: URI decodes to the file's bytes")
  func base64() async throws {
    let built = try await Self.build("first_frame.json", options: BuildOptions())
    let bytes = try built.bytes()
    #expect(
      Data(bytes)
        == (try Data(contentsOf: Self.golden.appendingPathComponent("first_frame_base64.json"))))
    let document = try JSONSourceParser.parse(bytes)
    let url = try #require(document.node(at: "/input/media/0/url")?.stringValue)
    let prefix = "data:image/png;base64,"
    #expect(url.hasPrefix(prefix))
    let decoded = Data(base64Encoded: String(url.dropFirst(prefix.count)))
    #expect(decoded == FileManager.default.contents(atPath: S.media + "/image/png_750x1000.png"))
    #expect(!String(decoding: bytes, as: UTF8.self).contains("\\/"))
  }

  @Test("the MIME type comes from the content: a JPEG named .png is image/jpeg")
  func mimeFromContent() async throws {
    let body = S.body(media: [("first_frame", "image/jpeg_named_png.png")])
    let request = JobRequest(
      document: try JSONSourceParser.parse(Array(body.utf8)), file: "r.json", baseDirectory: S.media
    )
    let report = await Preflight().check(request)
    #expect(report.diagnostics.map(\.rule) == [.extensionMismatch])
    let built = try RequestBuilder().build(request, report: report)
    let url = try JSONSourceParser.parse(try built.bytes()).node(at: "/input/media/0/url")
    #expect(url?.stringValue?.hasPrefix("data:image/jpeg;base64,/9j/") == true)
  }

  @Test("local audio and clips need a URL; --map gives one")
  func audioNeedsURL() async throws {
    let request = JobRequest.load(
      file: Self.requests.appendingPathComponent("first_frame_audio.json").path)
    let report = await Preflight().check(request)
    #expect(throws: BuildError.self) {
      try RequestBuilder(workingDirectory: S.root.path).build(request, report: report)
    }
    let mapped = try RequestBuilder(
      options: BuildOptions(mappings: [
        "fixtures/media/audio/wav_3s_8000_mono.wav": "https://cdn.example.com/v.wav"
      ]), workingDirectory: S.root.path
    ).build(request, report: report)
    let document = try JSONSourceParser.parse(try mapped.bytes())
    #expect(document.node(at: "/input/media/1/url")?.stringValue == "https://cdn.example.com/v.wav")
    #expect(
      document.node(at: "/input/media/0/url")?.stringValue?.hasPrefix("data:image/jpeg;base64,")
        == true)
  }

  @Test("a local clip needs a URL too; --url-prefix resolves it against the request's folder")
  func clipNeedsURL() async throws {
    let request = JobRequest.load(
      file: Self.requests.appendingPathComponent("first_clip.json").path)
    let report = await Preflight().check(request)
    #expect {
      try RequestBuilder(workingDirectory: S.root.path).build(request, report: report)
    } throws: { error in
      (error as? BuildError)?.message.hasPrefix("first_clip ") == true
    }
    let built = try RequestBuilder(
      options: BuildOptions(urlPrefix: "https://cdn.example.com/jobs/requests"),
      workingDirectory: S.root.path
    ).build(request, report: report)
    let document = try JSONSourceParser.parse(try built.bytes())
    #expect(
      document.node(at: "/input/media/0/url")?.stringValue
        == "https://cdn.example.com/jobs/media/video/mp4_h264_aac_3s_320x240.mp4")
  }

  @Test("remote, oss:// and data: values pass through; oss:// is flagged for its header")
  func passThrough() async throws {
    let data = S.dataURI("image/png_640x480.png", mime: "image/png")
    let body = S.body(
      media: [("first_frame", data), ("driving_audio", "oss://bucket/v.wav")],
      parameters: #""duration": 3"#)
    let request = JobRequest(
      document: try JSONSourceParser.parse(Array(body.utf8)), file: "r.json", baseDirectory: S.media
    )
    let report = await Preflight().check(request)
    let built = try RequestBuilder().build(request, report: report)
    let document = try JSONSourceParser.parse(try built.bytes())
    #expect(document.node(at: "/input/media/0/url")?.stringValue == data)
    #expect(document.node(at: "/input/media/1/url")?.stringValue == "oss://bucket/v.wav")
    #expect(built.usesOSS)
    // Defaults are not invented: no resolution in, none out.
    #expect(document.node(at: "/parameters/resolution") == nil)
  }

  @Test("--explicit-defaults writes the service's defaults; unknown fields are left out")
  func defaultsAndUnknownFields() async throws {
    let body = S.body(parameters: #""fps": 30"#, input: #""audio_prompt": "x""#)
    let request = JobRequest(
      document: try JSONSourceParser.parse(Array(body.utf8)), file: "r.json", baseDirectory: S.media
    )
    let report = await Preflight().check(request)
    let built = try RequestBuilder(options: BuildOptions(explicitDefaults: true)).build(
      request, report: report)
    let document = try JSONSourceParser.parse(try built.bytes())
    #expect(document.node(at: "/parameters/resolution")?.stringValue == "1080P")
    #expect(document.node(at: "/parameters/duration")?.value == .number("5"))
    #expect(document.node(at: "/parameters/prompt_extend")?.value == .bool(true))
    #expect(document.node(at: "/parameters/watermark")?.value == .bool(false))
    #expect(document.node(at: "/parameters/seed") == nil)
    #expect(built.droppedFields == ["input.audio_prompt", "parameters.fps"])
  }

  @Test("keys keep the documented order and strings are escaped as JSON requires")
  func orderAndEscaping() throws {
    var sink = MemorySink()
    try BodyWriter.write(
      .object([("b", .string("a\"b\\c\n/é\u{1}")), ("a", .number("5"))]), to: &sink)
    #expect(
      String(decoding: sink.bytes, as: UTF8.self)
        == "{\n  \"b\": \"a\\\"b\\\\c\\n/é\\u0001\",\n  \"a\": 5\n}\n")
  }

  @Test("the curl script has the headers, reads the key at run time, and is valid bash")
  func curlScript() throws {
    let script = CurlScript(
      endpoint: "https://dashscope.aliyuncs.com/", bodyFile: "body.json", ossResolve: true,
      summary: "test"
    ).render()
    #expect(script.contains("-H 'X-DashScope-Async: enable'"))
    #expect(script.contains("-H 'X-DashScope-OssResourceResolve: enable'"))
    #expect(script.contains(#"-H "Authorization: Bearer $DASHSCOPE_API_KEY""#))
    #expect(script.contains("base='https://dashscope.aliyuncs.com'"))
    #expect(script.contains("/api/v1/tasks/$task_id"))
    let plain = CurlScript(
      endpoint: "https://x", bodyFile: "b.json", ossResolve: false, summary: "")
    #expect(!plain.render().contains("OssResourceResolve"))
  }
}
