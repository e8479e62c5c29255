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

  @Test("an image swapped for a FIFO after the check fails the build instead of hanging it")
  func imageSwappedForFIFO() async throws {
    // Guard: BodyValue opens the image with RequestFile.openForReading (O_NONBLOCK, fstat). A
    // plain open(2) of a FIFO waits for a writer for ever, so on the old code this test hangs.
    try await S.withTemporaryFolder { folder in
      let image = folder.appendingPathComponent("frame.png").path
      try FileManager.default.copyItem(atPath: S.media + "/image/png_640x480.png", toPath: image)
      let body = S.body(media: [("first_frame", "frame.png")])
      let request = JobRequest(
        document: try JSONSourceParser.parse(Array(body.utf8)), file: "r.json",
        baseDirectory: folder.path)
      let report = await Preflight().check(request)
      #expect(report.errors == 0)
      try FileManager.default.removeItem(atPath: image)
      #expect(mkfifo(image, 0o644) == 0)
      let built = try RequestBuilder().build(request, report: report)
      #expect(throws: BuildError.self) { try built.bytes() }
    }
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
    #expect(
      document.node(at: "/parameters")?.members?.map(\.key) == [
        "resolution", "duration", "prompt_extend", "watermark",
      ])
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

  /// A value each field of the schema can take in a request that is otherwise valid.
  static let samples: [String: String] = [
    "body.model": #""wan2.7-i2v""#, "input.prompt": #""a cat""#,
    "input.negative_prompt": #""blur""#, "input.extend_prompt": "true",
    "input.function": #""video-synthesis""#, "input.img_url": #""https://x/a.png""#,
    "input.audio_url": #""https://x/a.wav""#, "input.first_frame_url": #""https://x/a.png""#,
    "input.last_frame_url": #""https://x/b.png""#, "input.template": #""flying""#,
    "parameters.resolution": #""720P""#, "parameters.duration": "5",
    "parameters.prompt_extend": "false", "parameters.watermark": "true", "parameters.seed": "42",
    "parameters.size": #""1280*720""#, "parameters.ratio": #""16:9""#,
    "parameters.shot_type": #""multi""#, "parameters.audio": "true",
  ]

  /// A body holding `field` (with its sample value) besides a first frame, or an unknown key of
  /// `object` when `field` is `nil`.
  static func body(with field: RequestField?, unknownIn object: RequestField.Object? = nil)
    -> String
  {
    var input: [String] = []
    var item = [#""type": "first_frame""#, #""url": "image/png_640x480.png""#]
    var parameters = [#""duration": 5"#]
    var top: [String] = []
    if let field, let sample = samples["\(field.object.rawValue).\(field.key)"] {
      let member = "\"\(field.key)\": \(sample)"
      switch field.object {
      case .body: break  // model, input and parameters are always there
      case .input: input.append(member)
      case .mediaItem: break  // type and url are always there
      case .parameters:
        parameters.removeAll { $0.hasPrefix("\"\(field.key)\"") }
        parameters.append(member)
      }
    }
    switch object {
    case .body?: top.append(#""stray": 1"#)
    case .input?: input.append(#""stray": 1"#)
    case .mediaItem?: item.append(#""stray": 1"#)
    case .parameters?: parameters.append(#""stray": 1"#)
    case nil: break
    }
    let media = "[{" + item.joined(separator: ", ") + "}]"
    return "{" + (top.map { $0 + ", " }.joined())
      + #""model": "wan2.7-i2v", "input": {"# + (input.map { $0 + ", " }.joined())
      + #""media": "# + media + #"}, "parameters": {"# + parameters.joined(separator: ", ") + "}}"
  }

  /// The field's JSON Pointer in ``body(with:unknownIn:)`` and its name in messages.
  static func location(_ object: RequestField.Object, _ key: String) -> (String, String) {
    switch object {
    case .body: ("/\(key)", key)
    case .input: ("/input/\(key)", "input.\(key)")
    case .mediaItem: ("/input/media/0/\(key)", "input.media.0.\(key)")
    case .parameters: ("/parameters/\(key)", "parameters.\(key)")
    }
  }

  @Test(
    "check and build agree on every field of the schema: accepted ones written, others left out",
    arguments: ModelSpec.wan27i2v.requestFields)
  func schemaAgreement(field: RequestField) async throws {
    if ![.body, .mediaItem].contains(field.object) && field.key != "media" {
      #expect(Self.samples["\(field.object.rawValue).\(field.key)"] != nil, "no sample value")
    }
    let request = JobRequest(
      document: try JSONSourceParser.parse(Array(Self.body(with: field).utf8)), file: "r.json",
      baseDirectory: S.media)
    let report = await Preflight().check(request)
    let (pointer, name) = Self.location(field.object, field.key)
    let rules = report.diagnostics.filter { $0.pointer == pointer }.map(\.rule)
    let built = try RequestBuilder().build(request, report: report)
    let document = try JSONSourceParser.parse(try built.bytes())
    switch field.treatment {
    case .documented, .tolerated:
      #expect(rules == [], "\(report.diagnostics.map(\.message))")
      #expect(document.node(at: pointer) != nil)
      #expect(built.droppedFields == [])
    case .legacy(let advice):
      #expect(rules == [.legacyFields])
      #expect(
        report.diagnostics.first { $0.pointer == pointer }?.hint.map {
          $0 == advice || $0.hasPrefix("replace it with \"media\"")
        } == true)
      #expect(document.node(at: pointer) == nil)
      #expect(built.droppedFields == [name])
    }
  }

  @Test(
    "an unknown key is unknown_field to check and left out by build, in every object",
    arguments: RequestField.Object.allCases)
  func unknownKeyAgreement(object: RequestField.Object) async throws {
    let request = JobRequest(
      document: try JSONSourceParser.parse(Array(Self.body(with: nil, unknownIn: object).utf8)),
      file: "r.json", baseDirectory: S.media)
    let report = await Preflight().check(request)
    let (pointer, name) = Self.location(object, "stray")
    #expect(report.diagnostics.filter { $0.pointer == pointer }.map(\.rule) == [.unknownField])
    let built = try RequestBuilder().build(request, report: report)
    #expect(try JSONSourceParser.parse(try built.bytes()).node(at: pointer) == nil)
    #expect(built.droppedFields == [name])
  }

  @Test("tolerated SDK fields are written after the documented ones, as the user wrote them")
  func toleratedFieldsOrder() async throws {
    let body = S.body(
      input: #""function": "video-synthesis", "extend_prompt": true, "prompt": "x""#)
    let request = JobRequest(
      document: try JSONSourceParser.parse(Array(body.utf8)), file: "r.json", baseDirectory: S.media
    )
    let report = await Preflight().check(request)
    #expect(report.diagnostics.isEmpty)
    let built = try RequestBuilder(options: BuildOptions(imageMode: .url, urlPrefix: "https://c/"))
      .build(request, report: report)
    let input = try JSONSourceParser.parse(try built.bytes()).node(at: "/input")
    #expect(
      input?.members?.map(\.key) == ["prompt", "media", "extend_prompt", "function"])
    #expect(input?["function"]?.stringValue == "video-synthesis")
  }

  @Test("a repeated key: build writes the value that wins, the last, which the plan priced")
  func repeatedKeyWinner() async throws {
    let body = S.body(parameters: #""duration": 5, "resolution": "720P", "duration": 10"#)
    let request = JobRequest(
      document: try JSONSourceParser.parse(Array(body.utf8)), file: "r.json", baseDirectory: S.media
    )
    let report = await Preflight().check(request)
    #expect(report.plan?.output.seconds == 10 && report.plan?.price?.amount == 6.0)
    let built = try RequestBuilder().build(request, report: report)
    let parameters = try JSONSourceParser.parse(try built.bytes()).node(at: "/parameters")
    #expect(parameters?.members?.map(\.key) == ["resolution", "duration"])
    #expect(parameters?["duration"]?.value == .number("10"))
  }

  @Test("a --map no media item used is reported; the used one is not")
  func unusedMappings() async throws {
    let request = JobRequest.load(
      file: Self.requests.appendingPathComponent("first_frame_audio.json").path)
    let report = await Preflight().check(request)
    let built = try RequestBuilder(
      options: BuildOptions(mappings: [
        "fixtures/media/audio/wav_3s_8000_mono.wav": "https://cdn.example.com/v.wav",
        "other.wav": "https://cdn.example.com/o.wav",
      ]), workingDirectory: S.root.path
    ).build(request, report: report)
    #expect(built.unusedMappings == ["other.wav"])
  }

  @Test("90,000 stray keys are left out once each, in linear time")
  func manyStrayKeys() async throws {
    // Guard: RequestBuilder.LeftOut keeps a set beside the list; a list search per key (found in
    // review, not measured) makes it quadratic, and check passes such a request (warnings only).
    let stray = (0..<90_000).map { #""k\#($0)": 1, "# }.joined()
    let body = "{" + stray + String(S.body().dropFirst())
    let request = JobRequest(
      document: try JSONSourceParser.parse(Array(body.utf8)), file: "r.json", baseDirectory: S.media
    )
    let report = await Preflight().check(request)
    #expect(report.errors == 0)
    let built = try RequestBuilder().build(request, report: report)
    #expect(built.droppedFields.count == 90_000)
    #expect(built.droppedFields.first == "k0" && built.droppedFields.last == "k89999")
  }
}
