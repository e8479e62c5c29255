import Foundation
import Testing

/// End-to-end tests of `wan-preflight lint --format html`: the page's rows and totals, its
/// escaping and HTML5 structure, the exit codes, and a headless Chromium render.
@Suite("wan-preflight lint --format html (end to end)")
struct LintHTMLCommandTests {
  /// A repository with a passing request and a failing one whose file name, prompt and media
  /// path hold `<script>`; `body` gets its folder.
  static func withGeneratedRepository<T>(_ body: (URL) throws -> T) throws -> T {
    try withTemporaryDirectory { folder in
      let media = folder.appendingPathComponent("media")
      try FileManager.default.createDirectory(at: media, withIntermediateDirectories: true)
      try FileManager.default.copyItem(
        atPath: CLI.fixture("image/png_750x1000.png"),
        toPath: media.appendingPathComponent("frame.png").path)
      let passing = """
        {"model": "wan2.7-i2v", "input": {"prompt": "A dolly-in", "media": \
        [{"type": "first_frame", "url": "media/frame.png"}]}, \
        "parameters": {"resolution": "720P", "duration": 5}}
        """
      let failing = """
        {"model": "wan2.7-i2v", "input": {"prompt": "<script>alert(2)</script>", "media": \
        [{"type": "first_frame", "url": "media/<script>.png"}]}, \
        "parameters": {"resolution": "4K", "duration": 5}}
        """
      try Data(passing.utf8).write(to: folder.appendingPathComponent("ok.json"))
      try Data(failing.utf8).write(to: folder.appendingPathComponent("<script>alert(1)<.json"))
      return try body(folder)
    }
  }

  /// The `<tr>` rows of the requests table, each as its cells' text (tags removed).
  static func rows(_ html: String) -> [[String]] {
    guard let body = html.range(of: "<tbody>"), let end = html.range(of: "</tbody>") else {
      return []
    }
    return html[body.upperBound..<end.lowerBound].components(separatedBy: "</tr>")
      .filter { $0.contains("<td") }
      .map { row in
        row.components(separatedBy: "</td>").dropLast().map { cell in
          cell.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        }
      }
  }

