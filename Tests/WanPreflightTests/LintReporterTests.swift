import Foundation
import Testing

@testable import WanPreflight

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The reporters CI tools read: lint's text, GitHub, SARIF, JUnit and JSON.
@Suite("Lint reporters")
struct LintReporterTests {
  static func sampleRun() -> LintRun {
    var error = Diagnostic(
      .imageSize, at: "/input/media/0",
      "first_frame a.png is 200x900; each side must be 240…8000 px",
      hint: "scale it up")
    error.file = "jobs/a,b:c.json"
    error.line = 4
    error.column = 12
    var warning = Diagnostic(.promptLength, at: "/input/prompt", "100% too long\nsecond line")
    warning.file = "jobs/a,b:c.json"
    let failing = Report(
      request: "jobs/a,b:c.json", diagnostics: [error, warning], plan: nil, media: [])
    let passing = Report(request: "jobs/ok & <fine>.json", diagnostics: [], plan: nil, media: [])
    return LintRun(
      reports: [failing, passing], skipped: ["README.json"], otherModels: ["jobs/t2v.json"])
  }

  @Test("text: gcc-style lines")
  func text() throws {
    #expect(
      try LintFormat.text.render(Self.sampleRun())
        == "jobs/a,b:c.json:4:12: error: [image_size] first_frame a.png is 200x900; each side "
        + "must be 240…8000 px\njobs/a,b:c.json: warning: [prompt_length] 100% too long\n"
        + "second line\n")
  }

  @Test("html: a row per request, every diagnostic, text escaped")
  func html() throws {
    let html = try LintFormat.html.render(Self.sampleRun())
    #expect(html.hasPrefix("<!DOCTYPE html>\n"))
    #expect(html.contains(##"<a href="#r2">jobs/ok &amp; &lt;fine&gt;.json</a>"##))
    #expect(html.contains("<h3>jobs/ok &amp; &lt;fine&gt;.json</h3>"))
    #expect(!html.contains("<fine>"))
    #expect(html.components(separatedBy: "<tr class=\"fail\">").count - 1 == 1)
    #expect(html.components(separatedBy: "<tr class=\"pass\">").count - 1 == 1)
    #expect(
      html.contains(
        #"<code class="rule">image_size</code> <span class="location">jobs/a,b:c.json:4:12 · "#
          + "<code>/input/media/0</code></span>"))
    #expect(html.contains("<p class=\"message\">100% too long\nsecond line</p>"))
    #expect(html.contains("<p class=\"hint\">Hint: scale it up</p>"))
    #expect(html.contains(#"<dd id="total-seconds">0 s</dd>"#))
    #expect(html.contains("<dt>Price</dt><dd>none estimated</dd>"))
    #expect(html.contains("1 other file(s), 1 request(s) for other Wan models"))
  }

  @Test("html escaping: & < > \" ' as entities, control characters replaced")
  func htmlEscape() {
    #expect(
      HTMLText.escape("<script>alert(\"x\" & 'y')</script>\u{1}\n")
        == "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;\u{FFFD}\n")
  }

  @Test("github: workflow commands escaped as @actions/core escapes them")
  func github() throws {
    let lines = try LintFormat.github.render(Self.sampleRun()).split(separator: "\n")
    #expect(lines.count == 2)
    #expect(
      lines[0]
        == "::error file=jobs/a%2Cb%3Ac.json,line=4,col=12,title=image_size::first_frame a.png "
        + "is 200x900; each side must be 240…8000 px%0AHint: scale it up")
    #expect(
      lines[1]
        == "::warning file=jobs/a%2Cb%3Ac.json,title=prompt_length::100%25 too long%0Asecond line")
  }

  @Test("sarif: 2.1.0 with every rule, results with levels and regions")
  func sarif() throws {
    let text = try LintFormat.sarif.render(Self.sampleRun())
    let log = try #require(
      try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(log["version"] as? String == "2.1.0")
    #expect((log["$schema"] as? String)?.hasSuffix("sarif-schema-2.1.0.json") == true)
    let run = try #require((log["runs"] as? [[String: Any]])?.first)
    let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
    #expect(driver["name"] as? String == "wan-preflight")
    let rules = try #require(driver["rules"] as? [[String: Any]])
    #expect(rules.compactMap { $0["id"] as? String } == RuleID.allCases.map(\.rawValue))
    let results = try #require(run["results"] as? [[String: Any]])
    #expect(results.count == 2)
    #expect(
      results[0]["ruleId"] as? String == "image_size" && results[0]["level"] as? String == "error")
    let location = try #require(
      ((results[0]["locations"] as? [[String: Any]])?.first?["physicalLocation"]) as? [String: Any])
    #expect(
      (location["artifactLocation"] as? [String: Any])?["uri"] as? String == "jobs/a,b%3Ac.json")
    #expect((location["region"] as? [String: Any])?["startLine"] as? Int == 4)
    let second =
      (results[1]["locations"] as? [[String: Any]])?.first?["physicalLocation"]
      as? [String: Any]
    #expect(second?["region"] == nil)  // no line known: no region (lines start at 1)
  }

  @Test("junit: parses as XML; a test case per request, a failure per error")
  func junit() throws {
    let text = try LintFormat.junit.render(Self.sampleRun())
    final class Counter: NSObject, XMLParserDelegate {
      var elements: [String: Int] = [:]
      var names: [String] = []
      func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
        qualifiedName: String?, attributes: [String: String] = [:]
      ) {
        elements[name, default: 0] += 1
        if name == "testcase", let value = attributes["name"] { names.append(value) }
      }
    }
    let counter = Counter()
    let parser = XMLParser(data: Data(text.utf8))
    parser.delegate = counter
    #expect(parser.parse())
    #expect(counter.elements["testcase"] == 2 && counter.elements["failure"] == 1)
    #expect(counter.names == ["jobs/a,b:c.json", "jobs/ok & <fine>.json"])
    #expect(text.contains(#"tests="2" failures="1""#))
  }

  @Test("codeclimate: GitLab's issue array, severities on its scale, stable fingerprints")
  func codeclimate() throws {
    let text = try LintFormat.codeclimate.render(Self.sampleRun())
    let first = CodeClimateReporter.fingerprint(
      "image_size\u{0}jobs/a,b:c.json\u{0}/input/media/0\u{0}first_frame a.png is 200x900; each side "
        + "must be 240…8000 px")
    let second = CodeClimateReporter.fingerprint(
      "prompt_length\u{0}jobs/a,b:c.json\u{0}/input/prompt\u{0}100% too long\nsecond line")
    #expect(
      text == """
        [
          {
            "check_name" : "image_size",
            "description" : "first_frame a.png is 200x900; each side must be 240…8000 px. Hint: scale it up.",
            "fingerprint" : "\(first)",
            "location" : {
              "lines" : {
                "begin" : 4
              },
              "path" : "jobs/a,b:c.json"
            },
            "severity" : "critical"
          },
          {
            "check_name" : "prompt_length",
            "description" : "100% too long\\nsecond line",
            "fingerprint" : "\(second)",
            "location" : {
              "lines" : {
                "begin" : 1
              },
              "path" : "jobs/a,b:c.json"
            },
            "severity" : "minor"
          }
        ]

        """)
    // FNV-1a's published 64-bit value for "a"; 32 hex digits in all.
    #expect(CodeClimateReporter.fingerprint("a").hasPrefix("af63dc4c8601ec8c"))
    #expect(first.count == 32 && first != second)
    #expect(try LintFormat.codeclimate.render(Self.sampleRun()) == text)
    #expect(try LintFormat.codeclimate.render(LintRun(reports: [], skipped: [])) == "[\n\n]\n")
    #expect(CodeClimateReporter.severity(.note) == "info")
  }

  @Test("codeclimate: a repeated finding at one place gets a fingerprint of its own")
  func codeclimateRepeats() throws {
    var diagnostic = Diagnostic(.unknownField, at: "/input", "unknown field x")
    diagnostic.file = "a.json"
    let run = LintRun(
      reports: [
        Report(request: "a.json", diagnostics: [diagnostic, diagnostic], plan: nil, media: [])
      ],
      skipped: [])
    let issues = CodeClimateReporter.issues(run)
    #expect(issues.count == 2 && issues[0].fingerprint != issues[1].fingerprint)
    #expect(issues[0].fingerprint == CodeClimateReporter.issues(run)[0].fingerprint)
  }

  @Test("json: the per-request reports with totals")
  func json() throws {
    let text = try LintFormat.json.render(Self.sampleRun())
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(object["schema"] as? String == "wan-preflight.lint/1")
    #expect(object["requests"] as? Int == 2 && object["skipped"] as? Int == 1)
    #expect(object["other_models"] as? Int == 1)
    #expect(object["errors"] as? Int == 1 && object["warnings"] as? Int == 1)
    #expect(
      (object["reports"] as? [[String: Any]])?.first?["schema"] as? String
        == "wan-preflight.report/1")
  }

  @Test("every format's reporter renders what the format does; colour changes the text only")
  func reporters() throws {
    let run = Self.sampleRun()
    for format in LintFormat.allCases {
      let plain = try format.reporter().render(run)
      let colored = try format.reporter(colors: true).render(run)
      #expect(try format.render(run) == plain)
      #expect(try format.render(run, colors: true) == colored)
      #expect((plain == colored) == (format != .text), "\(format)")
    }
    let report = run.reports[0]
    #expect(
      try ReportFormat.text.reporter(colors: true).render(report)
        == ReportText(colors: true).render(report))
    #expect(try ReportFormat.json.reporter(colors: true).render(report) == report.jsonText())
  }
}

