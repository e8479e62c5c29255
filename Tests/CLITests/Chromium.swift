import Foundation
import Testing

/// What one headless Chromium render of a page did.
struct ChromiumResult {
  /// Chromium's exit status (124 or 137 when `timeout` stopped a hang).
  let status: Int32
  /// The page's console messages (`console.log`/`error` calls, uncaught exceptions, refused
  /// loads): the text between the quotes of each `CONSOLE` line Chromium logs.
  let console: [String]
  /// The screenshot, PNG bytes (empty when none was written or asked for).
  let png: Data
  /// The document after its scripts ran, from ``Chromium/dumpDOM(_:timeout:)`` (else empty).
  let dom: String
  /// Everything Chromium wrote to standard error, for a failing test's message.
  let log: String
}

/// Renders HTML pages with Debian's headless `chromium`, as the page tests need: a screenshot
/// at a window size, the console, the exit status. Each render runs under `timeout` (a hang
/// fails the test, not the suite) with a profile folder of its own, removed afterwards.
enum Chromium {
  /// The `chromium` on `PATH` (or `/usr/bin`), `nil` when there is none.
  static let executable: String? = {
    let folders =
      (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
      .map(String.init) + ["/usr/bin"]
    return folders.map { "\($0)/chromium" }.first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
  }()

  /// Whether pages can be rendered: `chromium` and `timeout` are installed.
  static var isAvailable: Bool {
    executable != nil && FileManager.default.isExecutableFile(atPath: "/usr/bin/timeout")
  }

  /// Why page renders are skipped where they are.
  static let skipReason: Comment =
    "chromium is not installed (scripts/install-deps.sh --test-tools installs it); skipped"

  /// The colour scheme the page sees through `prefers-color-scheme`.
  enum Scheme {
    case light, dark
  }

  /// Why a render could not even start.
  struct Unavailable: Error, CustomStringConvertible {
    var description: String
  }

  /// Renders `html` (a file) in a `width` × `height` window and returns the screenshot and the
  /// console; stops Chromium after `seconds`.
  static func render(
    _ html: URL, width: Int, height: Int, scheme: Scheme = .light, timeout seconds: Int = 30
  ) throws -> ChromiumResult {
    try withTemporaryDirectory { scratch in
      let screenshot = scratch.appendingPathComponent("screenshot.png")
      var options = ["--screenshot=\(screenshot.path)", "--window-size=\(width),\(height)"]
      if scheme == .dark { options.append("--force-dark-mode") }
      let result = try run(html, options, profile: scratch, timeout: seconds)
      return ChromiumResult(
        status: result.status, console: consoleMessages(result.stderr),
        png: (try? Data(contentsOf: screenshot)) ?? Data(), dom: "", log: result.stderr)
    }
  }

  /// Loads `html`, runs its scripts, and returns the document as they left it (`--dump-dom`)
  /// in ``ChromiumResult/dom``, with the console; stops Chromium after `seconds`.
  static func dumpDOM(_ html: URL, timeout seconds: Int = 30) throws -> ChromiumResult {
    try withTemporaryDirectory { scratch in
      let result = try run(html, ["--dump-dom"], profile: scratch, timeout: seconds)
      return ChromiumResult(
        status: result.status, console: consoleMessages(result.stderr), png: Data(),
        dom: result.stdout, log: result.stderr)
    }
  }

  /// Runs headless Chromium on `html` with `options` under `timeout` (which kills its whole
  /// process group after `seconds`, and again 5 s later), its profile in `profile`.
  private static func run(_ html: URL, _ options: [String], profile: URL, timeout seconds: Int)
    throws -> CLIResult
  {
    guard let executable else { throw Unavailable(description: "chromium is not installed") }
    let arguments =
      [
        "-k", "5", "\(seconds)", executable, "--headless", "--no-sandbox", "--disable-gpu",
        "--hide-scrollbars", "--no-first-run", "--disable-extensions", "--mute-audio",
        "--user-data-dir=\(profile.appendingPathComponent("profile").path)",
        "--enable-logging=stderr", "--v=0",
      ] + options + [html.absoluteURL.absoluteString]
    return try CLI.runCommand("/usr/bin/timeout", arguments)
  }

  /// The messages of the `…:INFO:CONSOLE:7] "message", source: file:///… (7)` lines.
  static func consoleMessages(_ log: String) -> [String] {
    log.split(separator: "\n").compactMap { line in
      guard let marker = line.range(of: ":CONSOLE"),
        let open = line[marker.upperBound...].range(of: "] \""),
        let close = line.range(of: "\", source: ", options: .backwards)
      else { return nil }
      guard open.upperBound <= close.lowerBound else { return nil }
      return String(line[open.upperBound..<close.lowerBound])
    }
  }
}

/// What a PNG's pixels hold, counted by Python's standard library (zlib): its size, how many
/// distinct colours, and how many pixels differ from the top-left one (the background).
struct PNGSummary: Decodable, Equatable {
  let width: Int
  let height: Int
  /// Distinct RGB(A) values.
  let colors: Int
  /// Pixels unlike the top-left pixel.
  let foreground: Int
  /// The top-left pixel's channels.
  let corner: [Int]

