import Foundation
import Testing

@testable import WanPreflight

private typealias S = CheckSupport

/// Requests built to cost a checker time or memory. Each must end in a few diagnostics; each
/// test names the guard it proves, and fails if that guard is removed.
@Suite("Request bombs")
struct RequestBombTests {
  /// A request body with one local first frame and `extra` spliced into `input`.
  static func body(input extra: String = "", top: String = "") -> String {
    let frame = #"{"type": "first_frame", "url": "image/png_640x480.png"}"#
    return #"{"model": "wan2.7-i2v", \#(top)"input": {\#(extra)"media": [\#(frame)]}, "#
      + #""parameters": {"resolution": "720P", "duration": 5}}"#
  }

  @Test("a 100 MB request file is refused after reading 8 MiB of it")
  func hundredMegabyteFile() async throws {
    // Guard: JobRequest.load reads at most ParseLimits.maxBytes + 1 bytes and refuses a file
    // that has more. (The end-to-end test measures the memory of a real 100 MB request; this
    // one extends a request's first bytes to 100 MB without writing them.)
    try await S.withTemporaryFolder { folder in
      let path = folder.appendingPathComponent("big.json").path
      _ = FileManager.default.createFile(
        atPath: path, contents: Data(#"{"model": "wan2.7-i2v", "input": {"prompt": ""#.utf8))
      let handle = try #require(FileHandle(forWritingAtPath: path))
      try handle.truncate(atOffset: 100 << 20)
      try handle.close()

      let request = JobRequest.load(file: path)
      #expect(request.document == nil)
      if case .unparsable(let error) = request.content {
        #expect(error.message == "is larger than 8388608 bytes; a request body is a few KB")
      } else {
        Issue.record("a request file over the size limit is not unparsable: \(request.content)")
      }
      let report = await Preflight().check(request)
      #expect(report.diagnostics.map(\.rule) == [.requestJSON])
      #expect(report.plan == nil)
    }
  }

  @Test("10,000 media items cost one error, and only the first four are read")
  func tenThousandMediaItems() async throws {
    // Guard: MediaReader.read reads at most one item per type. Without it every item
    // would be checked (and every local one probed): 9,999 media_type_repeated errors.
    let items = (0..<10_000).map { #"{"type": "first_frame", "url": "image/missing-\#($0).png"}"# }
    let json =
      #"{"model": "wan2.7-i2v", "input": {"media": [\#(items.joined(separator: ","))]}, "#
      + #""parameters": {"resolution": "720P", "duration": 5}}"#
    let report = await S.check(json)
    let combination = report.diagnostics.filter { $0.rule == .mediaCombination }
    #expect(combination.map(\.pointer) == ["/input/media"])
    #expect(
      combination.first?.message
        == "input.media has 10000 items; the API takes at most 3, each type once "
        + "(only the first 4 were checked)")
    #expect(report.media.count == 4)
    #expect(report.diagnostics.filter { $0.rule == .mediaTypeRepeated }.count == 3)
    #expect(report.diagnostics.filter { $0.rule == .fileMissing }.count == 1)
    #expect(report.diagnostics.count == 5)
  }

  @Test("four items are all read: the cap never hides a legal-looking request")
  func fourItemsAreRead() async {
    let report = await S.check(
      S.body(
        media: [
          ("first_frame", "image/png_640x480.png"), ("last_frame", "image/png_640x480.png"),
          ("driving_audio", "audio/wav_3s_8000_mono.wav"),
          ("first_clip", "video/mov_h264_2s_320x240.mov"),
        ], parameters: #""resolution": "720P", "duration": 3"#))
    #expect(report.media.count == 4)
    #expect(!report.diagnostics.contains { $0.message.contains("only the first") })
    #expect(report.diagnostics.filter { $0.rule == .mediaCombination }.count == 1)
  }

  @Test("nesting 10,000 deep is a syntax error at the 65th level, in JSON and in YAML")
  func deepNesting() throws {
    // Guard: ParseLimits.maxDepth, checked by the iterative JSON parser and by the YAML
    // pre-scan before Yams builds a tree. Without it the nesting would parse and recurse.
    let json = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
    #expect(
      throws: DocumentParseError(
        "nesting deeper than 64 levels", at: .init(line: 1, column: 65, offset: 64))
    ) {
      try JSONSourceParser.parse(Array(json.utf8))
    }
    let yaml = "input: " + json + "\n"
    #expect {
      try YAMLSourceParser.parse(yaml)
    } throws: { error in
      (error as? DocumentParseError)?.message == "nesting deeper than 64 levels"
    }
  }

  @Test("a 10 MB prompt: refused as a file, one prompt_length error from code")
  func tenMegabytePrompt() async throws {
    // Guards: the file size limit (a 10 MB file is never parsed) and PromptRules, which
    // count scalars once and quote only the first 5,000 in the diagnostic.
    let prompt = String(repeating: "猫", count: 10 << 20 / 3)
    let json = Self.body(input: #""prompt": "\#(prompt)", "#)
    try await S.withTemporaryFolder { folder in
      let path = folder.appendingPathComponent("prompt.json")
      try Data(json.utf8).write(to: path)
      let report = await Preflight().check(JobRequest.load(file: path.path))
      #expect(report.diagnostics.map(\.rule) == [.requestJSON])
    }
    let document = try JSONSourceParser.parse(
      Array(json.utf8), limits: ParseLimits(maxBytes: 16 << 20))
    let report = await Preflight().check(
      JobRequest(document: document, file: nil, baseDirectory: S.media))
    let length = report.diagnostics.filter { $0.rule == .promptLength }
    #expect(length.count == 1)
    #expect(length.first?.message.contains("3495253") == true)
    #expect(report.diagnostics.count == 1)
  }

  @Test("90,000 unknown or repeated keys cost 11 diagnostics each, not 90,000")
  func manyKeys() async {
    // Guard: RequestKeyCheck.keysListedPerObject. Without it each of 90,000 diagnostics would
    // also be located in the document, which took minutes.
    let unknown = (0..<90_000).map { #""k\#($0)": 1, "# }.joined()
    let report = await S.check(Self.body(top: unknown))
    let fields = report.diagnostics.filter { $0.rule == .unknownField }
    #expect(fields.count == 11)
    #expect(fields.last?.pointer == "")
    #expect(
      fields.last?.message
        == "the request has 89990 more fields the API does not have than the 10 listed")

    let repeated = String(repeating: #""prompt": "a", "#, count: 90_000)
    let twice = await S.check(Self.body(input: repeated))
    let schema = twice.diagnostics.filter { $0.rule == .requestSchema }
    #expect(schema.count == 11)
    #expect(schema.last?.message == "input repeats 89989 more keys than the 10 listed")
  }
}
