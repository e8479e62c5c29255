import Foundation
import MediaProbe
import MediaTransform
import Testing

@testable import WanPreflight

/// `Preflight.fix` on a fixture for each fixable rule: the rule fires before, the fix removes
/// it, the written file has exactly the facts planned, the fixed request passes `check`, and
/// the input is byte-identical afterwards.
@Suite("Fix")
struct FixTests {
  /// One fixable finding: the request's media, the options, and what the output must be.
  struct Case: Sendable, CustomStringConvertible {
    var name: String
    /// `type: path` pairs, paths relative to `fixtures/media` (or to the scratch folder when
    /// they start with `./`, for inputs a case makes).
    var media: [(String, String)]
    var parameters = #""resolution": "720P", "duration": 5"#
    var options: @Sendable (inout FixOptions) -> Void = { _ in }
    /// Makes inputs in the scratch folder (with ffmpeg).
    var make: (@Sendable (URL) throws -> Void)?
    /// The rules of the changes, sorted.
    var rules: [String]
    /// Checks the written files' probes, by pointer.
    var expect: @Sendable (FixReport, [String: MediaInfo], URL) throws -> Void

    var description: String { name }
  }

  static let frame = ("first_frame", "image/png_640x480.png")

  static let cases: [Case] = [
    Case(
      name: "orientation is baked in", media: [("first_frame", "image/jpeg_exif_orientation6.jpg")],
      rules: ["orientation"]
    ) { _, outputs, folder in
      let info = try #require(outputs["/input/media/0"])
      #expect(info.format == "jpeg" && info.video?.width == 480 && info.video?.height == 640)
      #expect(info.image?.orientation == nil && info.video?.rotation == nil)
      // Turned 90° clockwise, as Pillow's exif_transpose shows it: the stored bottom-left
      // (red) is now the top-left (unturned it is near black, turned the other way cyan), and
      // the stored top-right (cyan) the bottom-left.
      let output = folder.appendingPathComponent("first_frame.jpg").path
      let topLeft = try Pixels.at(output, 5, 5)
      let bottomLeft = try Pixels.at(output, 5, 634)
      #expect(Pixels.near(topLeft, [254, 0, 0]), "\(topLeft)")
      #expect(Pixels.near(bottomLeft, [0, 255, 255]), "\(bottomLeft)")
    },
    Case(
      name: "alpha is flattened on white",
      media: [("first_frame", "image/png_rgba_transparent_320x240.png")], rules: ["image_alpha"]
    ) { _, outputs, folder in
      let info = try #require(outputs["/input/media/0"])
      #expect(info.format == "png" && info.video?.pixelFormat == "rgb24")
      #expect(info.video?.hasAlpha == false && info.video?.width == 320)
      // The top-left pixel is fully transparent in the input.
      let corner = try Pixels.at(folder.appendingPathComponent("first_frame.png").path, 0, 0)
      #expect(corner == [255, 255, 255])
    },
    Case(
      name: "alpha is flattened on the --background colour",
      media: [("first_frame", "image/png_rgba_transparent_320x240.png")],
      options: { $0.background = ImageTransform.Color(red: 0, green: 128, blue: 255) },
      rules: ["image_alpha"]
    ) { _, _, folder in
      let corner = try Pixels.at(folder.appendingPathComponent("first_frame.png").path, 0, 0)
      #expect(corner == [0, 128, 255])
    },
    Case(
      name: "an animated GIF becomes its first frame, scaled into the limits",
      media: [("first_frame", "image/gif_animated_64x64.gif")],
      rules: ["image_animated", "image_format", "image_size"]
    ) { _, outputs, _ in
      let info = try #require(outputs["/input/media/0"])
      #expect(info.format == "png" && info.video?.width == 240 && info.video?.height == 240)
      #expect(info.image?.animated == false && info.video?.hasAlpha == false)
    },
    Case(
      name: "an AVIF becomes a PNG, upright",
      media: [("first_frame", "image/avif_irot1_imir1_320x240.avif")],
      rules: ["image_format", "orientation"]
    ) { _, outputs, _ in
      let info = try #require(outputs["/input/media/0"])
      #expect(info.format == "png" && info.video?.width == 240 && info.video?.height == 320)
      #expect(info.image?.orientation == nil)
    },
    Case(
      name: "a TIFF becomes a PNG", media: [("first_frame", "./frame.tiff")],
      make: { folder in
        try Tools.ffmpeg(
          ["-f", "lavfi", "-i", "testsrc2=size=320x240", "-frames:v", "1"],
          to: "frame.tiff", in: folder)
      }, rules: ["image_format"]
    ) { _, outputs, _ in
      let info = try #require(outputs["/input/media/0"])
      #expect(info.format == "png" && info.video?.width == 320 && info.video?.height == 240)
    },
    Case(
      name: "a narrow picture is scaled up to 240 px",
      media: [("first_frame", "image/png_200x900.png")], rules: ["image_size"]
    ) { _, outputs, _ in
      let info = try #require(outputs["/input/media/0"])
      #expect(info.video?.width == 240 && info.video?.height == 1080)
    },
    Case(
      name: "a too-wide picture is cropped, centred, to 8:1",
      media: [("first_frame", "image/jpeg_8200x400.jpg")], rules: ["image_aspect", "image_size"]
    ) { _, outputs, _ in
      let info = try #require(outputs["/input/media/0"])
      #expect(info.format == "jpeg" && info.video?.width == 3200 && info.video?.height == 400)
    },
    Case(
      name: "--aspect pad pads to 8:1 instead",
      media: [("first_frame", "image/png_2000x240.png")], options: { $0.aspect = .pad },
      rules: ["image_aspect"]
    ) { _, outputs, _ in
      let info = try #require(outputs["/input/media/0"])
      #expect(info.video?.width == 2000 && info.video?.height == 250)
    },
    // 2720x2600 at 3 bytes a pixel: 21,216,054 bytes, over 20 MB on either reading.
    Case(
      name: "a 21 MB BMP is saved as a JPEG within 20 MB", media: [("first_frame", "./big.bmp")],
      make: { folder in
        try Tools.ffmpeg(
          ["-f", "lavfi", "-i", "testsrc2=size=2720x2600", "-frames:v", "1"],
          to: "big.bmp", in: folder)
      }, rules: ["image_bytes"]
    ) { _, outputs, _ in
      let info = try #require(outputs["/input/media/0"])
      #expect(info.format == "jpeg" && info.video?.width == 2720 && info.video?.height == 2600)
      #expect(info.byteSize <= 20_000_000)
    },
    Case(
      name: "a JPEG named .png is copied as .jpg, byte for byte",
      media: [("first_frame", "image/jpeg_named_png.png")], rules: ["extension_mismatch"]
    ) { report, _, folder in
      #expect(report.written == ["first_frame.jpg", "request.json"])
      let copied = try Data(contentsOf: folder.appendingPathComponent("first_frame.jpg"))
      let input = try Data(
        contentsOf: URL(fileURLWithPath: CheckSupport.media + "/image/jpeg_named_png.png"))
      #expect(copied == input)
    },
    Case(
      name: "the last frame is cropped to the first frame's shape",
      media: [frame, ("last_frame", "image/png_750x1000.png")], rules: ["last_frame_aspect"]
    ) { report, outputs, _ in
      let info = try #require(outputs["/input/media/1"])
      #expect(info.video?.width == 750 && info.video?.height == 563)
      #expect(report.written == ["last_frame.png", "request.json"])
    },
    Case(
      name: "AAC audio becomes 16-bit WAV, padded to the duration to the sample",
      media: [frame, ("driving_audio", "audio/m4a_aac_2s.m4a")],
      rules: ["audio_format", "audio_vs_duration"]
    ) { _, outputs, _ in
      let info = try #require(outputs["/input/media/1"])
      #expect(info.format == "wav" && info.audio?.codec == "pcm_s16le")
      #expect(info.durationSeconds == 5)
    },
    Case(
      name: "31 s of audio is trimmed to the 5 s duration, exactly, as WAV",
      media: [frame, ("driving_audio", "./voice.wav")],
      make: { folder in
        try Tools.ffmpeg(
          ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=8000", "-t", "31"],
          to: "voice.wav", in: folder)
      }, rules: ["audio_duration", "audio_vs_duration"]
    ) { _, outputs, _ in
      let info = try #require(outputs["/input/media/1"])
      #expect(info.format == "wav" && info.durationSeconds == 5)
    },
    Case(
      name: "--errors-only trims 31 s of audio to 30 s, not to the duration",
      media: [frame, ("driving_audio", "./voice.wav")], options: { $0.errorsOnly = true },
      make: { folder in
        try Tools.ffmpeg(
          ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=8000", "-t", "31"],
          to: "voice.wav", in: folder)
      }, rules: ["audio_duration"]
    ) { report, outputs, _ in
      let info = try #require(outputs["/input/media/1"])
      #expect(info.durationSeconds == 30)
      #expect(report.after?.diagnostics.contains { $0.rule == .audioVsDuration } == true)
    },
    Case(
      name: "1 s of audio is padded with silence to the 5 s duration",
      media: [frame, ("driving_audio", "audio/wav_1s_8000_stereo.wav")],
      rules: ["audio_duration", "audio_vs_duration"]
    ) { _, outputs, _ in
      let info = try #require(outputs["/input/media/1"])
      #expect(info.format == "wav" && info.durationSeconds == 5 && info.audio?.channels == 2)
    },
    Case(
      name: "--audio-fit duration sets the duration to the audio's length rounded up",
      media: [frame, ("driving_audio", "audio/wav_3s_8000_mono.wav")],
      parameters: #""resolution": "720P", "duration": 8"#,
      options: { $0.audioFit = .duration }, rules: ["audio_vs_duration"]
    ) { report, _, _ in
      #expect(report.duration == DurationChange(from: 8, to: 3))
      #expect(report.changes.first?.action.hasSuffix("; list price 4.80 → 1.80 CNY") == true)
      #expect(report.after?.plan?.billedSeconds == 3 && report.before.plan?.billedSeconds == 8)
      #expect(report.written == ["request.json"])
    },
    // 25 s of 96 kHz stereo 32-bit PCM: 19.2 MB, over 15 MB on either reading.
    Case(
      name: "a 19 MB 96 kHz 32-bit WAV becomes a 2.9 MB 48 kHz 16-bit WAV",
      media: [frame, ("driving_audio", "./voice.wav")],
      parameters: #""resolution": "720P", "duration": 15"#,
      make: { folder in
        try Tools.ffmpeg(
          [
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=96000", "-ac", "2", "-t", "25",
            "-c:a", "pcm_s32le",
          ], to: "voice.wav", in: folder)
      }, rules: ["audio_bytes", "audio_vs_duration"]
    ) { _, outputs, _ in
      let info = try #require(outputs["/input/media/1"])
      #expect(info.format == "wav" && info.audio?.sampleRate == 48_000)
      // 15 s of 48 kHz stereo s16 and the 44-byte header.
      #expect(info.durationSeconds == 15 && info.byteSize == 15 * 48_000 * 4 + 44)
    },
    Case(
      name: "a WebM clip is re-encoded as an H.264 MP4",
      media: [("first_clip", "video/webm_vp9_2s_320x240.webm")],
      parameters: #""resolution": "720P", "duration": 5"#, rules: ["clip_format"]
    ) { _, outputs, folder in
      let info = try #require(outputs["/input/media/0"])
      #expect(info.format == "mp4" && info.video?.codec == "h264")
      #expect(info.video?.pixelFormat == "yuv420p" && info.video?.frameCount == 60)
      #expect(info.video?.width == 320 && info.video?.height == 240)
      #expect(try Boxes.moovBeforeMdat(folder.appendingPathComponent("first_clip.mp4")))
    },
    Case(
      name: "an H.264 MKV clip is remuxed to MP4, its streams copied",
      media: [("first_clip", "./clip.mkv")],
      make: { folder in
        try Tools.ffmpeg(
          ["-i", CheckSupport.media + "/video/mov_h264_2s_320x240.mov", "-c", "copy"],
          to: "clip.mkv", in: folder)
      }, rules: ["clip_format"]
    ) { report, outputs, _ in
      #expect(report.changes.first?.action == "remuxed to MP4 (streams copied)")
      let info = try #require(outputs["/input/media/0"])
      #expect(info.format == "mp4" && info.video?.codec == "h264")
    },
    Case(
      name: "a 12 s 160x120 clip is trimmed to 10 s and scaled to 320x240",
      media: [("first_clip", "video/mp4_h264_12s_160x120.mp4")],
      parameters: #""resolution": "720P", "duration": 15"#, rules: ["clip_duration", "clip_size"]
    ) { _, outputs, _ in
      let info = try #require(outputs["/input/media/0"])
      #expect(info.video?.width == 320 && info.video?.height == 240)
      #expect(info.video?.frameCount == 100 && info.presentedSeconds == 10)
    },
    Case(
      name: "a clip as long as the duration is trimmed to a second less",
      media: [("first_clip", "video/mp4_h264_12s_160x120.mp4")],
      parameters: #""resolution": "720P", "duration": 8"#,
      rules: ["clip_duration", "clip_size", "clip_vs_duration"]
    ) { _, outputs, _ in
      let info = try #require(outputs["/input/media/0"])
      #expect(info.video?.frameCount == 70 && info.presentedSeconds == 7)
    },
    Case(
      name: "a clip whose frames start at 2 s starts at 0",
      media: [("first_clip", "video/mp4_h264_start2s_320x240.mp4")],
      parameters: #""resolution": "720P", "duration": 8"#, rules: ["clip_start"]
    ) { _, outputs, _ in
      let info = try #require(outputs["/input/media/0"])
      #expect((info.startSeconds ?? 0) == 0 && info.video?.startSeconds == 0)
    },
    Case(
      name: "a clip's rotation is baked into its frames",
      media: [("first_clip", "video/mp4_h264_rot90_320x240.mp4")],
      parameters: #""resolution": "720P", "duration": 8"#, rules: ["orientation"]
    ) { _, outputs, _ in
      let info = try #require(outputs["/input/media/0"])
      #expect(info.video?.width == 240 && info.video?.height == 320)
      #expect(info.video?.rotation == nil || info.video?.rotation == 0)
    },
    Case(
      name: "a 2000x240 clip is cropped, centred, to 8:1",
      media: [("first_clip", "./wide.mp4")],
      make: { folder in
        try Tools.ffmpeg(
          [
            "-f", "lavfi", "-i", "testsrc2=size=2000x240:rate=25", "-t", "3", "-c:v", "libx264",
            "-preset", "ultrafast", "-pix_fmt", "yuv420p",
          ], to: "wide.mp4", in: folder)
      }, rules: ["clip_aspect"]
    ) { _, outputs, _ in
      let info = try #require(outputs["/input/media/0"])
      #expect(info.video?.width == 1920 && info.video?.height == 240)
      #expect(info.video?.frameCount == 75)
    },
    // 104,857,601 bytes: over 100 MB on either reading (a 2 s clip and a sparse `free` box).
    Case(
      name: "a clip over 100 MB is re-encoded within the limit",
      media: [("first_clip", "./big.mov")],
      make: { folder in
        try Tools.padded(
          "video/mov_h264_2s_320x240.mov", to: 104_857_601, as: "big.mov", in: folder)
      }, rules: ["clip_bytes"]
    ) { _, outputs, _ in
      let info = try #require(outputs["/input/media/0"])
      #expect(info.format == "mp4" && info.byteSize <= 95_000_000)
      #expect(info.video?.width == 320 && info.video?.height == 240)
    },
  ]