  /// Whether `python3` is installed to decode PNGs.
  static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") }

  /// Decodes `png` (8-bit greyscale, RGB or RGBA, not interlaced, as Chromium writes).
  static func of(_ png: Data) throws -> PNGSummary {
    try withTemporaryDirectory { scratch in
      let file = scratch.appendingPathComponent("image.png")
      try png.write(to: file)
      let result = try CLI.runCommand("/usr/bin/python3", ["-c", decoder, file.path])
      guard result.status == 0 else {
        throw Chromium.Unavailable(description: "PNG decode failed: \(result.stderr)")
      }
      return try JSONDecoder().decode(PNGSummary.self, from: Data(result.stdout.utf8))
    }
  }

  /// A PNG decoder: chunks, zlib, the five row filters; prints the summary as JSON.
  static let decoder = #"""
    import json, struct, sys, zlib
    data = open(sys.argv[1], 'rb').read()
    assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
    pos, idat = 8, b''
    while pos < len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b'IHDR':
            width, height, depth, color, _, _, interlace = struct.unpack('>IIBBBBB', body)
        elif kind == b'IDAT':
            idat += body
        pos += 12 + length
    assert depth == 8 and interlace == 0 and color in (0, 2, 6), (depth, color, interlace)
    bpp = {0: 1, 2: 3, 6: 4}[color]
    raw, stride = zlib.decompress(idat), width * bpp
    rows, previous, at = [], bytearray(stride), 0
    for _ in range(height):
        kind, row = raw[at], bytearray(raw[at + 1:at + 1 + stride])
        at += 1 + stride
        if kind == 1:
            for i in range(bpp, stride): row[i] = (row[i] + row[i - bpp]) & 255
        elif kind == 2:
            row = bytearray((a + b) & 255 for a, b in zip(row, previous))
        elif kind == 3:
            for i in range(stride):
                left = row[i - bpp] if i >= bpp else 0
                row[i] = (row[i] + ((left + previous[i]) >> 1)) & 255
        elif kind == 4:
            for i in range(stride):
                a = row[i - bpp] if i >= bpp else 0
                b, c = previous[i], previous[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                row[i] = (row[i] + pred) & 255
        rows.append(bytes(row))
        previous = row
    pixels = [row[i:i + bpp] for row in rows for i in range(0, stride, bpp)]
    corner = pixels[0]
    print(json.dumps({'width': width, 'height': height, 'colors': len(set(pixels)),
                      'foreground': sum(1 for p in pixels if p != corner),
                      'corner': list(corner)}))
    """#
}
