import Foundation
import MediaProbe
import Testing

@testable import MediaTransform
@testable import WanPreflight

/// A strict reading of the preview page: the HTML5 doctype first, every element closed in order
/// (void elements excepted), every attribute value quoted, no script; and the files it names.
enum PageCheck {
  static let void: Set<String> = ["meta", "img", "br", "hr", "link", "input", "source"]

  /// What is wrong with `html`, if anything.
  static func problems(_ html: String) -> [String] {
    var problems: [String] = []
    if !html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">") { problems.append("doctype") }
    var open: [String] = []
    var rest = Substring(html.dropFirst("<!DOCTYPE html>".count))
    while let start = rest.firstIndex(of: "<") {
      guard let end = rest[start...].firstIndex(of: ">") else {
        problems.append("unterminated tag")
        break
      }
      let tag = rest[rest.index(after: start)..<end]
      rest = rest[rest.index(after: end)...]
      if tag.hasPrefix("/") {
        let name = String(tag.dropFirst())
        if open.last == name {
          open.removeLast()
        } else {
          problems.append("</\(name)> closes \(open.last ?? "nothing")")
        }
        continue
      }
      let name = String(tag.prefix { $0.isLetter || $0.isNumber }).lowercased()
      guard !name.isEmpty else {
        problems.append("bad tag <\(tag)>")
        continue
      }
      if name == "script" { problems.append("script element") }
      problems += attributeProblems(tag.dropFirst(name.count), in: name)
      if !void.contains(name) { open.append(name) }
    }
    if !open.isEmpty { problems.append("unclosed: \(open)") }
    return problems
  }

  /// What is wrong with an element's attributes: each is a lowercase name, alone or with a
  /// double-quoted value.
  static func attributeProblems(_ text: Substring, in element: String) -> [String] {
    var rest = text
    while true {
      rest = rest.drop { $0 == " " || $0 == "\n" }
      guard !rest.isEmpty else { return [] }
      let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" }
      guard !name.isEmpty else { return ["bad attribute in <\(element)>: \(rest)"] }
      rest = rest.dropFirst(name.count)
      guard rest.first == "=" else { continue }
      rest = rest.dropFirst()
      guard rest.first == "\"", let close = rest.dropFirst().firstIndex(of: "\"") else {
        return ["unquoted \(name) in <\(element)>"]
      }
      rest = rest[rest.index(after: close)...]
    }
  }

  /// Every `src` and `href` of `html` that is not a `data:` URI.
  static func references(_ html: String) -> [String] {
    html.matches(of: #/(?:src|href)="([^"]*)"/#).map { String($0.output.1) }
      .filter { !$0.hasPrefix("data:") }
  }
}

@Suite("preview: pictures at the output size, the page, refusals, escaping")
struct PreviewTests {
  static let requests = CheckSupport.root.appendingPathComponent("fixtures/requests").path

  /// Previews `request` into a new folder and runs `body` with the result and the folder.
  static func preview<T>(
    _ request: JobRequest, inline: Bool = false,
    _ body: (PreviewReport, URL) throws -> T
  ) async throws -> T {
    try await CheckSupport.withTemporaryFolder { folder in
      var options = PreviewOptions(outputDirectory: folder.path)
      options.inline = inline
      let result = await Preflight().preview(request, options: options)
      return try body(result, folder)
    }
  }

  /// A JSON request in `fixtures/media`.
  static func request(_ json: String) throws -> JobRequest {
    let document = try JSONSourceParser.parse(Array(json.utf8))
    return JobRequest(document: document, file: nil, baseDirectory: CheckSupport.media)
  }

  /// The probed size of `name` in `folder`.
  static func size(_ name: String, in folder: URL) throws -> (Int, Int)? {
    let info = try Prober().probe(folder.appendingPathComponent(name).path)
    guard let width = info.video?.displayWidth, let height = info.video?.displayHeight else {
      return nil
    }
    return (width, height)
  }

