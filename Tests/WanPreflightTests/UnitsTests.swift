import Foundation
import MediaProbe
import Testing

@testable import WanPreflight

/// One formatter for sizes and seconds, and the size limits read both ways.
@Suite("Units and size limits")
struct UnitsTests {
  @Test(
    "sizes are decimal with one decimal, rounded half up, and never trap",
    arguments: [
      (Int64(0), "0 B"), (999, "999 B"), (1000, "1.0 KB"), (21_400, "21.4 KB"),
      (999_949, "999.9 KB"), (999_950, "1.0 MB"), (19_500_000, "19.5 MB"),
      (20_000_001, "20.0 MB"), (20_971_520, "21.0 MB"), (104_857_600, "104.9 MB"),
      (Int64.max, "9.2 EB"), (-5, "-5 B"),
    ])
  func bytes(count: Int64, text: String) {
    #expect(Units.bytes(count) == text)
  }

  @Test("money has two decimals and never traps")
  func money() {
    #expect(Units.money(5) == "5.00")
    #expect(Units.money(0.733924 * 5) == "3.67")
    #expect(Units.money(0.005) == "0.01")
    #expect(Units.money(-1.5) == "-1.50")
    #expect(Units.money(4_999_999.95) == "4999999.95")
    #expect(Units.money(1e300) == "1e+300")
    #expect(Units.money(.infinity) == "inf")
  }

  @Test func groupedBytes() {
    #expect(Units.grouped(20_971_520) == "20,971,520")
    #expect(Units.grouped(999) == "999")
    #expect(Units.grouped(1000) == "1,000")
    #expect(Units.grouped(-1_000_000) == "-1,000,000")
    #expect(Units.bytesExactly(20_500_000) == "20.5 MB (20,500,000 bytes)")
  }

  @Test(
    "seconds are exact to the millisecond; tiny ones are not 0",
    arguments: [
      (3.0, "3"), (2.5, "2.5"), (0.0667, "0.067"), (10.0049, "10.005"), (0.04, "0.04"),
      (0.047, "0.047"), (0.00025, "0.00025"), (0, "0"), (-1.5, "-1.5"), (362.0, "362"),
      (2.2e61, "2.2e+61"), (Double.infinity, "inf"),
    ])
  func seconds(value: Double, text: String) {
    #expect(Units.seconds(value) == text)
  }

  @Test("the probe table and the check print the same size for the same file")
  func oneUnit() throws {
    var info = try Prober().probe(CheckSupport.media + "/image/png_640x480.png")
    info.byteSize = 20_500_000
    #expect(ProbeTable.row(info)[3] == "20.5 MB")
    let found = Self.diagnostics(info, role: .firstFrame)
    let size = try #require(found.first { $0.rule == .imageBytes })
    #expect(size.message.contains("is 20.5 MB (20,500,000 bytes)"), "\(size.message)")
  }

  /// The three limits and a fixture of each kind.
  static let limits: [(MediaRole, String, RuleID, Int64)] = [
    (.firstFrame, "image/png_640x480.png", .imageBytes, 20),
    (.drivingAudio, "audio/wav_3s_8000_mono.wav", .audioBytes, 15),
    (.firstClip, "video/mov_h264_2s_320x240.mov", .clipBytes, 100),
  ]

  @Test("at the band's edges: nothing, warning, warning, error", arguments: limits)
  func bandEdges(role: MediaRole, fixture: String, rule: RuleID, megabytes: Int64) throws {
    var info = try Prober().probe(CheckSupport.media + "/" + fixture)
    let certain = megabytes * 1_000_000
    let most = megabytes * 1_048_576
    for (size, severity) in [
      (certain, nil), (certain + 1, Severity.warning), (most, .warning), (most + 1, .error),
    ] {
      info.byteSize = size
      let found = Self.diagnostics(info, role: role).filter { $0.rule == rule }
      #expect(found.map(\.severity) == (severity.map { [$0] } ?? []), "\(rule) at \(size)")
      guard let diagnostic = found.first else { continue }
      #expect(diagnostic.message.contains("(\(Units.grouped(size)) bytes)"))
      #expect(diagnostic.message.contains(Units.grouped(most)), "\(diagnostic.message)")
      if severity == .warning {
        #expect(diagnostic.message.contains(Units.grouped(certain)))
        #expect(diagnostic.message.contains("may refuse it (inferred"), "\(diagnostic.message)")
      }
    }
  }