  @Test("the fixtures' requests: a row each with task, size, seconds, price and counts; totals")
  func fixturesPage() throws {
    let result = try CLI.run(["lint", "--format", "html", "fixtures/requests"])
    #expect(result.status == 1)
    let html = result.stdout
    let rows = Self.rows(html)
    #expect(rows.count == 13)
    #expect(
      rows.first
        == [
          "fixtures/requests/first_clip.json", "first_clip", "1104×816", "8 s", "4.80 CNY", "0",
          "0",
        ])
    #expect(
      rows.contains([
        "fixtures/requests/first_frame.json", "first_frame", "816×1104", "5 s", "3.00 CNY", "0",
        "0",
      ]))
    #expect(
      rows.contains([
        "fixtures/requests/mistakes/bad_values.json", "first_frame", "1648×1232", "5 s",
        "5.00 CNY", "4", "0",
      ]))
    #expect(
      rows.contains([
        "fixtures/requests/mistakes/audio_base64.json", "first_frame+driving_audio", "—", "5 s",
        "3.00 CNY", "1", "1",
      ]))
    #expect(
      rows.contains(["fixtures/requests/mistakes/syntax_error.json", "—", "—", "—", "—", "1", "0"]))
    #expect(html.contains(#"<dd id="total-requests">13 (7 failing)</dd>"#))
    #expect(html.contains(#"<dd id="total-diagnostics">16 error(s), 3 warning(s), 1 note(s)</dd>"#))
    #expect(html.contains(#"<dd id="total-seconds">54 s</dd>"#))
    #expect(html.contains(#"data-region="beijing">36.00 CNY for 10 request(s)"#))
    // Each row links to its own section of diagnostics, which holds them all.
    for index in 1...13 {
      #expect(html.contains(##"<a href="#r\##(index)">"##))
      #expect(html.contains(#"<section class="request" id="r\#(index)">"#))
    }
    #expect(html.components(separatedBy: "<li class=\"error\">").count - 1 == 16)
    #expect(html.components(separatedBy: "<li class=\"warning\">").count - 1 == 3)
    #expect(html.components(separatedBy: "<li class=\"note\">").count - 1 == 1)
    #expect(
      html.contains(
        #"<code class="rule">resolution_value</code> <span class="location">"#
          + "fixtures/requests/mistakes/bad_values.json:6:32"))
    #expect(html.contains(#"<p class="clean">No diagnostics.</p>"#))
    try HTMLShape.check(html)
  }

  @Test("a file name, prompt and media path holding <script> show as text; one script only")
  func escaping() throws {
    try Self.withGeneratedRepository { folder in
      let result = try CLI.run(["lint", "--format", "html", folder.path], in: folder)
      #expect(result.status == 1)
      let html = result.stdout
      #expect(html.components(separatedBy: "<script").count - 1 == 1)
      #expect(html.contains("<script>\n'use strict';"))
      let name = "\(folder.path)/&lt;script&gt;alert(1)&lt;.json"
      #expect(html.contains("<h3>\(name)</h3>"))
      #expect(html.contains(##"<a href="#r1">\##(name)</a>"##))
      #expect(html.contains("file \(folder.path)/media/&lt;script&gt;.png does not exist"))
      #expect(html.contains("resolution is &quot;4K&quot;; allowed: &quot;720P&quot;"))
      #expect(html.contains("Hint: use &quot;720P&quot; (cheaper) or &quot;1080P&quot;"))
      #expect(!html.contains("alert(2)"))  // lint's page does not show prompts
      let rows = Self.rows(html)
      #expect(rows.count == 2)
      #expect(
        rows.last == [
          "\(folder.path)/ok.json", "first_frame", "816×1104", "5 s", "3.00 CNY", "0", "0",
        ])
      #expect(html.contains(#"data-region="beijing">8.00 CNY for 2 request(s)"#))
      try HTMLShape.check(html)
    }
  }

  @Test("--region singapore: the totals price the requests in that region")
  func region() throws {
    try Self.withGeneratedRepository { folder in
      let result = try CLI.run(
        ["lint", "--format", "html", "--region", "singapore", folder.path], in: folder)
      #expect(result.status == 1)
      #expect(result.stdout.contains(#"<dt>Price, singapore</dt>"#))
      #expect(!result.stdout.contains(#"<dt>Price, beijing</dt>"#))
      #expect(result.stdout.contains("for 2 request(s)"))
    }
  }

  @Test("exit codes as the other formats: 0 clean, 1 errors or --strict warnings, 2 usage")
  func exitCodes() throws {
    let valid = ["fixtures/requests/first_frame.json", "fixtures/requests/first_clip.json"]
    let clean = try CLI.run(["lint", "--format", "html"] + valid)
    #expect(clean.status == 0)
    #expect(clean.stdout.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
    #expect(Self.rows(clean.stdout).count == 2)
    #expect(clean.stdout.contains(#"<dd id="total-requests">2 (0 failing)</dd>"#))
    let warning = "fixtures/requests/mistakes/audio_base64.json"
    let json = try CLI.run(["lint", "--format", "json", warning])
    #expect(try CLI.run(["lint", "--format", "html", warning]).status == json.status)
    #expect(try CLI.run(["lint", "--format", "html", "--strict"] + valid).status == 0)
    let missing = try CLI.run(["lint", "--format", "html", "no/such/folder"])
    #expect(missing.status == 2)
    #expect(missing.stdout == "")
    try withTemporaryDirectory { directory in
      let output = directory.appendingPathComponent("report.html").path
      let result = try CLI.run(["lint", "--format", "html", "-o", output, "fixtures/requests"])
      #expect(result.status == 1)
      #expect(result.stdout == "")
      let page = try String(contentsOfFile: output, encoding: .utf8)
      #expect(Self.rows(page).count == 13)
    }
  }

  @Test(
    "headless Chromium renders the page at 375 and 1280 px, light and dark: no console message",
    .enabled(if: Chromium.isAvailable, Chromium.skipReason),
    .enabled(if: PNGSummary.isAvailable, "python3 is not installed to decode PNGs; skipped"))
  func chromiumRender() throws {
    try Self.withGeneratedRepository { folder in
      let page = folder.appendingPathComponent("report.html")
      let result = try CLI.run(
        ["lint", "--format", "html", "-o", page.path, folder.path], in: folder)
      #expect(result.status == 1)
      for (width, scheme, background) in [
        (375, Chromium.Scheme.light, [255, 255, 255]), (1280, .dark, [13, 17, 23]),
      ] {
        let render = try Chromium.render(page, width: width, height: 700, scheme: scheme)
        #expect(render.status == 0, "\(render.log)")
        #expect(render.console == [])
        let png = try PNGSummary.of(render.png)
        #expect(png.width == width && png.height == 700)
        #expect(Array(png.corner.prefix(3)) == background)
        #expect(png.colors > 50)  // text is antialiased: many shades, not a blank page
        #expect(png.foreground > width * 700 / 100)  // over 1 % of pixels are not background
      }
    }
  }

  @Test(
    "clicking a header sorts the table (errors descending on the second click), stably",
    .enabled(if: Chromium.isAvailable, Chromium.skipReason))
  func chromiumSort() throws {
    try withTemporaryDirectory { folder in
      let result = try CLI.run(["lint", "--format", "html", "fixtures/requests"])
      let clicks = """
        <script>var errors = document.querySelectorAll('th button')[5];
        errors.click(); errors.click();</script>
        </body>
        """
      let page = folder.appendingPathComponent("sorted.html")
      try Data(result.stdout.replacingOccurrences(of: "</body>", with: clicks).utf8).write(to: page)
      let render = try Chromium.dumpDOM(page)
      #expect(render.status == 0, "\(render.log)")
      #expect(render.console == [])
      let order = render.dom.matches(of: /<td class="file"><a href="#r(\d+)"/).map { Int($0.1) }
      #expect(order == [8, 12, 9, 11, 7, 10, 13, 1, 2, 3, 4, 5, 6])
      #expect(
        render.dom.contains(
          #"<th scope="col" class="n" data-type="number" aria-sort="descending"><button type="button">Errors</button></th>"#
        ))
    }
  }

  @Test(
    "without its script the page reads the same: rows in path order, headers as text",
    .enabled(if: Chromium.isAvailable, Chromium.skipReason),
    .enabled(if: PNGSummary.isAvailable, "python3 is not installed to decode PNGs; skipped"))
  func chromiumWithoutScript() throws {
    try withTemporaryDirectory { folder in
      let result = try CLI.run(["lint", "--format", "html", "fixtures/requests"])
      #expect(result.status == 1)
      // Chromium 156 headless has no working "scripts off" switch (scriptEnabled=false prints
      // nothing; --disable-javascript runs them), so the page is loaded without its script.
      let script = try #require(
        result.stdout.range(of: #"<script>[\s\S]*</script>\n"#, options: .regularExpression))
      var page = result.stdout
      page.removeSubrange(script)
      #expect(!page.contains("<script"))
      let file = folder.appendingPathComponent("report.html")
      try Data(page.utf8).write(to: file)
      let dom = try Chromium.dumpDOM(file)
      #expect(dom.status == 0, "\(dom.log)")
      #expect(!dom.dom.contains("<button"))
      #expect(dom.dom.contains(#"<th scope="col">File</th>"#))
      let order = dom.dom.matches(of: /<td class="file"><a href="#r(\d+)"/).map { Int($0.1) }
      #expect(order == Array(1...13).map { Optional($0) })
      let render = try Chromium.render(file, width: 375, height: 700)
      #expect(render.status == 0 && render.console == [])
      let png = try PNGSummary.of(render.png)
      #expect(png.width == 375 && png.height == 700 && png.colors > 50)
      #expect(png.foreground > 375 * 700 / 100)
    }
  }

  @Test(
    "the Chromium helper reports console errors and uncaught exceptions",
    .enabled(if: Chromium.isAvailable, Chromium.skipReason))
  func chromiumConsole() throws {
    try withTemporaryDirectory { folder in
      let page = folder.appendingPathComponent("broken.html")
      let html = """
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title></head>
        <body><p>x</p><script>console.error('boom'); missingFunction();</script></body></html>
        """
      try Data(html.utf8).write(to: page)
      let render = try Chromium.render(page, width: 200, height: 100)
      #expect(render.status == 0)
      #expect(
        render.console == ["boom", "Uncaught ReferenceError: missingFunction is not defined"])
      #expect(render.png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }
  }
}

