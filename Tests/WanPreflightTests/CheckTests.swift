import Foundation
import Testing

@testable import WanPreflight

/// Media combinations, the plan, and what a report says about real request files.
@Suite("Check")
struct CheckTests {
  typealias S = CheckSupport
  static let frame = "image/jpeg_640x480.jpg"
  static let other = "image/webp_640x480.webp"
  static let audio = "audio/wav_3s_8000_mono.wav"
  static let clip = "video/mp4_h264_aac_3s_320x240.mp4"

  @Test(
    "the six legal combinations pass",
    arguments: [
      [("first_frame", frame)],
      [("first_frame", frame), ("driving_audio", audio)],
      [("first_frame", frame), ("last_frame", other)],
      [("first_frame", frame), ("last_frame", other), ("driving_audio", audio)],
      [("first_clip", clip)],
      [("first_clip", clip), ("last_frame", other)],
    ])
  func legalCombinations(media: [(String, String)]) async {
    let report = await S.check(
      S.body(
        media: media,
        parameters: #""resolution": "720P", "duration": 3"#.replacingOccurrences(
          of: "3", with: media.contains { $0.0 == "first_clip" } ? "8" : "3")))
    #expect(report.errors == 0, "\(report.diagnostics.map(\.message))")
    let expected = media.map(\.0).joined(separator: "+")
    #expect(report.plan?.task == expected)
  }

  @Test(
    "illegal combinations fail with media_combination",
    arguments: [
      ["last_frame"], ["driving_audio"], ["last_frame", "driving_audio"],
      ["first_frame", "first_clip"], ["first_clip", "driving_audio"],
      ["first_clip", "last_frame", "driving_audio"], ["first_frame", "first_clip", "last_frame"],
      ["first_frame", "first_clip", "driving_audio"],
      ["first_frame", "first_clip", "last_frame", "driving_audio"],
      ["last_frame", "first_frame", "first_clip"], ["driving_audio", "first_clip"],
      ["last_frame", "driving_audio", "first_clip"],
    ])
  func illegalCombinations(types: [String]) async {
    let paths = [
      "first_frame": Self.frame, "last_frame": Self.other, "driving_audio": Self.audio,
      "first_clip": Self.clip,
    ]
    let report = await S.check(S.body(media: types.map { ($0, paths[$0] ?? "") }))
    let combination = report.diagnostics.filter { $0.rule == .mediaCombination }
    #expect(combination.count == 1)
    #expect(combination.first?.pointer == "/input/media")
    #expect(report.plan == nil)
  }

  @Test("the guide's example: 750x1000 at 720P gives 816x1104, 150 frames, 3 CNY")
  func guideExample() async throws {
    let report = await S.check(S.body(media: [("first_frame", "image/png_750x1000.png")]))
    let plan = try #require(report.plan)
    #expect(plan.task == "first_frame" && plan.resolution == "720P")
    #expect(plan.output.width == 816 && plan.output.height == 1104)
    #expect(plan.output.basis == .predicted)
    #expect(plan.output.fps == 30 && plan.output.frames == 150 && plan.output.seconds == 5)
    #expect(plan.alternateOutput == nil && plan.continuationSeconds == nil)
    #expect(plan.billedSeconds == 5)
    #expect(
      plan.price == Plan.Price(amount: 3.0, currency: "CNY", region: .beijing, basis: .listPrice)
    )
  }

  @Test("no resolution means 1080P, an assumed budget, and a warning that it costs more")
  func defaultResolution() async throws {
    let report = await S.check(
      S.body(media: [("first_frame", "image/png_750x1000.png")], parameters: #""duration": 5"#))
    let plan = try #require(report.plan)
    #expect(plan.resolution == "1080P" && plan.output.basis == .assumed)
    #expect(plan.output.width == 1232 && plan.output.height == 1648)
    #expect(plan.price?.amount == 5.0)
    let defaults = report.diagnostics.filter { $0.rule == .defaultsApplied }
    #expect(defaults.map(\.severity) == [.warning])
    #expect(defaults.first?.pointer == "/parameters/resolution")
  }

  @Test("EXIF orientation 6 predicts for the displayed size and reports the other reading")
  func exifOrientation() async throws {
    let report = await S.check(S.body(media: [("first_frame", "image/jpeg_exif_orientation6.jpg")]))
    let plan = try #require(report.plan)
    // Displayed 480x640 -> 816x1104 (same 3:4 shape as 750x1000); stored 640x480 -> 1104x816.
    #expect(plan.output.width == 816 && plan.output.height == 1104)
    #expect(plan.alternateOutput == Plan.Size(width: 1104, height: 816))
    #expect(report.diagnostics.map(\.rule) == [.orientation])
  }

  @Test("a rotated clip predicts for the displayed size; continuation and billing")
  func rotatedClip() async throws {
    let report = await S.check(
      S.body(
        media: [("first_clip", "video/mp4_h264_rot90_320x240.mp4")],
        parameters: #""resolution": "720P", "duration": 12"#))
    let plan = try #require(report.plan)
    #expect(plan.output.width == 816 && plan.output.height == 1104)
    #expect(plan.alternateOutput == Plan.Size(width: 1104, height: 816))
    #expect(plan.continuationSeconds == 10)
    #expect(plan.billedSeconds == 12 && plan.output.frames == 360)
    #expect(plan.price?.amount == 7.2)
    #expect(report.diagnostics.map(\.rule) == [.orientation])
  }

  @Test("an anamorphic clip predicts from its exact 16:9 shape; the other reading ignores the SAR")
  func anamorphicClip() async throws {
    let report = await S.check(
      S.body(
        media: [("first_clip", "video/mp4_h264_sar64x45_800x640.mp4")],
        parameters: #""resolution": "720P", "duration": 6"#))
    let plan = try #require(report.plan)
    // Before: 1280x704 from the rounded display size 1138x640.
    #expect(plan.output.width == 1280 && plan.output.height == 720)
    #expect(plan.alternateOutput == Plan.Size(width: 1072, height: 848))
    #expect(plan.alternateIgnores == .pixelAspectRatio)
    let text = ReportText().render(report)
    #expect(text.contains("1280x720 (predicted)"))
    #expect(text.contains("1072x848 if the pixel aspect ratio is ignored"))
    #expect(!text.contains("if orientation is ignored"))
    let object = try JSONSerialization.jsonObject(with: Data(report.jsonText().utf8))
    let planJSON = (object as? [String: Any])?["plan"] as? [String: Any]
    #expect(planJSON?["alternate_ignores"] as? String == "pixel_aspect_ratio")
  }

  @Test("a rotated clip's other reading ignores orientation")
  func rotatedClipReading() async throws {
    let report = await S.check(
      S.body(media: [("first_clip", "video/mp4_h264_rot90_320x240.mp4")]))
    #expect(report.plan?.alternateIgnores == .orientation)
    #expect(ReportText().render(report).contains("1104x816 if orientation is ignored"))
  }

  @Test("a clip whose frames start at 2 s is judged on its 3 s of frames and warned about")
  func lateClip() async throws {
    // The file's timeline lasts 5 s: 2 s of nothing, then 3 s of frames.
    let report = await S.check(
      S.body(
        media: [("first_clip", "video/mp4_h264_start2s_320x240.mp4")],
        parameters: #""resolution": "720P", "duration": 5"#))
    // Before: clip_vs_duration ("duration is 5 s and includes the 5 s clip").
    #expect(report.diagnostics.map(\.rule) == [.clipStart])
    let warning = try #require(report.diagnostics.first)
    #expect(warning.severity == .warning && warning.pointer == "/input/media/0")
    #expect(
      warning.message
        == "first_clip \(S.media)/video/mp4_h264_start2s_320x240.mp4 shows its first frame at "
        + "2 s (an edit list or a timestamp offset): its frames span 3 s, its timeline 5 s; the "
        + "checks and the plan use the 3 s of frames, what a decoder hands the service, but a "
        + "player may first show 2 s of nothing (inferred)")
    #expect(report.plan?.continuationSeconds == 2)
    let short = await S.check(
      S.body(
        media: [("first_clip", "video/mp4_h264_start2s_320x240.mp4")],
        parameters: #""resolution": "720P", "duration": 3"#))
    #expect(short.diagnostics.map(\.rule) == [.clipStart, .clipVsDuration])
  }

  @Test("Singapore list prices")
  func singapore() async {
    let report = await S.check(
      S.body(parameters: #""resolution": "1080P", "duration": 10"#), region: .singapore)
    #expect(report.plan?.price?.amount == 11.00886)
    #expect(report.plan?.price?.region == .singapore)
  }

  @Test("a missing media file is reported on its item and the rest is still checked")
  func missingFileAndTheRest() async {
    let report = await S.check(
      S.body(
        media: [("first_frame", "image/nope.png"), ("last_frame", "image/png_200x900.png")],
        parameters: #""resolution": "8K", "duration": 5"#))
    let rules = Set(report.diagnostics.map(\.rule))
    #expect(rules == [.fileMissing, .imageSize, .resolutionValue])
    #expect(report.diagnostics.first { $0.rule == .fileMissing }?.pointer == "/input/media/0/url")
  }

  @Test("diagnostics carry file, line and column of their pointer")
  func positions() async throws {
    let path = S.root.appendingPathComponent("fixtures/requests/mistakes/bad_values.json").path
    let report = await Preflight().check(JobRequest.load(file: path))
    let resolution = try #require(report.diagnostics.first { $0.rule == .resolutionValue })
    #expect(resolution.file == path)
    #expect(resolution.line == 6 && resolution.column == 32)
    #expect(resolution.message == #"resolution is "4K"; allowed: "720P", "1080P""#)
    let duration = try #require(report.diagnostics.first { $0.rule == .durationRange })
    #expect(duration.line == 6 && duration.column == 50)
    #expect(report.errors == 4 && !report.ok)
  }

  @Test("a YAML request is checked like JSON, with YAML positions")
  func yaml() async throws {
    let path = S.root.appendingPathComponent("fixtures/requests/first_last_frame_audio.yaml").path
    let report = await Preflight().check(JobRequest.load(file: path))
    #expect(report.errors == 0, "\(report.diagnostics.map(\.message))")
    #expect(report.plan?.task == "first_frame+last_frame+driving_audio")
    let text = #"""
      model: wan2.7-i2v
      input:
        media:
          - type: first_frame
            url: image/png_640x480.png
      parameters:
        duration: "5"
      """#
    let document = try YAMLSourceParser.parse(text)
    let bad = await Preflight().check(
      JobRequest(document: document, file: "job.yaml", baseDirectory: S.media))
    let duration = try #require(bad.diagnostics.first { $0.rule == .durationRange })
    #expect(duration.line == 7 && duration.column == 13, "\(duration.column ?? 0)")
    #expect(duration.message.contains(#""5""#))
  }

  @Test("a file that is not JSON gives request_json with the position, and nothing else")
  func notJSON() async {
    let report = await S.check("model: wan2.7-i2v\n")
    #expect(report.diagnostics.map(\.rule) == [.requestJSON])
    #expect(report.diagnostics.first?.line == 1 && report.diagnostics.first?.column == 1)
    #expect(report.plan == nil && report.media.isEmpty)
  }

  @Test("a data: URI is probed from its bytes: the same plan as its file, named by its pointer")
  func dataURIFromMemory() async throws {
    let uri = S.dataURI("image/png_750x1000.png", mime: "image/png")
    let report = await S.check(S.body(media: [("first_frame", uri)]))
    #expect(report.errors == 0, "\(report.diagnostics.map(\.message))")
    let plan = try #require(report.plan)
    #expect(plan.output.width == 816 && plan.output.height == 1104)
    let probe = try #require(report.media.first?.probe)
    #expect(probe.path == "data: URI of /input/media/0")
    #expect(probe.byteSize == Int64(S.fileSize("image/png_750x1000.png")))
    #expect(probe.video?.width == 750 && probe.video?.height == 1000)

    let broken = await S.check(
      S.body(media: [("first_frame", S.dataURI("broken/truncated.png", mime: "image/png"))]))
    let unreadable = broken.diagnostics.filter { $0.rule == .mediaUnreadable }
    #expect(unreadable.map(\.pointer) == ["/input/media/0/url"])
    #expect(broken.media.first?.error?.path == "data: URI of /input/media/0")
  }

  @Test("the same file referenced twice is probed once and reported twice")
  func sharedFile() async {
    let report = await S.check(
      S.body(media: [("first_frame", Self.frame), ("last_frame", Self.frame)]))
    #expect(report.errors == 0)
    #expect(
      report.media.compactMap(\.probe?.path) == [
        S.media + "/" + Self.frame, S.media + "/" + Self.frame,
      ])
  }

  @Test("a legacy body gets the exact media item to write instead")
  func legacyMigration() async throws {
    let report = await S.check(
      #"{"model": "wan2.7-i2v", "input": {"img_url": "https://x.com/a.png"}, "parameters": {"size": "1280*720"}}"#
    )
    let legacy = report.diagnostics.filter { $0.rule == .legacyFields }
    #expect(legacy.map(\.pointer) == ["/input/img_url", "/parameters/size"])
    #expect(
      legacy.first?.hint
        == #"replace it with "media": [{"type": "first_frame", "url": "https://x.com/a.png"}]"#)
    #expect(legacy.first?.serverError == "Field required: input.media")
  }

  @Test("a remote URL without a host is malformed")
  func malformedURL() async {
    let report = await S.check(S.body(media: [("first_frame", "https:///a.png")]))
    #expect(report.diagnostics.map(\.rule) == [.urlScheme])
  }

  @Test("the JSON report follows the wan-preflight.report/1 contract")
  func jsonContract() async throws {
    let report = await S.check(S.body(media: [("first_frame", "image/png_200x900.png")]))
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(report.jsonText().utf8)) as? [String: Any])
    #expect(object["schema"] as? String == "wan-preflight.report/1")
    #expect(object["request"] as? String == "request.json")
    #expect(object["ok"] as? Bool == false)
    #expect(object["errors"] as? Int == 1 && object["warnings"] as? Int == 0)
    #expect(object["notes"] as? Int == 0)
    let diagnostic = try #require((object["diagnostics"] as? [[String: Any]])?.first)
    #expect(diagnostic["rule"] as? String == "image_size")
    #expect(diagnostic["severity"] as? String == "error")
    #expect(diagnostic["pointer"] as? String == "/input/media/0")
    #expect(diagnostic["file"] as? String == "request.json")
    #expect(diagnostic["line"] as? Int == 1)
    #expect(
      diagnostic["server_error"] as? String == "the size of input image is too small or too large.")
    let plan = try #require(object["plan"] as? [String: Any])
    #expect(plan["task"] as? String == "first_frame")
    #expect(plan["alternate_output"] is NSNull && plan["continuation_seconds"] is NSNull)
    #expect(plan["alternate_ignores"] is NSNull)
    #expect(plan["billed_seconds"] as? Int == 5)
    let output = try #require(plan["output"] as? [String: Any])
    #expect(output["width"] as? Int == 448 && output["height"] as? Int == 2032)
    let media = try #require((object["media"] as? [[String: Any]])?.first)
    #expect(media["type"] as? String == "first_frame" && media["source"] as? String == "local")
    #expect((media["probe"] as? [String: Any])?["format"] as? String == "png")
  }

  @Test(
    "a repeated key: the last value wins for the plan, price and range rules; the repeat is reported"
  )
  func repeatedKeys() async throws {
    let report = await S.check(
      S.body(
        media: [("first_frame", "image/png_750x1000.png")],
        parameters: #""duration": 5, "resolution": "720P", "duration": 10"#))
    #expect(report.diagnostics.map(\.rule) == [.requestSchema])
    let repeated = try #require(report.diagnostics.first)
    #expect(repeated.pointer == "/parameters/duration")
    #expect(repeated.line == 1 && repeated.column == 169)  // the winning value
    #expect(repeated.message.contains("the last one wins, as in Python's json (inferred"))
    let plan = try #require(report.plan)
    #expect(plan.output.seconds == 10 && plan.output.frames == 300 && plan.billedSeconds == 10)
    #expect(plan.price?.amount == 6.0)
    // The range rule reads the winner too: 5 then 20 is out of range, 20 then 5 is not.
    let late = await S.check(
      S.body(parameters: #""resolution": "720P", "duration": 5, "duration": 20"#))
    #expect(late.diagnostics.map(\.rule) == [.requestSchema, .durationRange])
    #expect(late.diagnostics.last?.message == "duration is 20 s; allowed: 2…15 s")
    let early = await S.check(
      S.body(parameters: #""resolution": "720P", "duration": 20, "duration": 5"#))
    #expect(early.diagnostics.map(\.rule) == [.requestSchema])
    #expect(early.plan?.output.seconds == 5)
  }

  @Test("a diagnostic about a value a flag gave is located at the flag, in text and JSON")
  func flagLocation() async throws {
    let body = S.body(parameters: #""resolution": "720P", "duration": 20"#)
    var request = JobRequest(
      document: try JSONSourceParser.parse(Array(body.utf8)), file: "request.json",
      baseDirectory: S.media)
    request.flagOrigins = [
      FlagOrigin(pointer: "/parameters/duration", flag: "--duration", value: "20")
    ]
    let report = await Preflight().check(request)
    let diagnostic = try #require(report.diagnostics.first)
    #expect(diagnostic.rule == .durationRange)
    #expect(diagnostic.flag == "--duration" && diagnostic.flagValue == "20")
    #expect(diagnostic.file == nil && diagnostic.line == nil && diagnostic.column == nil)
    #expect(
      ReportText().render(diagnostic).first
        == "--duration 20: error: [duration_range] duration is 20 s; allowed: 2…15 s")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(report.jsonText().utf8)) as? [String: Any])
    let json = try #require((object["diagnostics"] as? [[String: Any]])?.first)
    #expect(json["flag"] as? String == "--duration" && json["flag_value"] as? String == "20")
    #expect(json["file"] == nil && json["line"] == nil)
    #expect(object["schema"] as? String == "wan-preflight.report/1")
    // A value with spaces is quoted as a shell would need it.
    var quoted = diagnostic
    quoted.flagValue = "a b's"
    #expect(ReportText().render(quoted).first?.hasPrefix(#"--duration 'a b'\''s': error:"#) == true)
  }
}