  @Test(
    "a real clip padded to the band's edges with a trailing free box",
    arguments: [
      (Int64(100_000_000), Severity?.none), (Int64(100_000_001), Severity.warning),
      (Int64(104_857_600), Severity.warning), (Int64(104_857_601), Severity.error),
    ] as [(Int64, Severity?)])
  func clipAtTheEdge(size: Int64, severity: Severity?) async throws {
    try await CheckSupport.withTemporaryFolder { folder in
      let clip = folder.appendingPathComponent("padded.mov")
      var bytes = try Data(
        contentsOf: URL(fileURLWithPath: CheckSupport.media)
          .appendingPathComponent("video/mov_h264_2s_320x240.mov"))
      let free = UInt32(size - Int64(bytes.count))
      bytes +=
        [
          UInt8(free >> 24), UInt8(free >> 16 & 0xFF), UInt8(free >> 8 & 0xFF),
          UInt8(free & 0xFF),
        ] + Array("free".utf8)
      try bytes.write(to: clip)
      // The rest of the box is zeros, written sparsely.
      let handle = try FileHandle(forWritingTo: clip)
      try handle.truncate(atOffset: UInt64(size))
      try handle.close()
      let report = await CheckSupport.check(
        CheckSupport.body(
          media: [("first_clip", clip.path)], parameters: #""resolution": "720P", "duration": 5"#))
      let found = report.diagnostics.filter { $0.rule == .clipBytes }
      #expect(found.map(\.severity) == (severity.map { [$0] } ?? []), "\(report.diagnostics)")
      #expect(!report.diagnostics.contains { $0.rule == .mediaUnreadable })
    }
  }

  @Test("a JPEG too large is not told to be saved as JPEG; a PNG is")
  func jpegHint() throws {
    var jpeg = try Prober().probe(CheckSupport.media + "/image/jpeg_640x480.jpg")
    jpeg.byteSize = 30_000_000
    let jpegHint = try #require(
      Self.diagnostics(jpeg, role: .firstFrame).first { $0.rule == .imageBytes }?.hint)
    #expect(!jpegHint.contains("save it as JPEG"), "\(jpegHint)")
    #expect(jpegHint.contains("lower quality"))
    var png = try Prober().probe(CheckSupport.media + "/image/png_640x480.png")
    png.byteSize = 30_000_000
    let pngHint = try #require(
      Self.diagnostics(png, role: .firstFrame).first { $0.rule == .imageBytes }?.hint)
    #expect(pngHint.hasPrefix("save it as JPEG: `ffmpeg -n -i "))
  }

