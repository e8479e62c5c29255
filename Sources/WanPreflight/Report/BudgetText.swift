/// A ``LintBudget`` as lines of text, the one wording every lint format prints it in.
enum BudgetText {
  /// The lines: the count and seconds, a line per region and tier, the totals, the free quota
  /// and the concurrency notes; none when no request was counted.
  static func lines(_ budget: LintBudget) -> [String] {
    guard budget.requests > 0 else { return [] }
    var lines = [
      "\(budget.requests) request(s), \(budget.billedSeconds) s billed"
        + (budget.unplanned > 0 ? " (\(budget.unplanned) without a task not counted)" : "")
    ]
    for cost in budget.costs {
      lines.append(
        "\(cost.region.rawValue) \(cost.tier): \(cost.requests) request(s), \(cost.seconds) s, "
          + "\(Units.money(cost.amount)) \(cost.currency)")
    }
    if budget.unpriced > 0 { lines.append("\(budget.unpriced) request(s) with no known price") }
    if !budget.totals.isEmpty {
      lines.append(
        "total: "
          + budget.totals.map { "\(Units.money($0.amount)) \($0.currency)" }.joined(
            separator: " + ") + " (list price; may have changed)")
    }
    for quota in budget.freeQuotas {
      lines.append(
        "a new \(quota.region.rawValue) account has \(quota.seconds) free seconds for "
          + "\(quota.days) days (secondary source), not subtracted")
    }
    if let concurrency = budget.concurrency {
      lines.append(
        "\(budget.requests) tasks, \(concurrency.limit) run at once per account: at least "
          + "\(concurrency.rounds) rounds, \(duration(concurrency.minimumWallSeconds)) at "
          + "\(concurrency.assumedTaskSeconds) s a task (assumed)")
    }
    return lines
  }

  /// `seconds` as `45 s`, `6 min` or `2 h 30 min`.
  static func duration(_ seconds: Int) -> String {
    if seconds < 60 { return "\(seconds) s" }
    let minutes = seconds / 60 + (seconds % 60 == 0 ? 0 : 1)
    if minutes < 60 { return "\(minutes) min" }
    return "\(minutes / 60) h" + (minutes % 60 == 0 ? "" : " \(minutes % 60) min")
  }
}