  @Test("fix removes the finding and writes exactly what it planned", arguments: cases)
  func fixes(_ example: Case) async throws {
    try await CheckSupport.withTemporaryFolder { folder in
      try example.make?(folder)
      let inputs = example.media.map { Self.path($0.1, in: folder) }
      let originals = try inputs.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
      let out = folder.appendingPathComponent("fixed")
      var options = FixOptions(outputDirectory: out.path)
      example.options(&options)
      let request = try Self.request(example, in: folder)
      let report = await Preflight().fix(request, options: options)

      #expect(report.ok, "\(FixReportText().render(report))")
      #expect(report.failures.isEmpty && report.unfixable.isEmpty, "\(report.unfixable)")
      let rules = Set(report.changes.compactMap { $0.rule?.rawValue })
      #expect(rules.sorted() == example.rules)
      let fired = Set(report.before.diagnostics.map(\.rule.rawValue))
      #expect(fired.isSuperset(of: example.rules), "\(fired)")
      let after = try #require(report.after)
      #expect(after.ok)
      #expect(Set(after.diagnostics.map(\.rule.rawValue)).isDisjoint(with: example.rules))
      for (input, original) in zip(inputs, originals) {
        #expect(try Data(contentsOf: URL(fileURLWithPath: input)) == original)
      }
      var outputs: [String: MediaInfo] = [:]
      for entry in after.media where entry.path?.hasPrefix(out.path) == true {
        outputs[entry.pointer] = entry.probe
      }
      try example.expect(report, outputs, out)
    }
  }

