import Foundation
import MediaProbe
import Testing

@testable import MediaTransform
@testable import WanPreflight

@Suite("preview: the last frame fitted while the check still decodes the first")
struct EarlyLastFrameTests {
  static let requests = CheckSupport.root.appendingPathComponent("fixtures/requests").path

  /// A JSON request whose media are in `fixtures/media`.
  static func request(_ json: String) throws -> JobRequest {
    let document = try JSONSourceParser.parse(Array(json.utf8))
    return JobRequest(document: document, file: nil, baseDirectory: CheckSupport.media)
  }

  /// The fields of `request` as the preview reads them (the parsed request's).
  static func fields(_ request: JobRequest) throws -> RequestFields {
    guard case .parsed(let document) = request.content else {
      throw CocoaError(.fileReadCorruptFile)
    }
    var reader = RequestReader(spec: Preflight().spec, baseDirectory: request.baseDirectory)
    reader.read(document.root)
    return reader.fields
  }

  @Test("started for a first-and-last-frame job: the plan's size, what fitting afterwards draws")
  func fittedEarly() async throws {
    let request = JobRequest.load(file: Self.requests + "/first_last_frame.json")
    let cache = ProbeCache().keepingPictures()
    let early = try #require(
      await EarlyLastFrame.start(try Self.fields(request), preflight: Preflight(), cache: cache)?
        .value)
    // The first frame's header (640x480 JPEG) predicts what the check's plan says at 1080P.
    let plan = try #require(await Preflight().check(request).plan)
    #expect(plan.output.width == 1648 && plan.output.height == 1232)
    #expect((early.fit.fitted.width, early.fit.fitted.height) == (1648, 1232))
    #expect(early.path.hasSuffix("media/image/webp_640x480.webp"))
    #expect(await cache.probeCount == 1)
    let fresh = try FrameRenderer().fitted(early.path, width: 1648, height: 1232)
    // Compared as one truth value: a failing comparison of megabytes is slow to describe.
    let same = early.fit == fresh
    #expect(same)
    try await CheckSupport.withTemporaryFolder { folder in
      let result = await Preflight().preview(
        request, options: PreviewOptions(outputDirectory: folder.path))
      let written = try Data(contentsOf: folder.appendingPathComponent("last_frame.png"))
      let writtenAsFitted = [UInt8](written) == fresh.fitted.png
      #expect(writtenAsFitted)
      #expect(result.rendering.lastFrameCrop == fresh.crop)
    }
  }

  @Test("not started without a local first and last frame")
  func notStarted() throws {
    let cache = ProbeCache().keepingPictures()
    let firstOnly = JobRequest.load(file: Self.requests + "/first_frame.json")
    #expect(
      EarlyLastFrame.start(try Self.fields(firstOnly), preflight: Preflight(), cache: cache) == nil)
    let continuation = JobRequest.load(file: Self.requests + "/first_clip_last_frame.json")
    #expect(
      EarlyLastFrame.start(try Self.fields(continuation), preflight: Preflight(), cache: cache)
        == nil)
    let remote = try Self.request(
      """
      {"model": "wan2.7-i2v", "input": {"media": [
        {"type": "first_frame", "url": "https://example.com/a.jpg"},
        {"type": "last_frame", "url": "image/webp_640x480.webp"}]},
       "parameters": {"resolution": "720P", "duration": 5}}
      """)
    #expect(
      EarlyLastFrame.start(try Self.fields(remote), preflight: Preflight(), cache: cache) == nil)
  }

  @Test("an early fit is drawn only at the preview's size: at another, the frame is fitted again")
  func validatedBySize() async throws {
    let request = JobRequest.load(file: Self.requests + "/first_last_frame.json")
    let report = await Preflight().check(request)
    let preview = Preview(report: report, prompt: nil)
    let last = try #require(report.media.first { $0.type == .lastFrame }?.path)
    let expected = PreviewRenderer().render(preview).files.map(\.png)
    // At another size: not used.
    var wrong = PreviewRenderer()
    wrong.earlyFits[last] = try FrameRenderer().fitted(last, width: 64, height: 48)
    let ignored = wrong.render(preview).files.map(\.png) == expected
    #expect(ignored)
    // At the preview's size (drawn with a green outline, to tell it apart): used as it is.
    var green = FrameRenderer()
    green.outlineColor = ImageTransform.Color(red: 0, green: 255, blue: 0)
    let early = try green.fitted(last, width: 1648, height: 1232)
    var right = PreviewRenderer()
    right.earlyFits[last] = early
    let files = right.render(preview).files
    let crop = try #require(files.first { $0.picture.kind == .lastFrameCrop })
    let fitted = try #require(files.first { $0.picture.kind == .lastFrame })
    #expect((fitted.picture.width, fitted.picture.height) == (1648, 1232))
    let used = crop.png == early.outlined.png && fitted.png == early.fitted.png
    #expect(used)
    let distinct = early.outlined.png != expected.last
    #expect(distinct)
  }
}
