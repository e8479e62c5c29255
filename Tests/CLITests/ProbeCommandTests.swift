import Foundation
import Testing

/// End-to-end tests of `wan-preflight probe`: the built binary, its streams and exit codes.
@Suite("wan-preflight probe (end to end)")
struct ProbeCommandTests {
  @Test("a good file prints a table on stdout and nothing on stderr, exit 0")
  func goodFile() throws {
    let result = try CLI.run(["probe", "fixtures/media/image/jpeg_exif_orientation6.jpg"])
    #expect(result.status == 0)
    #expect(result.stderr == "")
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(lines.count == 2)
    #expect(lines[0].hasPrefix("FILE"))
    #expect(lines[0].contains("DISPLAY"))
    let cells = lines[1].split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    #expect(
      Array(cells.prefix(3)) == [
        "fixtures/media/image/jpeg_exif_orientation6.jpg", "image", "jpeg",
      ])
    #expect(cells.contains("640x480") && cells.contains("480x640"))
    #expect(lines[1].contains("EXIF orientation 6 (rotate 90° CW)"))
  }

  @Test("--format json follows the wan-preflight.probe/1 schema")
  func json() throws {
    let result = try CLI.run([
      "probe", "--format", "json", "fixtures/media/video/mp4_h264_rot90_320x240.mp4",
      "fixtures/media/broken/empty.png",
    ])
    #expect(result.status == 1)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(object["schema"] as? String == "wan-preflight.probe/1")
    #expect(object["probed"] as? Int == 1)
    #expect(object["failed"] as? Int == 1)
    let files = try #require(object["files"] as? [[String: Any]])
    #expect(files.count == 2)
    #expect(files[0]["ok"] as? Bool == true)
    let media = try #require(files[0]["media"] as? [String: Any])
    #expect(media["kind"] as? String == "video")
    #expect(media["format"] as? String == "mp4")
    #expect(media["mime_type"] as? String == "video/mp4")
    #expect(media["duration_source"] as? String == "container")
    let streams = try #require(media["streams"] as? [[String: Any]])
    let video = try #require(streams.first { $0["kind"] as? String == "video" })
    #expect(video["width"] as? Int == 320 && video["height"] as? Int == 240)
    #expect(video["display_width"] as? Int == 240 && video["display_height"] as? Int == 320)
    #expect(video["rotation"] as? Int == 90)
    #expect(files[1]["ok"] as? Bool == false)
    let error = try #require(files[1]["error"] as? [String: Any])
    #expect(error["code"] as? String == "empty")
    #expect(error["path"] as? String == "fixtures/media/broken/empty.png")
    #expect(
      result.stderrLines == [
        "wan-preflight: error: fixtures/media/broken/empty.png: the file is empty (0 bytes)"
      ])
  }

  @Test(
    "bad input gets one clear line on stderr, nothing on stdout, exit 1",
    arguments: [
      ("fixtures/media/broken/empty.png", "the file is empty (0 bytes)"),
      ("fixtures/media/broken/text_named.png", "not a recognised image, audio or video format"),
      ("fixtures/media/broken/does-not-exist.mp4", "no such file"),
      ("fixtures/media/broken", "not a regular file (a directory)"),
      (
        "fixtures/media/broken/hls_playlist.mp4",
        "refused: the content is an HLS playlist, which would make FFmpeg read other files"
      ),
      (
        "fixtures/media/broken/concat_script.mov",
        "refused: the content is a concat script, which would make FFmpeg read other files"
      ),
      (
        "fixtures/media/broken/truncated.png",
        "no frame could be decoded (the data is damaged, or a variant FFmpeg cannot read)"
      ),
    ])
  func badInput(path: String, message: String) throws {
    let result = try CLI.run(["probe", path])
    #expect(result.status == 1)
    #expect(result.stdout == "")
    #expect(result.stderrLines.count == 1)
    #expect(
      result.stderrLines.first?.hasPrefix("wan-preflight: error: \(path): \(message)") == true)
  }

  @Test("a FIFO is refused at once instead of blocking")
  func fifo() throws {
    try withTemporaryDirectory { directory in
      let fifo = directory.appendingPathComponent("pipe.mp4").path
      #expect(mkfifo(fifo, 0o644) == 0)
      let result = try CLI.run(["probe", fifo])
      #expect(result.status == 1)
      #expect(result.stderrLines == ["wan-preflight: error: \(fifo): not a regular file (a FIFO)"])
    }
  }

  @Test(
    "an unreadable file is named with the reason",
    .enabled(if: geteuid() != 0, "root reads files whatever their mode"))
  func unreadable() throws {
    try withTemporaryDirectory { directory in
      let path = directory.appendingPathComponent("secret.png").path
      try FileManager.default.copyItem(
        atPath: CLI.fixture("image/png_640x480.png"), toPath: path)
      #expect(chmod(path, 0) == 0)
      let result = try CLI.run(["probe", path])
      #expect(result.status == 1)
      #expect(result.stderrLines == ["wan-preflight: error: \(path): permission denied"])
    }
  }

  @Test("--verbose lets FFmpeg's log through to stderr")
  func verbose() throws {
    let result = try CLI.run(["probe", "--verbose", "fixtures/media/broken/truncated.png"])
    #expect(result.status == 1)
    #expect(result.stderrLines.count > 1)
    #expect(result.stdout == "")
  }

  @Test("good and bad files together: the table for the good, a line for the bad, exit 1")
  func mixed() throws {
    let result = try CLI.run([
      "probe", "fixtures/media/audio/wav_3s_8000_mono.wav", "fixtures/media/broken/empty.png",
    ])
    #expect(result.status == 1)
    #expect(result.stdout.contains("fixtures/media/audio/wav_3s_8000_mono.wav  audio  wav"))
    #expect(!result.stdout.contains("empty.png"))
    #expect(result.stderrLines.count == 1)
  }

  @Test(
    "usage errors exit 2",
    arguments: [
      ["probe"], ["probe", "--format", "xml", "x.png"], ["probe", "--timeout", "-1", "x.png"],
      ["probe", "--no-such-flag", "x.png"], ["no-such-command"],
    ])
  func usageErrors(arguments: [String]) throws {
    let result = try CLI.run(arguments)
    #expect(result.status == 2)
    #expect(result.stdout == "")
    #expect(result.stderr.contains("Error:") || result.stderr.contains("Usage:"))
  }

  @Test("--help shows examples and the exit codes; --version the version")
  func helpAndVersion() throws {
    let help = try CLI.run(["probe", "--help"])
    #expect(help.status == 0)
    #expect(help.stdout.contains("Examples:"))
    #expect(help.stdout.contains("wan-preflight probe cat.jpg"))
    #expect(help.stdout.contains("Exit status: 0"))
    let version = try CLI.run(["--version"])
    #expect(version.status == 0)
    #expect(version.stdout == "0.1.0\n")
  }

  @Test("FFmpeg writes nothing to the terminal, even for files it complains about")
  func ffmpegIsQuiet() throws {
    let result = try CLI.run(["probe", "fixtures/media/broken/truncated.jpg"])
    #expect(result.status == 1)
    #expect(result.stderrLines.count == 1)
    #expect(!result.stderr.contains("@ 0x"))
  }
}