  @Test("--audio-fit pad pads shorter audio and leaves longer audio, saying why")
  func audioFitModes() async throws {
    try await CheckSupport.withTemporaryFolder { folder in
      for (fit, duration, changed) in [
        (FixOptions.AudioFit.pad, 5, true), (.pad, 2, false), (.trim, 2, true), (.trim, 5, false),
      ] {
        let out = folder.appendingPathComponent("fixed-\(fit.rawValue)-\(duration)")
        let body = CheckSupport.body(
          media: [Self.frame, ("driving_audio", "audio/wav_3s_8000_mono.wav")],
          parameters: #""resolution": "720P", "duration": \#(duration)"#)
        let request = JobRequest(
          document: try JSONSourceParser.parse(Array(body.utf8)), file: nil,
          baseDirectory: CheckSupport.media)
        var options = FixOptions(outputDirectory: out.path)
        options.audioFit = fit
        let report = await Preflight().fix(request, options: options)
        let seconds = report.after?.media[1].probe?.durationSeconds
        if changed {
          #expect(report.changes.map(\.rule) == [.audioVsDuration], "\(fit) \(duration)")
          #expect(seconds == Double(duration), "\(fit) \(duration)")
        } else {
          #expect(report.changes.isEmpty && seconds == 3, "\(fit) \(duration)")
          let left = report.unfixable.first { $0.diagnostic.rule == .audioVsDuration }
          #expect(left?.reason.hasPrefix("--audio-fit \(fit.rawValue) leaves audio") == true)
        }
      }
    }
  }

  @Test("fixPlan gives one rewrite per item, with its transform, and reads nothing more")
  func plan() async throws {
    let body = CheckSupport.body(
      media: [("first_frame", "image/png_200x900.png"), ("last_frame", "image/png_640x480.png")])
    let request = JobRequest(
      document: try JSONSourceParser.parse(Array(body.utf8)), file: nil,
      baseDirectory: CheckSupport.media)
    let preflight = Preflight()
    let report = await preflight.check(request)
    let plan = preflight.fixPlan(for: report, options: FixOptions(outputDirectory: "unused"))
    #expect(plan.media.map(\.output) == ["first_frame.png", "last_frame.png"])
    #expect(plan.media.map { $0.changes.compactMap(\.rule) } == [[.imageSize], [.lastFrameAspect]])
    guard case .image(let first) = plan.media[0].operation else {
      Issue.record("not an image rewrite")
      return
    }
    #expect(first.scaling == .exact(width: 240, height: 1080) && first.output == .png)
    #expect(plan.unfixable.isEmpty && plan.canWrite && plan.fixesEveryError)
    #expect(!FileManager.default.fileExists(atPath: "unused"))
  }

  @Test("a dry run plans the same changes and writes nothing")
  func dryRun() async throws {
    try await CheckSupport.withTemporaryFolder { folder in
      let out = folder.appendingPathComponent("fixed")
      var options = FixOptions(outputDirectory: out.path)
      options.dryRun = true
      let example = Self.cases[1]
      let report = await Preflight().fix(try Self.request(example, in: folder), options: options)
      #expect(report.ok && report.dryRun && report.after == nil && report.written.isEmpty)
      #expect(report.changes.map(\.rule) == [.imageAlpha])
      #expect(report.changes.first?.after == "rgb24")
      #expect(!FileManager.default.fileExists(atPath: out.path))
    }
  }

  /// Every hostile fixture with the probe's code it must fail with.
  static let hostile: [(String, String)] = {
    let table = CheckSupport.root.appendingPathComponent("fixtures/hostile/expected.tsv").path
    let text = (try? String(contentsOfFile: table, encoding: .utf8)) ?? ""
    return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line in
      let fields = line.split(separator: "\t").map(String.init)
      return fields.count == 2 ? (fields[0], fields[1]) : nil
    }
  }()