/// The shape check itself: it refuses what a broken page would hold.
@Suite("HTML shape check")
struct HTMLShapeTests {
  @Test("refuses misnested, unclosed and unknown elements, bare &, and dangling links")
  func refuses() {
    let head = "<!DOCTYPE html>\n<html><body>"
    #expect(throws: Never.self) {
      try HTMLShape.check(head + "<p id=\"a\"><a href=\"#a\">x</a></p></body></html>")
    }
    for broken in [
      "<p><span></p></span>", "<p>", "<blink>x</blink>", "<p>a & b</p>", "<a href=\"#b\">x</a>",
      "<script>x",
    ] {
      #expect(throws: HTMLShape.Problem.self) {
        try HTMLShape.check(head + broken + "</body></html>")
      }
    }
  }
}

/// HTML5 well-formedness as the pages are written: every element known and closed in order
/// (void elements excepted), script and style content skipped, every `&` a known entity, ids
/// unique and every `#` link pointing at one.
enum HTMLShape {
  struct Problem: Error, CustomStringConvertible {
    var description: String
  }

  static let void: Set = ["meta", "br", "hr", "img", "link", "input", "wbr"]
  static let known: Set = [
    "html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3", "p", "section",
    "div", "table", "thead", "tbody", "tr", "th", "td", "a", "ol", "ul", "li", "span", "code",
    "script", "dl", "dt", "dd",
  ]