  @Test("a clip longer than any duration is told to be trimmed, not 'above 362 s, e.g. 15'")
  func longClip() throws {
    var info = try Prober().probe(CheckSupport.media + "/video/mov_h264_2s_320x240.mov")
    info.durationSeconds = 362
    let found = Self.diagnostics(info, role: .firstClip, duration: 15)
    let hint = try #require(found.first { $0.rule == .clipVsDuration }?.hint)
    #expect(hint.hasPrefix("trim the clip to at most 10 s first"), "\(hint)")
    let trim = try #require(found.first { $0.rule == .clipDuration }?.hint)
    #expect(trim.hasPrefix("keep its first 250 frames (10 s): `ffmpeg -n -i "), "\(trim)")
    info.durationSeconds = 3.5
    let short = try #require(
      Self.diagnostics(info, role: .firstClip, duration: 3).first { $0.rule == .clipVsDuration })
    #expect(short.hint?.hasPrefix("set duration to at least 4 (at most 15)") == true)
  }

  @Test("audio hints trim or pad to the duration and never ask for one outside 2…15")
  func audioHints() throws {
    var info = try Prober().probe(CheckSupport.media + "/audio/wav_3s_8000_mono.wav")
    info.durationSeconds = 40
    let long = Self.diagnostics(info, role: .drivingAudio, duration: 15)
    let cut = try #require(long.first { $0.rule == .audioVsDuration }?.hint)
    #expect(cut.contains(" -t 15 ") && !cut.contains("raise duration"), "\(cut)")
    #expect(long.first { $0.rule == .audioDuration }?.hint?.contains(" -t 15 ") == true)
    info.durationSeconds = 1
    let short = Self.diagnostics(info, role: .drivingAudio, duration: 2)
    let pad = try #require(short.first { $0.rule == .audioVsDuration }?.hint)
    #expect(pad.contains("-af apad -t 2 ") && !pad.contains("lower duration"), "\(pad)")
    info.durationSeconds = 4.01
    let nearly = Self.diagnostics(info, role: .drivingAudio, duration: 5)
    #expect(
      nearly.first { $0.rule == .audioVsDuration }?.hint?.hasSuffix(", or lower duration to 4")
        == true)
  }

  @Test("commands quote what a shell would split, and never write over the input")
  func quoting() {
    #expect(FixCommand.quoted("my frame (1).png") == "'my frame (1).png'")
    #expect(FixCommand.quoted("it's.png") == #"'it'\''s.png'"#)
    #expect(FixCommand.quoted("a/b-c_d.png") == "a/b-c_d.png")
    #expect(FixCommand.quoted("$HOME.png") == "'$HOME.png'")
    #expect(FixCommand.quoted("") == "''")
    #expect(
      FixCommand.stillImage("-x.gif", role: .lastFrame).text
        == "ffmpeg -n -i ./-x.gif -frames:v 1 -pix_fmt rgb24 last_frame.png")
    #expect(
      FixCommand.output(for: .firstFrame, fileExtension: "png", input: "in/First_Frame.png")
        == "first_frame_fixed.png")
    #expect(
      FixCommand.output(for: .firstFrame, fileExtension: "png", input: "first_frame.gif")
        == "first_frame.png")
  }

  @Test("every hint that quotes a command comes from a rule FixCommand or the fix planner lists")
  func commandHintsAreListed() async {
    let listed = Set(FixCommand.Kind.allCases.flatMap(\.rules))
    for rule in RuleID.allCases {
      let report = await RuleExampleTests.check(rule.details.firing)
      for diagnostic in report.diagnostics {
        let quoted = (diagnostic.hint ?? "").split(separator: "`", omittingEmptySubsequences: false)
          .enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
        let byHand = quoted.filter { !$0.hasPrefix("wan-preflight fix ") }
        if !byHand.isEmpty {
          #expect(listed.contains(diagnostic.rule), "\(diagnostic.rule): \(diagnostic.hint ?? "")")
        }
        if quoted.count > byHand.count {
          #expect(FixPlanner.fixableRules.contains(diagnostic.rule), "\(diagnostic.rule)")
        }
      }
    }
  }

  @Test("a picture the probe could not read, in a format the API does not take, is not accepted")
  func unreadableGIF() async throws {
    try await CheckSupport.withTemporaryFolder { folder in
      let gif = folder.appendingPathComponent("broken.gif").path
      let png = folder.appendingPathComponent("broken.png").path
      #expect(FileManager.default.createFile(atPath: gif, contents: Data("GIF89a".utf8)))
      #expect(
        FileManager.default.createFile(
          atPath: png, contents: Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])))
      let rules = MediaRules(spec: .wan27i2v, region: .beijing, duration: 5)
      // The real probe's error, which carries the format it sniffed.
      func failure(_ path: String) -> ProbeError {
        do {
          _ = try Prober().probe(path)
          return ProbeError(path: path, reason: .other("probed"))
        } catch { return error }
      }
      func found(_ path: String) -> [Diagnostic] {
        rules.check(
          MediaItem(pointer: "/input/media/0", role: .firstFrame, reference: .local(path: path)),
          outcome: .failed(failure(path)))
      }
      #expect(failure(gif).sniffedFormat?.name == "gif")
      let refused = try #require(found(gif).first)
      #expect(refused.rule == .imageFormat && refused.severity == .error)
      #expect(refused.message.contains("is GIF, which the API does not accept"))
      #expect(refused.message.contains("could not be read: \(failure(gif).message)"))
      #expect(refused.hint?.hasPrefix("not accepted; ") == true)
      // An accepted format that does not read is unreadable, as before.
      #expect(found(png).map(\.rule) == [.mediaUnreadable])
    }
  }

  static func diagnostics(_ info: MediaInfo, role: MediaRole, duration: Int = 5) -> [Diagnostic] {
    let item = MediaItem(
      pointer: "/input/media/0", role: role, reference: .local(path: info.path), url: info.path)
    return MediaRules(spec: .wan27i2v, region: .beijing, duration: duration)
      .check(item, outcome: .probed(info))
  }
}