  @Test("every hostile file is refused with the probe's code, and nothing is written")
  func hostileFiles() async throws {
    #expect(Self.hostile.count == 64)
    let files = CheckSupport.root.appendingPathComponent("fixtures/hostile/files").path
    for (name, code) in Self.hostile {
      try await CheckSupport.withTemporaryFolder { folder in
        let out = folder.appendingPathComponent("fixed")
        let path = files + "/" + name
        let original = FileManager.default.contents(atPath: path)
        for role in ["first_frame", "first_clip"] {
          let body = CheckSupport.body(media: [(role, path)])
          let request = JobRequest(
            document: try JSONSourceParser.parse(Array(body.utf8)), file: nil,
            baseDirectory: CheckSupport.media)
          let report = await Preflight().fix(
            request, options: FixOptions(outputDirectory: out.path))
          #expect(!report.ok && report.after == nil && report.written.isEmpty, "\(name)")
          #expect(report.before.media[0].error?.code == code, "\(name) as \(role)")
          #expect(report.unfixable.contains { $0.blocksWriting }, "\(name)")
          #expect(!FileManager.default.fileExists(atPath: out.path), "\(name)")
        }
        #expect(FileManager.default.contents(atPath: path) == original, "\(name)")
      }
    }
  }

  @Test("an output that would be an input is refused, and the input is untouched")
  func outputIsInput() async throws {
    try await CheckSupport.withTemporaryFolder { folder in
      let input = folder.appendingPathComponent("first_frame.png")
      try FileManager.default.copyItem(
        atPath: CheckSupport.media + "/image/png_rgba_transparent_320x240.png", toPath: input.path)
      let original = try Data(contentsOf: input)
      let body = CheckSupport.body(media: [("first_frame", "first_frame.png")])
      let request = JobRequest(
        document: try JSONSourceParser.parse(Array(body.utf8)), file: nil,
        baseDirectory: folder.path)
      let report = await Preflight().fix(request, options: FixOptions(outputDirectory: folder.path))
      #expect(!report.ok && report.failures.map(\.code) == ["destination_is_source"])
      #expect(try Data(contentsOf: input) == original)
      #expect(CheckSupport.names(in: folder) == ["first_frame.png"])
    }
  }

