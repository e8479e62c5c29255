import Foundation
import Testing

/// End-to-end tests of `wan-preflight preview`: the files, the lines printed, the exit codes.
@Suite("wan-preflight preview (end to end)")
struct PreviewCommandTests {
  @Test("every --help example that runs on fixtures writes what it prints and exits 0")
  func helpExamples() throws {
    let help = try CLI.run(["preview", "--help"])
    #expect(help.status == 0)
    let examples = help.stdout.split(separator: "\n")
      .map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { $0.hasPrefix("wan-preflight preview fixtures/") }
    #expect(examples.count == 2)
    for example in examples {
      try withTemporaryDirectory { folder in
        var words = example.split(separator: " ").map(String.init).dropFirst()
        let out = folder.appendingPathComponent("preview").path
        let index = try #require(words.firstIndex(of: "--out"))
        try #require(index + 1 < words.endIndex)
        words[index + 1] = out
        let result = try CLI.run(Array(words))
        #expect(result.status == 0, "\(example): \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(lines.map { URL(fileURLWithPath: $0).lastPathComponent }.sorted() == names)
        #expect(lines.last == out + "/index.html")
        #expect(names.contains("last_frame_crop.png"))
      }
    }
  }

  @Test("a request with errors exits 1 and still renders what it can")
  func errorsStillRender() throws {
    try withTemporaryDirectory { folder in
      let out = folder.appendingPathComponent("pv").path
      let result = try CLI.run([
        "preview", "fixtures/requests/mistakes/image_problems.json", "--out", out,
      ])
      #expect(result.status == 1, "\(result.stderr)")
      #expect(result.stdout.split(separator: "\n").first == Substring(out + "/first_frame.png"))
      #expect(FileManager.default.fileExists(atPath: out + "/index.html"))
    }
  }

  @Test("a hostile last frame: no picture, the probe's code printed, exit 1, the rest written")
  func hostileLastFrame() throws {
    let table = try String(
      contentsOfFile: CLI.fixture("../hostile/expected.tsv"), encoding: .utf8)
    let row = try #require(
      table.split(separator: "\n").first { !$0.hasPrefix("#") }?.split(separator: "\t"))
    try withTemporaryDirectory { folder in
      let out = folder.appendingPathComponent("pv").path
      let result = try CLI.run([
        "preview", "--first-frame", "fixtures/media/image/png_640x480.png", "--last-frame",
        CLI.fixture("../hostile/files/\(row[0])"), "--duration", "5", "--resolution", "720P",
        "--out", out,
      ])
      #expect(result.status == 1)
      let lines = result.stdout.split(separator: "\n").map(String.init)
      #expect(lines.prefix(2) == [out + "/first_frame.png", out + "/index.html"])
      #expect(lines.count == 3)
      #expect(lines.last?.hasPrefix("/input/media/1: no picture: ") == true)
      #expect(lines.last?.hasSuffix("[\(row[1])]") == true)
    }
  }

  @Test("--format json prints wan-preflight.preview/1 with each picture's size")
  func json() throws {
    try withTemporaryDirectory { folder in
      let out = folder.appendingPathComponent("pv").path
      let result = try CLI.run([
        "preview", "fixtures/requests/first_frame.json", "--out", out, "--format", "json",
      ])
      #expect(result.status == 0, "\(result.stderr)")
      let object = try #require(
        try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
      #expect(object["schema"] as? String == "wan-preflight.preview/1")
      let pictures = try #require(object["pictures"] as? [[String: Any]])
      let report = try #require(object["report"] as? [String: Any])
      let plan = try #require(report["plan"] as? [String: Any])
      let output = try #require(plan["output"] as? [String: Any])
      #expect(pictures.first?["name"] as? String == "first_frame.png")
      #expect(pictures.first?["width"] as? Int == output["width"] as? Int)
      #expect(pictures.first?["height"] as? Int == output["height"] as? Int)
      #expect((object["written"] as? [String])?.last == out + "/index.html")
    }
  }

  @Test("no --out is a usage error (2); the folder being a file is a write failure (1)")
  func usage() throws {
    let missing = try CLI.run(["preview", "fixtures/requests/first_frame.json"])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("--out DIR"))
    try withTemporaryDirectory { folder in
      let file = folder.appendingPathComponent("file").path
      try Data("x".utf8).write(to: URL(fileURLWithPath: file))
      let result = try CLI.run(["preview", "fixtures/requests/first_frame.json", "--out", file])
      #expect(result.status == 1)
      #expect(result.stdout.contains("is a file, not a folder [write_failed]"))
      #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == Data("x".utf8))
    }
  }
}

/// The preview page in a real browser: headless Chromium renders it, light and dark, at a
/// phone's width and a desktop's, without a console message and not blank.
@Suite("wan-preflight preview: the page in headless Chromium")
struct PreviewChromiumTests {
  @Test(
    "index.html renders at 375 and 1280 px, light and dark, with its pictures and no message",
    .enabled(if: Chromium.isAvailable, Chromium.skipReason),
    .enabled(if: PNGSummary.isAvailable, "python3 is not installed to decode PNGs; skipped"))
  func render() throws {
    try withTemporaryDirectory { folder in
      let out = folder.appendingPathComponent("preview")
      let result = try CLI.run([
        "preview", "fixtures/requests/first_last_frame_audio.yaml", "--out", out.path,
      ])
      #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
      let page = out.appendingPathComponent("index.html")
      for (width, scheme, background) in [
        (375, Chromium.Scheme.light, [255, 255, 255]), (1280, .dark, [22, 24, 29]),
      ] {
        let render = try Chromium.render(page, width: width, height: 900, scheme: scheme)
        #expect(render.status == 0, "\(render.log)")
        #expect(render.console == [])
        let png = try PNGSummary.of(render.png)
        #expect(png.width == width && png.height == 900)
        #expect(Array(png.corner.prefix(3)) == background)
        #expect(png.colors > 50)  // text and the frames: many shades, not a blank page
        #expect(png.foreground > width * 900 / 20)  // over 5 % of pixels are not background
      }
    }
  }
}
