import Foundation
import Testing

@testable import WanPreflight

/// Every rule with a request that triggers it and a close one that does not (SwiftLint's habit:
/// the examples are the tests).
@Suite("Rule examples")
struct RuleExampleTests {
  struct Example: Sendable, CustomStringConvertible {
    var rule: RuleID
    var triggering: String
    var nonTriggering: String
    /// The spec the triggering request is checked with (to reach limits no small fixture can).
    var spec: ModelSpec = .wan27i2v
    /// The region the triggering request is sent to.
    var region: Region = .beijing
    /// The folders local media must lie in for the triggering request (as lint sets them).
    var roots: [String]? = nil
    var description: String { rule.rawValue }
  }

  typealias S = CheckSupport

  static let examples: [Example] = [
    Example(rule: .requestJSON, triggering: #"{"model": }"#, nonTriggering: S.body()),
    Example(rule: .requestSchema, triggering: "[1, 2]", nonTriggering: S.body()),
    Example(
      rule: .modelUnknown, triggering: S.body(model: "wan2.6-i2v"),
      nonTriggering: S.body(model: "wan2.7-i2v-2026-04-25")),
    Example(
      rule: .legacyFields, triggering: S.body(input: #""img_url": "https://x/a.png""#),
      nonTriggering: S.body(input: #""prompt": "a cat""#)),
    Example(
      rule: .unknownField, triggering: S.body(parameters: #""duration": 5, "fps": 30"#),
      nonTriggering: S.body(input: #""extend_prompt": true, "function": "video-synthesis""#)),
    Example(
      rule: .mediaMissing, triggering: #"{"model": "wan2.7-i2v", "input": {"prompt": "x"}}"#,
      nonTriggering: S.body()),
    Example(
      rule: .mediaTypeUnknown, triggering: S.body(media: [("image", "image/png_640x480.png")]),
      nonTriggering: S.body()),
    Example(
      rule: .mediaTypeRepeated,
      triggering: S.body(media: [
        ("first_frame", "image/png_640x480.png"), ("first_frame", "image/jpeg_640x480.jpg"),
      ]),
      nonTriggering: S.body(media: [
        ("first_frame", "image/png_640x480.png"), ("last_frame", "image/jpeg_640x480.jpg"),
      ])),
    Example(
      rule: .mediaCombination,
      triggering: S.body(media: [
        ("first_frame", "image/png_640x480.png"), ("first_clip", "video/mov_h264_2s_320x240.mov"),
      ]),
      nonTriggering: S.body(
        media: [
          ("first_clip", "video/mov_h264_2s_320x240.mov"), ("last_frame", "image/png_640x480.png"),
        ], parameters: #""resolution": "720P", "duration": 6"#)),
    Example(
      rule: .durationRange,
      triggering: S.body(parameters: #""resolution": "720P", "duration": 16"#),
      nonTriggering: S.body(parameters: #""resolution": "720P", "duration": 15"#)),
    Example(
      rule: .resolutionValue,
      triggering: S.body(parameters: #""resolution": "720p", "duration": 5"#),
      nonTriggering: S.body(parameters: #""resolution": "1080P", "duration": 5"#)),
    Example(
      rule: .seedRange,
      triggering: S.body(parameters: #""resolution": "720P", "duration": 5, "seed": 2147483648"#),
      nonTriggering: S.body(parameters: #""resolution": "720P", "duration": 5, "seed": 2147483647"#)
    ),
    Example(
      rule: .flagType,
      triggering: S.body(parameters: #""resolution": "720P", "duration": 5, "watermark": "false""#),
      nonTriggering: S.body(parameters: #""resolution": "720P", "duration": 5, "watermark": false"#)
    ),
    Example(
      rule: .promptLength,
      triggering: S.body(input: #""prompt": "\#(String(repeating: "猫", count: 5001))""#),
      nonTriggering: S.body(input: #""prompt": "\#(String(repeating: "猫", count: 5000))""#)),
    Example(
      rule: .negativePromptLength,
      triggering: S.body(input: #""negative_prompt": "\#(String(repeating: "a", count: 501))""#),
      nonTriggering: S.body(input: #""negative_prompt": "\#(String(repeating: "a", count: 500))""#)),
    Example(
      rule: .promptShots, triggering: S.body(input: #""prompt": "第1个镜头[0-3秒] 全景, 第2个镜头[3-8秒] 特写""#),
      nonTriggering: S.body(
        parameters: #""resolution": "720P", "duration": 8"#,
        input: #""prompt": "第1个镜头[0-3秒] 全景, 第2个镜头[3-8秒] 特写""#)),
    Example(
      rule: .defaultsApplied, triggering: S.body(parameters: #""duration": 5"#),
      nonTriggering: S.body()),
    Example(
      rule: .fileMissing, triggering: S.body(media: [("first_frame", "image/nope.png")]),
      nonTriggering: S.body()),
    Example(
      rule: .urlScheme, triggering: S.body(media: [("first_frame", "ftp://example.com/a.png")]),
      nonTriggering: S.body(media: [("first_frame", "https://example.com/a.png")])),
    Example(
      rule: .urlUnverified,
      triggering: S.body(media: [("first_frame", "https://example.com/a.png")]),
      nonTriggering: S.body()),
    Example(
      rule: .ossRegion, triggering: S.body(media: [("first_frame", "oss://bucket/a.png")]),
      nonTriggering: S.body(media: [("first_frame", "oss://bucket/a.png")]), region: .singapore),
    Example(
      rule: .base64NotAllowed,
      triggering: S.body(
        media: [
          ("first_frame", "image/png_640x480.png"),
          ("driving_audio", S.dataURI("audio/wav_3s_8000_mono.wav", mime: "audio/wav")),
        ], parameters: #""resolution": "720P", "duration": 3"#),
      nonTriggering: S.body(media: [
        ("first_frame", S.dataURI("image/png_640x480.png", mime: "image/png"))
      ])),
    Example(
      rule: .dataURIMime,
      triggering: S.body(media: [
        ("first_frame", S.dataURI("image/jpeg_640x480.jpg", mime: "image/png"))
      ]),
      nonTriggering: S.body(media: [
        ("first_frame", S.dataURI("image/jpeg_640x480.jpg", mime: "image/jpeg"))
      ])),
    Example(
      rule: .mediaOutside, triggering: S.body(media: [("first_frame", "../../../../etc/passwd")]),
      nonTriggering: S.body(), roots: [S.media]),
    Example(
      rule: .mediaUnreadable, triggering: S.body(media: [("first_frame", "broken/truncated.png")]),
      nonTriggering: S.body()),
    Example(
      rule: .extensionMismatch,
      triggering: S.body(media: [("first_frame", "image/jpeg_named_png.png")]),
      nonTriggering: S.body(media: [("first_frame", "image/jpeg_640x480.jpg")])),
    Example(
      rule: .orientation,
      triggering: S.body(media: [("first_frame", "image/jpeg_exif_orientation6.jpg")]),
      nonTriggering: S.body(media: [("first_frame", "image/jpeg_640x480.jpg")])),
    Example(
      rule: .imageFormat, triggering: S.body(media: [("first_frame", "image/gif_still_64x64.gif")]),
      nonTriggering: S.body(media: [("first_frame", "image/webp_640x480.webp")])),
    Example(
      rule: .imageAlpha,
      triggering: S.body(media: [("first_frame", "image/png_rgba_opaque_320x240.png")]),
      nonTriggering: S.body()),
    Example(
      rule: .imageAnimated,
      triggering: S.body(media: [("first_frame", "image/gif_animated_64x64.gif")]),
      nonTriggering: S.body(media: [("first_frame", "image/gif_still_64x64.gif")])),
    Example(
      rule: .imageSize, triggering: S.body(media: [("first_frame", "image/png_200x900.png")]),
      nonTriggering: S.body(media: [("first_frame", "image/png_750x1000.png")])),
    Example(
      rule: .imageAspect, triggering: S.body(media: [("first_frame", "image/png_2000x240.png")]),
      nonTriggering: S.body(media: [("first_frame", "image/png_200x900.png")])),
    Example(
      rule: .imageBytes, triggering: S.body(), nonTriggering: S.body(),
      spec: S.spec {
        $0.image.maxBytes = ByteLimit(stated: "1000 bytes", certain: 1000, most: 1000)
      }),
    Example(
      rule: .audioFormat,
      triggering: S.body(media: [
        ("first_frame", "image/png_640x480.png"), ("driving_audio", "audio/m4a_aac_2s.m4a"),
      ]),
      nonTriggering: S.body(media: [
        ("first_frame", "image/png_640x480.png"), ("driving_audio", "audio/wav_3s_8000_mono.wav"),
      ])),
    Example(
      rule: .audioDuration,
      triggering: S.body(media: [
        ("first_frame", "image/png_640x480.png"), ("driving_audio", "audio/wav_1s_8000_stereo.wav"),
      ]),
      nonTriggering: S.body(media: [
        ("first_frame", "image/png_640x480.png"), ("driving_audio", "audio/wav_3s_8000_mono.wav"),
      ])),
    Example(
      rule: .audioBytes,
      triggering: S.body(
        media: [
          ("first_frame", "image/png_640x480.png"), ("driving_audio", "audio/wav_3s_8000_mono.wav"),
        ], parameters: #""resolution": "720P", "duration": 3"#),
      nonTriggering: S.body(
        media: [
          ("first_frame", "image/png_640x480.png"), ("driving_audio", "audio/wav_3s_8000_mono.wav"),
        ], parameters: #""resolution": "720P", "duration": 3"#),
      spec: S.spec {
        $0.audio.maxBytes = ByteLimit(stated: "1000 bytes", certain: 1000, most: 1000)
      }),
    Example(
      rule: .audioVsDuration,
      triggering: S.body(media: [
        ("first_frame", "image/png_640x480.png"), ("driving_audio", "audio/wav_3s_8000_mono.wav"),
      ]),
      nonTriggering: S.body(
        media: [
          ("first_frame", "image/png_640x480.png"), ("driving_audio", "audio/wav_3s_8000_mono.wav"),
        ], parameters: #""resolution": "720P", "duration": 3"#)),
    Example(
      rule: .clipFormat,
      triggering: S.body(media: [("first_clip", "video/webm_vp9_2s_320x240.webm")]),
      nonTriggering: S.body(media: [("first_clip", "video/mov_h264_2s_320x240.mov")])),
    Example(
      rule: .clipNoVideo,
      triggering: S.body(media: [("first_clip", "video/mp4_audio_only_2s.mp4")]),
      nonTriggering: S.body(media: [("first_clip", "video/mov_h264_2s_320x240.mov")])),
    Example(
      rule: .clipDuration,
      triggering: S.body(
        media: [("first_clip", "video/mp4_h264_12s_160x120.mp4")],
        parameters: #""resolution": "720P", "duration": 15"#),
      nonTriggering: S.body(
        media: [("first_clip", "video/mp4_h264_aac_3s_320x240.mp4")],
        parameters: #""resolution": "720P", "duration": 15"#)),
    Example(
      rule: .clipSize,
      triggering: S.body(media: [("first_clip", "video/mp4_h264_12s_160x120.mp4")]),
      nonTriggering: S.body(media: [("first_clip", "video/mp4_h264_aac_3s_320x240.mp4")])),
    Example(
      rule: .clipAspect,
      triggering: S.body(media: [("first_clip", "video/mov_h264_2s_320x240.mov")]),
      nonTriggering: S.body(media: [("first_clip", "video/mov_h264_2s_320x240.mov")]),
      spec: S.spec { $0.clip.maxAspect = 1.2 }),
    Example(
      rule: .clipBytes,
      triggering: S.body(media: [("first_clip", "video/mov_h264_2s_320x240.mov")]),
      nonTriggering: S.body(media: [("first_clip", "video/mov_h264_2s_320x240.mov")]),
      spec: S.spec { $0.clip.maxBytes = ByteLimit(stated: "1000 bytes", certain: 1000, most: 1000) }
    ),
    Example(
      rule: .clipVsDuration,
      triggering: S.body(
        media: [("first_clip", "video/mp4_h264_aac_3s_320x240.mp4")],
        parameters: #""resolution": "720P", "duration": 3"#),
      nonTriggering: S.body(
        media: [("first_clip", "video/mp4_h264_aac_3s_320x240.mp4")],
        parameters: #""resolution": "720P", "duration": 4"#)),
    Example(
      rule: .clipStart,
      triggering: S.body(
        media: [("first_clip", "video/mp4_h264_start2s_320x240.mp4")],
        parameters: #""resolution": "720P", "duration": 8"#),
      nonTriggering: S.body(
        media: [("first_clip", "video/mp4_h264_aac_3s_320x240.mp4")],
        parameters: #""resolution": "720P", "duration": 8"#)),
    Example(
      rule: .lastFrameAspect,
      triggering: S.body(media: [
        ("first_frame", "image/jpeg_640x480.jpg"), ("last_frame", "image/png_750x1000.png"),
      ]),
      nonTriggering: S.body(media: [
        ("first_frame", "image/jpeg_640x480.jpg"), ("last_frame", "image/webp_640x480.webp"),
      ])),
  ]

  @Test("every rule has an example")
  func everyRuleHasAnExample() {
    #expect(Set(Self.examples.map(\.rule)) == Set(RuleID.allCases))
  }

  @Test("the triggering request reports the rule", arguments: examples)
  func triggers(_ example: Example) async {
    let report = await CheckSupport.check(
      example.triggering, spec: example.spec, region: example.region, roots: example.roots)
    let found = report.diagnostics.filter { $0.rule == example.rule }
    #expect(!found.isEmpty, "\(report.diagnostics.map(\.rule.rawValue))")
    for diagnostic in found {
      #expect(!diagnostic.message.isEmpty && !diagnostic.pointer.hasPrefix("#"))
      #expect(diagnostic.file == "request.json")
    }
  }

  @Test("the non-triggering request does not", arguments: examples)
  func doesNotTrigger(_ example: Example) async {
    let report = await CheckSupport.check(example.nonTriggering)
    #expect(
      !report.diagnostics.contains { $0.rule == example.rule },
      "\(report.diagnostics.map { "\($0.rule.rawValue): \($0.message)" })")
  }
}

/// The DocC articles document every rule, so the catalog cannot fall behind the code.
@Suite("Rule documentation")
struct RuleDocumentationTests {
  @Test("every rule id appears in its family's article with its default severity")
  func everyRuleIsDocumented() throws {
    let catalog = CheckSupport.root.appendingPathComponent(
      "Sources/WanPreflight/Documentation.docc")
    let articles = [
      "request": "RequestRules.md", "reference": "ReferenceRules.md",
      "content": "ContentRules.md",
    ]
    for rule in RuleID.allCases {
      let file = try #require(articles[rule.family])
      let text = try String(contentsOf: catalog.appendingPathComponent(file), encoding: .utf8)
      let row = text.split(separator: "\n").first { $0.hasPrefix("| `\(rule.rawValue)` |") }
      #expect(row != nil, "\(rule.rawValue) is missing from \(file)")
      #expect(row?.contains(rule.defaultSeverity.rawValue) == true, "\(rule.rawValue)")
    }
  }
}
