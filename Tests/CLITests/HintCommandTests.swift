import Foundation
import Testing

@testable import WanPreflight

/// Every command a hint gives is run, as a user would paste it, on a file that triggers its
/// rule: in a temporary folder holding a copy of the input (named with spaces and brackets, so
/// quoting is tested too), through `/bin/sh -c`. Then `check` on the output must no longer
/// report the rule, and the copy must be byte-identical.
@Suite("Hint commands work")
struct HintCommandTests {
  /// One rule whose hint gives a command, and how to make a file that triggers it.
  struct Case: Sendable, CustomStringConvertible {
    var rule: RuleID
    var kind: FixCommand.Kind
    /// The input's file name in the temporary folder.
    var input: String
    /// Writes the input into the folder (a copy of a fixture, or made with ffmpeg).
    var make: @Sendable (URL) throws -> Void
    /// The `check` flags for a file at the given path (media flag, duration).
    var flags: @Sendable (String) -> [String]
    var description: String { "\(rule.rawValue) via \(kind.rawValue)" }
  }

  static let frame = CLI.fixture("image/png_640x480.png")

  static func image(_ path: String) -> [String] { ["--first-frame", path, "--duration", "5"] }
  static func audio(_ duration: Int) -> @Sendable (String) -> [String] {
    { ["--first-frame", frame, "--audio", $0, "--duration", String(duration)] }
  }
  static func clip(_ path: String) -> [String] { ["--clip", path, "--duration", "15"] }

  /// Copies `fixture` (under `fixtures/media`) to the input's name.
  static func copy(_ fixture: String, to name: String) -> @Sendable (URL) throws -> Void {
    { folder in
      try FileManager.default.copyItem(
        atPath: CLI.fixture(fixture), toPath: folder.appendingPathComponent(name).path)
    }
  }

  /// Makes the input with ffmpeg from lavfi sources: `arguments` come before the output name.
  static func generate(_ arguments: [String], to name: String) -> @Sendable (URL) throws -> Void {
    { folder in
      let result = try Shell.run(
        "ffmpeg", ["-loglevel", "error", "-n"] + arguments + [name], in: folder)
      #expect(result.status == 0, "\(result.stderr)")
    }
  }