/// The budget's arithmetic, apart from any format.
@Suite("Lint budget")
struct LintBudgetTests {
  static func report(_ seconds: Int, _ tier: String, _ price: Plan.Price?) -> Report {
    let plan = Plan(
      model: "wan2.7-i2v", task: "first_frame", resolution: tier,
      output: .init(
        width: 1280, height: 720, fps: 30, frames: 30, seconds: seconds, basis: .predicted),
      alternateOutput: nil, alternateIgnores: nil, continuationSeconds: nil, billedSeconds: seconds,
      price: price)
    return Report(request: "r.json", diagnostics: [], plan: plan, media: [])
  }

  @Test("seconds saturate instead of trapping; an unpriced tier is counted apart")
  func saturation() {
    let price = Plan.Price(amount: 1, currency: "CNY", region: .singapore, basis: .listPrice)
    let budget = LintBudget([
      Self.report(Int.max, "720P", price), Self.report(5, "720P", price),
      Self.report(3, "4K", nil), Report(request: "x.json", diagnostics: [], plan: nil, media: []),
    ])
    #expect(budget.billedSeconds == Int.max)
    #expect(budget.requests == 3 && budget.unplanned == 1 && budget.unpriced == 1)
    #expect(budget.costs.count == 1 && budget.costs[0].seconds == Int.max)
    #expect(budget.freeQuotas.isEmpty && budget.concurrency == nil)
    #expect(BudgetLimits(maxSeconds: 10).exceeded(by: budget).count == 1)
    #expect(BudgetLimits(maxCost: 2).exceeded(by: budget).isEmpty)
  }

  @Test("wall time: ceil(requests / 5) rounds of the assumed task time")
  func wallTime() {
    let price = Plan.Price(amount: 3, currency: "CNY", region: .beijing, basis: .listPrice)
    let eleven = LintBudget(Array(repeating: Self.report(5, "720P", price), count: 11))
    #expect(eleven.concurrency?.rounds == 3 && eleven.concurrency?.minimumWallSeconds == 360)
    #expect(
      LintBudget(Array(repeating: Self.report(5, "720P", price), count: 5)).concurrency == nil)
    #expect(eleven.total(in: "CNY") == 33 && eleven.total(in: "USD") == 0)
    #expect(BudgetText.duration(59) == "59 s" && BudgetText.duration(61) == "2 min")
    #expect(BudgetText.duration(7200) == "2 h" && BudgetText.duration(9000) == "2 h 30 min")
    #expect(BudgetText.lines(LintBudget([])).isEmpty)
  }
}
