import Foundation
import Testing

/// `lint`'s budget in every format, and `--max-cost` / `--max-seconds`.
@Suite("lint budgets (end to end)")
struct LintBudgetCommandTests {
  /// The six valid request fixtures: 720P for 8 + 6 + 5 + 3 + 3 = 25 s, 1080P for 4 s.
  static let requests = [
    "fixtures/requests/first_clip.json", "fixtures/requests/first_clip_last_frame.json",
    "fixtures/requests/first_frame.json", "fixtures/requests/first_frame_audio.json",
    "fixtures/requests/first_last_frame.json", "fixtures/requests/first_last_frame_audio.yaml",
  ]

  static func budget(_ arguments: [String]) throws -> [String: Any] {
    let result = try CLI.run(["lint", "--format", "json"] + arguments + requests)
    let document = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    return try #require(document["budget"] as? [String: Any])
  }

  @Test(
    "the totals: requests, seconds, the price per region and tier, the free quota, the wall time")
  func totals() throws {
    let result = try CLI.run(["lint"] + Self.requests)
    #expect(result.status == 0)
    #expect(
      result.stdout == """
        budget: 6 request(s), 29 s billed
        budget: beijing 720P: 5 request(s), 25 s, 15.00 CNY
        budget: beijing 1080P: 1 request(s), 4 s, 4.00 CNY
        budget: total: 19.00 CNY (list price; may have changed)
        budget: a new beijing account has 50 free seconds for 90 days (secondary source), not subtracted
        budget: 6 tasks, 5 run at once per account: at least 2 rounds, 4 min at 120 s a task (assumed)

        """)
    let budget = try Self.budget([])
    #expect(budget["requests"] as? Int == 6 && budget["billed_seconds"] as? Int == 29)
    let costs = try #require(budget["costs"] as? [[String: Any]])
    #expect(costs.map { $0["tier"] as? String } == ["720P", "1080P"])
    #expect(costs.map { $0["amount"] as? Double } == [15, 4])
    let concurrency = try #require(budget["concurrency"] as? [String: Any])
    #expect(
      concurrency["rounds"] as? Int == 2 && concurrency["minimum_wall_seconds"] as? Int == 240)
    #expect(
      (budget["free_quotas"] as? [[String: Any]])?.first?["seconds"] as? Int == 50)
  }

  @Test("Singapore: its list price (0.733924 and 1.100886 CNY a second), no free quota")
  func singapore() throws {
    let budget = try Self.budget(["--region", "singapore"])
    let totals = try #require(budget["totals"] as? [[String: Any]])
    let amount = try #require(totals.first?["amount"] as? Double)
    #expect(abs(amount - (25 * 0.733924 + 4 * 1.100886)) < 1e-9)
    #expect((budget["free_quotas"] as? [Any])?.isEmpty == true)
    let text = try CLI.run(["lint", "--region", "singapore"] + Self.requests)
    #expect(text.stdout.contains("budget: total: 22.75 CNY (list price; may have changed)\n"))
    #expect(!text.stdout.contains("free seconds"))
  }

  /// A run with limits: its flags, the exit status and standard error expected.
  struct Limit: Sendable, CustomStringConvertible {
    let flags: [String]
    let status: Int32
    let stderr: String
    var description: String { flags.joined(separator: " ") }
  }

  static let cost = "wan-preflight: budget exceeded: the requests cost 19.00 CNY (list price) "
  static let seconds = "wan-preflight: budget exceeded: the requests bill 29 s "

  @Test(
    "--max-cost and --max-seconds: exit 1 over the limit with a line naming total and limit, 0 at it",
    arguments: [
      Limit(
        flags: ["--max-cost", "18.99"], status: 1, stderr: cost + "over the --max-cost 18.99 CNY\n"),
      Limit(flags: ["--max-cost", "19"], status: 0, stderr: ""),
      Limit(
        flags: ["--max-seconds", "28"], status: 1, stderr: seconds + "over the --max-seconds 28 s\n"
      ),
      Limit(flags: ["--max-seconds", "29", "--max-cost", "100"], status: 0, stderr: ""),
      Limit(
        flags: ["--max-cost", "0", "--max-seconds", "0"], status: 1,
        stderr: cost + "over the --max-cost 0.00 CNY\n" + seconds + "over the --max-seconds 0 s\n"),
    ])
  func limits(limit: Limit) throws {
    for format in ["text", "json", "sarif"] {
      let result = try CLI.run(
        ["lint", "--format", format, "--quiet"] + limit.flags + Self.requests)
      #expect(result.status == limit.status, "\(format)")
      #expect(result.stderr == limit.stderr, "\(format)")
    }
  }

  @Test(
    "bad limits are usage errors (exit 2)",
    arguments: [
      ["--max-cost", "nan"], ["--max-cost=-1"], ["--max-seconds=-5"], ["--max-cost", "ten"],
    ])
  func badLimits(arguments: [String]) throws {
    let result = try CLI.run(["lint"] + arguments + Self.requests)
    #expect(result.status == 2)
  }

  @Test("errors still fail under a limit the budget keeps; the budget counts them")
  func errorsAndBudget() throws {
    let result = try CLI.run(["lint", "--max-cost", "1000", "fixtures/requests"])
    #expect(result.status == 1)
    #expect(
      result.stdout.contains("budget: 10 request(s), 54 s billed (3 without a task not counted)\n"))
  }

  @Test("every format but codeclimate carries the budget")
  func formats() throws {
    let github = try CLI.run(["lint", "--format", "github"] + Self.requests)
    #expect(
      github.stdout.hasSuffix(
        "::notice title=wan-preflight budget::6 request(s), 29 s billed%0Abeijing 720P: 5 request(s), 25 s, 15.00 CNY%0A"
          + "beijing 1080P: 1 request(s), 4 s, 4.00 CNY%0Atotal: 19.00 CNY (list price; may have changed)%0A"
          + "a new beijing account has 50 free seconds for 90 days (secondary source), not subtracted%0A"
          + "6 tasks, 5 run at once per account: at least 2 rounds, 4 min at 120 s a task (assumed)\n"
      ))
    let sarif = try CLI.run(["lint", "--format", "sarif"] + Self.requests)
    let log = try #require(
      try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
    let run = try #require((log["runs"] as? [[String: Any]])?.first)
    let properties = try #require(run["properties"] as? [String: Any])
    #expect((properties["budget"] as? [String: Any])?["billed_seconds"] as? Int == 29)
    let junit = try CLI.run(["lint", "--format", "junit"] + Self.requests)
    #expect(
      junit.stdout.contains("<system-out>budget: 6 request(s), 29 s billed\nbudget: beijing 720P"))
    let html = try CLI.run(["lint", "--format", "html"] + Self.requests)
    #expect(html.stdout.contains(#"<dd id="total-seconds">29 s</dd>"#))
    #expect(
      html.stdout.contains(#"<dd id="total-wall-time">at least 2 rounds of 5 tasks at once: 4 min"#)
    )
    #expect(html.stdout.contains("50 s for a new account's first 90 days"))
  }
}