  /// The page written in `folder`, checked strictly, its references existing.
  static func page(in folder: URL) throws -> String {
    let html = try String(
      contentsOf: folder.appendingPathComponent("index.html"), encoding: .utf8)
    #expect(PageCheck.problems(html) == [])
    for reference in PageCheck.references(html) {
      #expect(
        FileManager.default.fileExists(atPath: folder.appendingPathComponent(reference).path),
        "\(reference)")
    }
    return html
  }

  @Test("first and last frame with audio: every PNG at its size, the crop, shots, waveform")
  func firstLastAudio() async throws {
    let request = JobRequest.load(file: Self.requests + "/first_last_frame_audio.yaml")
    try await Self.preview(request) { result, folder in
      #expect(result.report.ok)
      let plan = try #require(result.report.plan)
      let (width, height) = (try #require(plan.output.width), try #require(plan.output.height))
      #expect(
        result.written.map { URL(fileURLWithPath: $0).lastPathComponent } == [
          "first_frame.png", "last_frame.png", "last_frame_crop.png", "index.html",
        ])
      #expect(try Self.size("first_frame.png", in: folder)! == (width, height))
      #expect(try Self.size("last_frame.png", in: folder)! == (width, height))
      #expect(try Self.size("last_frame_crop.png", in: folder)! == (640, 480))
      #expect(
        result.rendering.lastFrameCrop
          == PixelBox.centredCrop(width: 640, height: 480, ratioWidth: width, ratioHeight: height))
      #expect(result.rendering.waveform?.peaks.count == 400)
      #expect(result.preview.shots.map(\.pastEnd) == [false, false])
      let html = try Self.page(in: folder)
      #expect(html.contains("<img src=\"first_frame.png\" width=\"\(width)\" height=\"\(height)\""))
      #expect(html.contains("<svg class=\"waveform\""))
      #expect(html.contains("prefers-color-scheme:dark"))
      #expect(html.components(separatedBy: "class=\"shot\"").count - 1 == 2)
    }
  }

  @Test("a continuation: the clip's first and last frames at the output size, clip vs new")
  func continuation() async throws {
    let request = JobRequest.load(file: Self.requests + "/first_clip_last_frame.json")
    try await Self.preview(request, inline: true) { result, folder in
      let plan = try #require(result.report.plan)
      let size = (try #require(plan.output.width), try #require(plan.output.height))
      #expect(try Self.size("clip_first_frame.png", in: folder)! == size)
      #expect(try Self.size("clip_last_frame.png", in: folder)! == size)
      #expect(try Self.size("last_frame.png", in: folder)! == size)
      let html = try Self.page(in: folder)
      #expect(PageCheck.references(html).isEmpty)
      #expect(html.components(separatedBy: "src=\"data:image/png;base64,").count - 1 == 4)
      #expect(html.contains("<rect class=\"clip\""))
      #expect(html.contains("<rect class=\"new\""))
      #expect(html.contains("video 6 s: clip 2 s, new 4 s"))
    }
  }

  @Test("EXIF orientation 6: red top-left at the output size; the alternate reading unturned")
  func orientation() async throws {
    let json = CheckSupport.body(media: [("first_frame", "image/jpeg_exif_orientation6.jpg")])
    try await Self.preview(try Self.request(json)) { result, folder in
      let plan = try #require(result.report.plan)
      let (width, height) = (try #require(plan.output.width), try #require(plan.output.height))
      #expect(height > width)
      let alternate = try #require(plan.alternateOutput)
      #expect(try Self.size("first_frame.png", in: folder)! == (width, height))
      #expect(
        try Self.size("alternate_first_frame.png", in: folder)!
          == (alternate.width, alternate.height))
      let pixels = try Self.pixels(folder.appendingPathComponent("first_frame.png").path)
      #expect(Self.near(pixels.pixel(x: 4, y: 4), [254, 0, 0]))
      #expect(Self.near(pixels.pixel(x: 4, y: height - 5), [0, 255, 255]))
      let stored = try Self.pixels(folder.appendingPathComponent("alternate_first_frame.png").path)
      #expect(!Self.near(stored.pixel(x: 4, y: 4), [254, 0, 0]))
      _ = try Self.page(in: folder)
    }
  }

  @Test("an 8000x1000 first frame renders at the predicted size, within the 720P budget")
  func wideFrame() async throws {
    try await CheckSupport.withTemporaryFolder { media in
      let wide = media.appendingPathComponent("wide.png").path
      _ = try ImageTransformer().transform(
        CheckSupport.media + "/image/png_640x480.png",
        ImageTransform(output: .png).scale(toWidth: 8000, height: 1000), to: wide)
      let json = CheckSupport.body(media: [("first_frame", wide)])
      let document = try JSONSourceParser.parse(Array(json.utf8))
      let request = JobRequest(document: document, file: nil, baseDirectory: media.path)
      try await Self.preview(request) { result, folder in
        let plan = try #require(result.report.plan)
        let size = (try #require(plan.output.width), try #require(plan.output.height))
        #expect(size.0 * size.1 <= 1280 * 720)
        #expect(size.0 > 8 * size.1 - 200)
        #expect(try Self.size("first_frame.png", in: folder)! == size)
      }
    }
  }

  @Test("audio shorter than the duration: the silent part marked; longer: the cut part")
  func audioSpan() async throws {
    let short = CheckSupport.body(
      media: [
        ("first_frame", "image/png_640x480.png"), ("driving_audio", "audio/wav_3s_8000_mono.wav"),
      ])
    try await Self.preview(try Self.request(short)) { result, folder in
      #expect(result.preview.audioSeconds == 3)
      #expect(result.preview.durationSeconds == 5)
      #expect(result.rendering.waveform?.sampleCount == 24000)
      let html = try Self.page(in: folder)
      #expect(html.contains("audio 3 s: 2 s silent"))
      #expect(html.components(separatedBy: "<rect class=\"silent\"").count - 1 == 1)
      #expect(!html.contains("<rect class=\"cut\""))
    }
    let long = CheckSupport.body(
      media: [
        ("first_frame", "image/png_640x480.png"), ("driving_audio", "audio/wav_3s_8000_mono.wav"),
      ],
      parameters: #""resolution": "720P", "duration": 2"#)
    try await Self.preview(try Self.request(long)) { _, folder in
      let html = try Self.page(in: folder)
      #expect(html.contains("audio 3 s: 1 s cut"))
      #expect(html.components(separatedBy: "<rect class=\"cut\"").count - 1 == 1)
    }
  }

  @Test("a <script> prompt shows as text; a shot past the end is red")
  func escaping() async throws {
    let prompt = #"<script>alert(\"x\")</script> [0-3秒] a & b [4-9秒] c"#
    let json = CheckSupport.body(input: #""prompt": "\#(prompt)""#)
    try await Self.preview(try Self.request(json)) { result, folder in
      #expect(result.preview.shots.map(\.pastEnd) == [false, true])
      let html = try Self.page(in: folder)
      #expect(!html.lowercased().contains("<script"))
      #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; [0-3秒] a &amp; b"))
      #expect(html.components(separatedBy: "<rect class=\"past\"").count - 1 == 1)
      #expect(html.components(separatedBy: "<rect class=\"shot\"").count - 1 == 1)
    }
  }

  @Test("hostile last frame and audio: no picture for them, the probe's code, the rest drawn")
  func hostileMedia() async throws {
    let hostile = CheckSupport.root.appendingPathComponent("fixtures/hostile/files").path
    let table = try String(
      contentsOfFile: CheckSupport.root.appendingPathComponent("fixtures/hostile/expected.tsv")
        .path, encoding: .utf8)
    let rows = table.split(separator: "\n").filter { !$0.hasPrefix("#") }
      .map { $0.split(separator: "\t").map(String.init) }.filter { $0.count >= 2 }
    #expect(rows.count > 20)
    for row in rows {
      let json = CheckSupport.body(media: [
        ("first_frame", "image/png_640x480.png"), ("last_frame", hostile + "/" + row[0]),
        ("driving_audio", hostile + "/" + row[0]),
      ])
      try await Self.preview(try Self.request(json)) { result, folder in
        #expect(!result.report.ok, "\(row[0])")
        let names = result.written.map { URL(fileURLWithPath: $0).lastPathComponent }
        #expect(names == ["first_frame.png", "index.html"], "\(row[0])")
        let skipped = result.preview.skipped + result.rendering.failures
        #expect(
          skipped.map(\.pointer) == ["/input/media/1", "/input/media/2"] || skipped.count == 2)
        #expect(skipped.first?.code == row[1], "\(row[0])")
        let html = try Self.page(in: folder)
        #expect(html.contains(HTMLText.escape(skipped.first?.reason ?? "-")))
      }
    }
  }

  @Test("a preview never writes over an input: the clashing picture is refused, the rest written")
  func neverOverInput() async throws {
    try await CheckSupport.withTemporaryFolder { folder in
      let input = folder.appendingPathComponent("first_frame.png")
      try FileManager.default.copyItem(
        atPath: CheckSupport.media + "/image/png_640x480.png", toPath: input.path)
      let before = try Data(contentsOf: input)
      let json = CheckSupport.body(media: [("first_frame", "first_frame.png")])
      let document = try JSONSourceParser.parse(Array(json.utf8))
      let request = JobRequest(document: document, file: nil, baseDirectory: folder.path)
      var options = PreviewOptions(outputDirectory: folder.path)
      options.inline = true
      let result = await Preflight().preview(request, options: options)
      #expect(result.failures.map(\.code) == ["destination_is_source"])
      #expect(result.written == [folder.appendingPathComponent("index.html").path])
      #expect(try Data(contentsOf: input) == before)
      #expect(!result.ok)
    }
  }

  /// The decoded pixels of a picture as stored.
  static func pixels(_ path: String) throws -> Bitmap {
    let image = try FirstImageFrame(path: path, options: ProbeOptions())
    return try image.withFrame { (frame) throws(TransformError) in
      try PixelConversion.bitmap(from: frame)
    }
  }

  static func near(_ pixel: ArraySlice<UInt8>, _ color: [Int], tolerance: Int = 16) -> Bool {
    zip(pixel, color).allSatisfy { abs(Int($0) - $1) <= tolerance }
  }
}