  /// A copy of a fixture clip padded with a trailing `free` box (zeros, written sparsely) to
  /// `size` bytes: a valid file, as large as a limit needs.
  static func padded(_ fixture: String, to size: Int64, name: String)
    -> @Sendable (URL) throws -> Void
  {
    { folder in
      let path = folder.appendingPathComponent(name)
      var bytes = try Data(contentsOf: URL(fileURLWithPath: CLI.fixture(fixture)))
      let free = UInt32(size - Int64(bytes.count))
      bytes += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: free >> $0) } + Array("free".utf8)
      try bytes.write(to: path)
      let handle = try FileHandle(forWritingTo: path)
      try handle.truncate(atOffset: UInt64(size))
      try handle.close()
    }
  }

  static let cases: [Case] = [
    Case(
      rule: .imageFormat, kind: .stillImage, input: "my frame (1).gif",
      make: copy("image/gif_animated_64x64.gif", to: "my frame (1).gif"), flags: image),
    Case(
      rule: .imageAnimated, kind: .stillImage, input: "my frame (1).gif",
      make: copy("image/gif_animated_64x64.gif", to: "my frame (1).gif"), flags: image),
    Case(
      rule: .imageAlpha, kind: .flattenAlpha, input: "my frame (1).png",
      make: copy("image/png_rgba_transparent_320x240.png", to: "my frame (1).png"), flags: image),
    Case(
      rule: .imageSize, kind: .scaleImage, input: "my frame (1).png",
      make: copy("image/png_200x900.png", to: "my frame (1).png"), flags: image),
    Case(
      rule: .imageSize, kind: .scaleImage, input: "my frame (1).jpg",
      make: copy("image/jpeg_8200x400.jpg", to: "my frame (1).jpg"), flags: image),
    // 2720x2600 at 3 bytes a pixel: 21,216,054 bytes, over 20 MB on either reading.
    Case(
      rule: .imageBytes, kind: .saveAsJPEG, input: "my frame (1).bmp",
      make: generate(
        ["-f", "lavfi", "-i", "testsrc2=size=2720x2600", "-frames:v", "1"],
        to: "my frame (1).bmp"), flags: image),
    Case(
      rule: .audioFormat, kind: .audioToMP3, input: "my voice (1).m4a",
      make: copy("audio/m4a_aac_2s.m4a", to: "my voice (1).m4a"), flags: audio(2)),
    // 25 s of 96 kHz stereo 32-bit PCM: 19.2 MB, over 15 MB on either reading.
    Case(
      rule: .audioBytes, kind: .audioToMP3, input: "my voice (1).wav",
      make: generate(
        [
          "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=96000", "-ac", "2", "-t", "25",
          "-c:a", "pcm_s32le",
        ], to: "my voice (1).wav"), flags: audio(15)),
    Case(
      rule: .audioDuration, kind: .trimAudio, input: "my voice (1).wav",
      make: generate(
        ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=8000", "-t", "31"],
        to: "my voice (1).wav"), flags: audio(5)),
    Case(
      rule: .audioDuration, kind: .padAudio, input: "my voice (1).wav",
      make: copy("audio/wav_1s_8000_stereo.wav", to: "my voice (1).wav"), flags: audio(5)),
    Case(
      rule: .audioVsDuration, kind: .trimAudio, input: "my voice (1).mp3",
      make: copy("audio/mp3_3s_44100_stereo.mp3", to: "my voice (1).mp3"), flags: audio(2)),
    Case(
      rule: .audioVsDuration, kind: .padAudio, input: "my voice (1).wav",
      make: copy("audio/wav_3s_8000_mono.wav", to: "my voice (1).wav"), flags: audio(5)),
    Case(
      rule: .clipFormat, kind: .clipToMP4, input: "my clip (1).webm",
      make: copy("video/webm_vp9_2s_320x240.webm", to: "my clip (1).webm"), flags: clip),
    // Vorbis does not go into MP4 by copying: the command must transcode it.
    Case(
      rule: .clipFormat, kind: .clipToMP4, input: "my clip (1).webm",
      make: generate(
        [
          "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i",
          "sine=frequency=440:sample_rate=44100", "-t", "2", "-c:v", "libvpx", "-c:a",
          "libvorbis",
        ], to: "my clip (1).webm"), flags: clip),
    // Odd sides (as the corpus's 161x121 WebM): libx264 refuses them unless scaled to even.
    Case(
      rule: .clipFormat, kind: .clipToMP4, input: "my odd clip (1).webm",
      make: generate(
        [
          "-f", "lavfi", "-i", "testsrc2=size=321x241:rate=25", "-t", "2", "-c:v", "libvpx-vp9",
        ], to: "my odd clip (1).webm"), flags: clip),
    // 11 s at 23.976 fps with AAC audio: a cut by time alone can keep one frame too many.
    Case(
      rule: .clipDuration, kind: .trimClip, input: "my clip (1).mp4",
      make: generate(
        [
          "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=24000/1001", "-f", "lavfi", "-i",
          "sine=frequency=440:sample_rate=44100", "-t", "11", "-c:v", "libx264", "-preset",
          "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac",
        ], to: "my clip (1).mp4"), flags: clip),
    // 104,857,601 bytes: over 100 MB on either reading.
    Case(
      rule: .clipBytes, kind: .shrinkClip, input: "my clip (1).mov",
      make: padded("video/mov_h264_2s_320x240.mov", to: 104_857_601, name: "my clip (1).mov"),
      flags: clip),
    // Video from 1 s to 4 s, audio from 0 s: an edit list that starts with empty time.
    Case(
      rule: .clipStart, kind: .startClip, input: "my clip (1).mp4",
      make: generate(
        [
          "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=4", "-itsoffset",
          "1", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30:duration=3", "-map", "1:v",
          "-map", "0:a", "-fps_mode", "passthrough", "-c:v", "libx264", "-preset", "ultrafast",
          "-pix_fmt", "yuv420p", "-c:a", "aac",
        ], to: "my clip (1).mp4"), flags: clip),
    Case(
      rule: .clipSize, kind: .scaleClip, input: "my clip (1).mp4",
      make: copy("video/mp4_h264_12s_160x120.mp4", to: "my clip (1).mp4"), flags: clip),
  ]

  /// Programs outside FFmpeg, each with its own test below.
  static let otherPrograms: [(RuleID, FixCommand.Kind)] = [
    (.imageFormat, .heifToJPEG), (.imageFormat, .renderSVG),
  ]

  @Test("every command a hint can give has a case here")
  func everyCommandIsTested() {
    let tested = Set(
      Self.cases.map { "\($0.rule.rawValue) \($0.kind.rawValue)" }
        + Self.otherPrograms.map { "\($0.0.rawValue) \($0.1.rawValue)" })
    let given = Set(
      FixCommand.Kind.allCases.flatMap { kind in
        kind.rules.map { "\($0.rawValue) \(kind.rawValue)" }
      })
    #expect(tested == given)
  }

  @Test(
    "the hint's command fixes what its rule found", .enabled(if: Shell.has("ffmpeg")),
    arguments: cases)
  func commandFixes(_ example: Case) throws {
    try Shell.withFolder { folder in
      try example.make(folder)
      try Self.follow(
        example.rule, input: example.input, in: folder, flags: example.flags)
    }
  }

  /// A real 3GP from the corpus beside the repository: H.263 with AMR-NB audio, which no
  /// encoder here can make and MP4 cannot hold by copying.
  static let amrClip = CLI.root.deletingLastPathComponent()
    .appendingPathComponent("shared/corpus/video/anamorphic/h263_sar_63x44.3gp").path

  @Test(
    "an AMR-NB clip from the corpus is transcoded, not remuxed",
    .enabled(if: Shell.has("ffmpeg") && FileManager.default.fileExists(atPath: amrClip)))
  func amrClipToMP4() throws {
    try Shell.withFolder { folder in
      try FileManager.default.copyItem(
        atPath: Self.amrClip, toPath: folder.appendingPathComponent("my clip (1).3gp").path)
      try Self.follow(.clipFormat, input: "my clip (1).3gp", in: folder, flags: Self.clip)
    }
  }

  /// An animated AVIF from the corpus: 100 frames, which ffmpeg writes to one PNG only with
  /// `-frames:v 1`.
  static let avif = CLI.root.deletingLastPathComponent()
    .appendingPathComponent("shared/corpus/images/unsupported/avif_sequence.avif").path

  @Test(
    "an animated AVIF from the corpus keeps its first frame",
    .enabled(if: Shell.has("ffmpeg") && FileManager.default.fileExists(atPath: avif)))
  func avifFirstFrame() throws {
    try Shell.withFolder { folder in
      try FileManager.default.copyItem(
        atPath: Self.avif, toPath: folder.appendingPathComponent("my frame (1).avif").path)
      try Self.follow(.imageFormat, input: "my frame (1).avif", in: folder, flags: Self.image)
    }
  }

  @Test(
    "a HEIC photo: heif-convert, as the hint says", .enabled(if: Shell.has("heif-enc")),
    .enabled(if: Shell.has("heif-convert")))
  func heic() throws {
    try Shell.withFolder { folder in
      let made = try Shell.run(
        "heif-enc", [CLI.fixture("image/png_640x480.png"), "-o", "my photo (1).heic"], in: folder)
      #expect(made.status == 0, "\(made.stderr)")
      try Self.follow(
        .imageFormat, input: "my photo (1).heic", in: folder, flags: Self.image, fixes: false)
    }
  }

  @Test("an SVG: rsvg-convert, as the hint says", .enabled(if: Shell.has("rsvg-convert")))
  func svg() throws {
    try Shell.withFolder { folder in
      let svg =
        #"<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240">"#
        + #"<circle cx="160" cy="120" r="80" fill="red" fill-opacity="0.5"/></svg>"#
      try Data(svg.utf8).write(to: folder.appendingPathComponent("my drawing (1).svg"))
      try Self.follow(
        .imageFormat, input: "my drawing (1).svg", in: folder, flags: Self.image, fixes: false)
    }
  }

  /// Checks `input`, runs the commands in `rule`'s hint (`wan-preflight fix` first when
  /// `fixes`, as fix can rewrite the file; then the hand-made one), and checks what they wrote.
  static func follow(
    _ rule: RuleID, input: String, in folder: URL, flags: (String) -> [String],
    fixes: Bool = true
  ) throws {
    let original = try Data(contentsOf: folder.appendingPathComponent(input))
    let before = try Shell.check(flags(input), in: folder)
    let hint = try #require(
      before.first { $0["rule"] as? String == rule.rawValue }?["hint"] as? String,
      "no \(rule.rawValue) hint in \(before)")
    let commands = Self.commands(in: hint)
    if fixes {
      let fix = try #require(commands.first, "no command in \(hint)")
      try followFix(rule, command: fix, input: input, original: original, in: folder)
    } else {
      #expect(!hint.contains("wan-preflight fix"), "\(hint)")
    }
    let command = try #require(
      commands.first { !$0.hasPrefix("wan-preflight ") }, "no command in \(hint)")
    let output = try #require(Self.outputName(of: command), "\(command)")
    #expect(output != input)

    let ran = try Shell.run("/bin/sh", ["-c", command], in: folder)
    #expect(ran.status == 0, "\(command): \(ran.stderr)")
    #expect(try Data(contentsOf: folder.appendingPathComponent(input)) == original)

    let after = try Shell.check(flags(output), in: folder)
    let rules = after.compactMap { $0["rule"] as? String }
    #expect(!rules.contains(rule.rawValue), "\(command) left \(after)")
    #expect(!rules.contains("media_unreadable") && !rules.contains("file_missing"), "\(after)")
  }

  /// Runs the hint's `wan-preflight fix … --out fixed` (the first command, as the hint puts it
  /// first) with the built binary: it must exit 0, leave the input as it was, and write
  /// `fixed/request.json`, whose check no longer reports `rule`.
  static func followFix(
    _ rule: RuleID, command: String, input: String, original: Data, in folder: URL
  ) throws {
    #expect(command.hasPrefix("wan-preflight fix ") && command.hasSuffix(" --out fixed"))
    let binary = FixCommand.quoted(CLI.binary.path)
    let ran = try Shell.run(
      "/bin/sh", ["-c", binary + command.dropFirst("wan-preflight".count)], in: folder)
    #expect(ran.status == 0, "\(command): \(ran.stdout) \(ran.stderr)")
    #expect(try Data(contentsOf: folder.appendingPathComponent(input)) == original)
    let after = try Shell.check(["fixed/request.json"], in: folder)
    let rules = after.compactMap { $0["rule"] as? String }
    #expect(!rules.contains(rule.rawValue), "\(command) left \(after)")
    #expect(!rules.contains("media_unreadable") && !rules.contains("file_missing"), "\(after)")
    try FileManager.default.removeItem(at: folder.appendingPathComponent("fixed"))
  }

  /// The texts between each pair of backticks in the hint, in order.
  static func commands(in hint: String) -> [String] {
    hint.split(separator: "`", omittingEmptySubsequences: false).enumerated()
      .filter { $0.offset % 2 == 1 }.map { String($0.element) }
  }

  /// The last word of the command: every command writes its output there.
  static func outputName(of command: String) -> String? {
    command.split(separator: " ").last.map(String.init)
  }
}