  static func check(_ html: String) throws {
    guard html.hasPrefix("<!DOCTYPE html>\n") else { throw Problem(description: "no doctype") }
    var rest = Substring(html.dropFirst("<!DOCTYPE html>\n".count))
    var open: [String] = []
    var ids: [String] = []
    var links: [String] = []
    while let start = rest.firstIndex(where: { $0 == "<" || $0 == "&" }) {
      if rest[start] == "&" {
        let entity = rest[start...].prefix(7)
        guard ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].contains(where: entity.hasPrefix) else {
          throw Problem(description: "bare & at \(rest[start...].prefix(20))")
        }
        rest = rest[rest.index(after: start)...]
        continue
      }
      guard let end = rest[start...].firstIndex(of: ">") else {
        throw Problem(description: "unclosed tag")
      }
      let tag = rest[rest.index(after: start)..<end]
      rest = rest[rest.index(after: end)...]
      if tag.hasPrefix("/") {
        let name = String(tag.dropFirst())
        guard open.last == name else {
          throw Problem(description: "</\(name)> closes <\(open.last ?? "nothing")>")
        }
        open.removeLast()
        continue
      }
      let name = String(tag.prefix { $0.isLetter || $0.isNumber })
      guard known.contains(name) else { throw Problem(description: "unknown element <\(name)>") }
      for match in tag.matches(of: /(id|href)="([^"]*)"/) {
        if match.1 == "id" { ids.append(String(match.2)) } else { links.append(String(match.2)) }
      }
      if name == "script" || name == "style" {
        guard let close = rest.range(of: "</\(name)>") else {
          throw Problem(description: "<\(name)> not closed")
        }
        rest = rest[close.upperBound...]
      } else if !void.contains(name) {
        open.append(name)
      }
    }
    guard open.isEmpty else { throw Problem(description: "not closed: \(open)") }
    guard Set(ids).count == ids.count else { throw Problem(description: "duplicate ids") }
    for link in links where !(link.hasPrefix("#") && ids.contains(String(link.dropFirst()))) {
      throw Problem(description: "link \(link) points nowhere on the page")
    }
  }
}