  @Test("a copy onto a hard link of its input is refused, and the input is untouched")
  func copyOntoHardLink() async throws {
    try await CheckSupport.withTemporaryFolder { folder in
      let input = folder.appendingPathComponent("photo.png")
      try FileManager.default.copyItem(
        atPath: CheckSupport.media + "/image/jpeg_named_png.png", toPath: input.path)
      let out = folder.appendingPathComponent("fixed")
      try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
      // The name the copy would take is the input itself, under another name.
      try FileManager.default.linkItem(at: input, to: out.appendingPathComponent("first_frame.jpg"))
      let original = try Data(contentsOf: input)
      let body = CheckSupport.body(media: [("first_frame", input.path)])
      let request = JobRequest(
        document: try JSONSourceParser.parse(Array(body.utf8)), file: nil,
        baseDirectory: folder.path)
      let report = await Preflight().fix(request, options: FixOptions(outputDirectory: out.path))
      #expect(report.failures.map(\.code) == ["destination_is_source"])
      #expect(!report.ok && report.written.isEmpty)
      #expect(try Data(contentsOf: input) == original)
    }
  }

  @Test("request.json points at fixed files by name and at the others relatively")
  func relativePaths() async throws {
    try await CheckSupport.withTemporaryFolder { folder in
      let out = folder.appendingPathComponent("deep/fixed")
      let body = CheckSupport.body(
        media: [
          ("first_frame", "image/png_640x480.png"), ("last_frame", "image/png_750x1000.png"),
        ],
        input: #""prompt": "a cat""#)
      let request = JobRequest(
        document: try JSONSourceParser.parse(Array(body.utf8)), file: nil,
        baseDirectory: CheckSupport.media)
      let report = await Preflight().fix(request, options: FixOptions(outputDirectory: out.path))
      #expect(report.ok)
      let written =
        try JSONSerialization.jsonObject(
          with: Data(contentsOf: out.appendingPathComponent("request.json"))) as? [String: Any]
      let input = try #require(written?["input"] as? [String: Any])
      let media = try #require(input["media"] as? [[String: Any]])
      let expected = LocalPath.path(
        to: CheckSupport.media + "/image/png_640x480.png", from: out.path)
      #expect(expected.hasPrefix("../"))
      #expect(media.map { $0["url"] as? String } == [expected, "last_frame.png"])
      #expect(input["prompt"] as? String == "a cat")
    }
  }

  @Test("a prompt error is listed as not fixable: the media are still fixed, the exit is 1")
  func unfixablePrompt() async throws {
    try await CheckSupport.withTemporaryFolder { folder in
      let out = folder.appendingPathComponent("fixed")
      let body = CheckSupport.body(
        media: [("first_frame", "image/png_rgba_transparent_320x240.png")],
        parameters: #""resolution": "720P", "duration": 5, "seed": -1"#)
      let request = JobRequest(
        document: try JSONSourceParser.parse(Array(body.utf8)), file: nil,
        baseDirectory: CheckSupport.media)
      let report = await Preflight().fix(request, options: FixOptions(outputDirectory: out.path))
      #expect(!report.ok)
      #expect(report.unfixable.map(\.diagnostic.rule) == [.seedRange])
      #expect(report.unfixable.first?.blocksWriting == false)
      #expect(report.written == ["first_frame.png", "request.json"])
      #expect(report.after?.diagnostics.map(\.rule) == [.seedRange])
    }
  }

  @Test("the fix report reads back as it was written")
  func codable() async throws {
    try await CheckSupport.withTemporaryFolder { folder in
      let request = try Self.request(Self.cases[1], in: folder)
      let report = await Preflight().fix(
        request, options: FixOptions(outputDirectory: folder.appendingPathComponent("f").path))
      let decoded = try JSONDecoder().decode(FixReport.self, from: Data(report.jsonText().utf8))
      #expect(decoded == report)
    }
  }

  static func path(_ path: String, in folder: URL) -> String {
    path.hasPrefix("./")
      ? folder.appendingPathComponent(String(path.dropFirst(2))).path
      : CheckSupport.media + "/" + path
  }

  static func request(_ example: Case, in folder: URL) throws -> JobRequest {
    let media = example.media.map { ($0.0, path($0.1, in: folder)) }
    let body = CheckSupport.body(media: media, parameters: example.parameters)
    return JobRequest(
      document: try JSONSourceParser.parse(Array(body.utf8)), file: nil,
      baseDirectory: CheckSupport.media)
  }
}

/// Reads pixels and makes inputs with the ffmpeg command-line tools (tests only).
enum Tools {
  /// Runs `ffmpeg -n ARGUMENTS NAME` in `folder`.
  static func ffmpeg(_ arguments: [String], to name: String, in folder: URL) throws {
    let result = try run("ffmpeg", ["-loglevel", "error", "-n"] + arguments + [name], in: folder)
    #expect(result.status == 0, "\(result.output)")
  }

  /// A copy of a fixture clip with a trailing `free` box (zeros, written sparsely) to `size`
  /// bytes: a valid file, as large as a limit needs.
  static func padded(_ fixture: String, to size: Int64, as name: String, in folder: URL) throws {
    let path = folder.appendingPathComponent(name)
    var bytes = try Data(contentsOf: URL(fileURLWithPath: CheckSupport.media + "/" + fixture))
    let free = UInt32(size - Int64(bytes.count))
    bytes += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: free >> $0) } + Array("free".utf8)
    try bytes.write(to: path)
    let handle = try FileHandle(forWritingTo: path)
    try handle.truncate(atOffset: UInt64(size))
    try handle.close()
  }