/// Runs programs in a folder, and `check` with `--format json`.
enum Shell {
  /// Whether `program` is on the `PATH`.
  static func has(_ program: String) -> Bool {
    let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
    return paths.contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(program)") }
  }

  /// Runs `body` with a new empty folder that is removed afterwards.
  static func withFolder(_ body: (URL) throws -> Void) throws {
    try withTemporaryDirectory(body)
  }

  /// Runs `program` (a path, or a name looked up on the `PATH`) in `folder`.
  static func run(_ program: String, _ arguments: [String], in folder: URL) throws -> CLIResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [program] + arguments
    return try run(process, in: folder)
  }

  /// The diagnostics of `wan-preflight check FLAGS --resolution 720P --format json` in `folder`.
  static func check(_ flags: [String], in folder: URL) throws -> [[String: Any]] {
    let process = Process()
    process.executableURL = CLI.binary
    process.arguments = ["check"] + flags + ["--resolution", "720P", "--format", "json"]
    let result = try run(process, in: folder)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
      "\(result.stdout) \(result.stderr)")
    return object["diagnostics"] as? [[String: Any]] ?? []
  }

  private static func run(_ process: Process, in folder: URL) throws -> CLIResult {
    process.currentDirectoryURL = folder
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Read both to the end before waiting, so a full pipe cannot stall the child.
    let group = DispatchGroup()
    nonisolated(unsafe) var errorData = Data()
    group.enter()
    DispatchQueue.global().async {
      errorData = err.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    let outputData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return CLIResult(
      status: process.terminationStatus, stdout: String(decoding: outputData, as: UTF8.self),
      stderr: String(decoding: errorData, as: UTF8.self))
  }
}