  static func run(_ program: String, _ arguments: [String], in folder: URL) throws
    -> (status: Int32, output: Data)
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [program] + arguments
    process.currentDirectoryURL = folder
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, output)
  }
}

/// One pixel of a picture without an orientation tag (the outputs have none).
enum Pixels {
  /// The RGB of the pixel at (`x`, `y`).
  static func at(_ path: String, _ x: Int, _ y: Int) throws -> [UInt8] {
    let result = try Tools.run(
      "ffmpeg",
      [
        "-loglevel", "error", "-i", path, "-vf", "format=rgb24,crop=1:1:\(x):\(y)", "-f",
        "rawvideo", "-pix_fmt",
        "rgb24", "-",
      ], in: URL(fileURLWithPath: "/"))
    return [UInt8](result.output)
  }

  /// Whether `pixel` is within 12 of `expected` on each channel (JPEG's loss).
  static func near(_ pixel: [UInt8], _ expected: [Int]) -> Bool {
    pixel.count == 3 && zip(pixel, expected).allSatisfy { abs(Int($0) - $1) <= 12 }
  }
}

/// The order of an MP4's top-level boxes.
enum Boxes {
  /// Whether `moov` comes before `mdat` (faststart), read from the file's bytes.
  static func moovBeforeMdat(_ file: URL) throws -> Bool {
    let bytes = [UInt8](try Data(contentsOf: file))
    var offset = 0
    var names: [String] = []
    while offset + 8 <= bytes.count {
      let size = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
      names.append(String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self))
      guard size >= 8 else { break }
      offset += size
    }
    guard let moov = names.firstIndex(of: "moov"), let mdat = names.firstIndex(of: "mdat") else {
      return false
    }
    return moov < mdat
  }
}

extension CheckSupport {
  /// The names in `folder`, sorted.
  static func names(in folder: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
  }
}
