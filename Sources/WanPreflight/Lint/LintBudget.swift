/// What a lint's requests would cost if each were submitted once: requests, billed seconds, the
/// list price per region and tier, the free quota noted, and the wall time the account's
/// concurrency limit implies. Every lint format prints it; `--max-cost` and `--max-seconds`
/// compare with it.
///
/// A request counts when a task can be inferred from it (its report has a ``Plan``), errors or
/// not: the budget is what the folder costs once it is right. The amounts are the plans' own, so
/// a configuration's `prices` are in them.
public struct LintBudget: Sendable, Codable, Equatable {
  /// The cost of the requests of one region, tier and currency.
  public struct Cost: Sendable, Codable, Equatable {
    /// The region whose price list applies.
    public var region: Region
    /// The output tier, `720P` or `1080P`.
    public var tier: String
    /// ISO 4217 code.
    public var currency: String
    /// How many requests.
    public var requests: Int
    /// Their billed seconds.
    public var seconds: Int
    /// Their list price.
    public var amount: Double
  }

  /// An amount in one currency.
  public struct Money: Sendable, Codable, Equatable {
    /// ISO 4217 code.
    public var currency: String
    /// The amount.
    public var amount: Double
  }

  /// The wall time the account's limit on tasks running at once implies, when the requests are
  /// more than that limit.
  public struct Concurrency: Sendable, Codable, Equatable {
    /// Tasks an account runs at once.
    public var limit: Int
    /// Rounds of at most ``limit`` tasks: the requests divided by the limit, rounded up.
    public var rounds: Int
    /// How long one task runs: an assumption (``ModelSpec/assumedTaskSeconds``).
    public var assumedTaskSeconds: Int
    /// The least time all of them take: ``rounds`` × ``assumedTaskSeconds``.
    public var minimumWallSeconds: Int

    enum CodingKeys: String, CodingKey {
      case limit, rounds
      case assumedTaskSeconds = "assumed_task_seconds"
      case minimumWallSeconds = "minimum_wall_seconds"
    }
  }

  /// Requests a task was inferred for: the ones counted.
  public var requests: Int
  /// Requests without a plan (no task could be inferred): not counted.
  public var unplanned: Int
  /// Seconds billed over the counted requests (saturating, never trapping).
  public var billedSeconds: Int
  /// Cost lines, by region (``Region`` order), tier and currency.
  public var costs: [Cost]
  /// The total of ``costs`` per currency.
  public var totals: [Money]
  /// Counted requests whose tier has no known price.
  public var unpriced: Int
  /// What the amounts rest on: list prices, which may have changed.
  public var basis: Plan.Price.Basis
  /// The free quotas of the regions the requests go to: noted, not subtracted.
  public var freeQuotas: [FreeQuota]
  /// Set when the requests are more than the account runs at once.
  public var concurrency: Concurrency?

  enum CodingKeys: String, CodingKey {
    case requests, unplanned, costs, totals, unpriced, basis, concurrency
    case billedSeconds = "billed_seconds"
    case freeQuotas = "free_quotas"
  }

  /// The budget of `reports`, with the free quotas, concurrency limit and task time of `spec`.
  public init(_ reports: [Report], spec: ModelSpec = .wan27i2v) {
    let plans = reports.compactMap(\.plan)
    requests = plans.count
    unplanned = reports.count - plans.count
    billedSeconds = plans.map(\.billedSeconds).reduce(0, Self.saturatingSum)
    var costs: [Cost] = []
    for plan in plans {
      guard let price = plan.price else { continue }
      if let index = costs.firstIndex(where: {
        $0.region == price.region && $0.tier == plan.resolution && $0.currency == price.currency
      }) {
        costs[index].requests += 1
        costs[index].seconds = Self.saturatingSum(costs[index].seconds, plan.billedSeconds)
        costs[index].amount += price.amount
      } else {
        costs.append(
          Cost(
            region: price.region, tier: plan.resolution, currency: price.currency, requests: 1,
            seconds: plan.billedSeconds, amount: price.amount))
      }
    }
    let regions = Region.allCases
    let tiers = ResolutionTier.allCases.map(\.rawValue)
    self.costs = costs.sorted {
      (
        regions.firstIndex(of: $0.region) ?? 0, tiers.firstIndex(of: $0.tier) ?? tiers.count,
        $0.currency
      )
        < (
          regions.firstIndex(of: $1.region) ?? 0, tiers.firstIndex(of: $1.tier) ?? tiers.count,
          $1.currency
        )
    }
    for index in self.costs.indices {
      self.costs[index].amount = Self.micros(self.costs[index].amount)
    }
    var totals: [Money] = []
    for cost in self.costs {
      if let index = totals.firstIndex(where: { $0.currency == cost.currency }) {
        totals[index].amount += cost.amount
      } else {
        totals.append(Money(currency: cost.currency, amount: cost.amount))
      }
    }
    self.totals = totals.map { Money(currency: $0.currency, amount: Self.micros($0.amount)) }
    unpriced = plans.filter { $0.price == nil }.count
    basis = .listPrice
    let priced = Set(costs.map(\.region))
    freeQuotas = spec.freeQuotas.filter { priced.contains($0.region) }
    let limit = max(spec.concurrentTasks, 1)
    if plans.count > limit {
      let rounds = plans.count / limit + (plans.count % limit == 0 ? 0 : 1)
      let (wall, overflow) = rounds.multipliedReportingOverflow(by: spec.assumedTaskSeconds)
      concurrency = Concurrency(
        limit: limit, rounds: rounds, assumedTaskSeconds: spec.assumedTaskSeconds,
        minimumWallSeconds: overflow ? Int.max : wall)
    }
  }

  /// The budget of `run`'s reports.
  public init(_ run: LintRun, spec: ModelSpec = .wan27i2v) {
    self.init(run.reports, spec: spec)
  }

  /// The total in `currency`; 0 when no request is priced in it.
  public func total(in currency: String) -> Double {
    totals.first { $0.currency == currency }?.amount ?? 0
  }

  /// `amount` to a millionth (the list prices' precision), so that sums print as 15, not
  /// 15.000000000000005.
  static func micros(_ amount: Double) -> Double {
    let scaled = (amount * 1_000_000).rounded()
    return scaled.isFinite && scaled.magnitude < 1e15 ? scaled / 1_000_000 : amount
  }

  static func saturatingSum(_ lhs: Int, _ rhs: Int) -> Int {
    let (sum, overflow) = lhs.addingReportingOverflow(rhs)
    return overflow ? (rhs < 0 ? Int.min : Int.max) : sum
  }
}

/// The limits `lint --max-cost` and `--max-seconds` put on a ``LintBudget``.
public struct BudgetLimits: Sendable, Equatable {
  /// The most the requests may cost, in ``currency``.
  public var maxCost: Double?
  /// The currency of ``maxCost``: the price list's (every built-in price is in CNY).
  public var currency: String
  /// The most seconds the requests may bill.
  public var maxSeconds: Int?

  /// Limits on cost (in `currency`) and billed seconds; `nil` sets none.
  public init(maxCost: Double? = nil, currency: String = "CNY", maxSeconds: Int? = nil) {
    self.maxCost = maxCost
    self.currency = currency
    self.maxSeconds = maxSeconds
  }

  /// One line for each limit `budget` exceeds, naming the total found and the limit; empty when
  /// it is within them.
  public func exceeded(by budget: LintBudget) -> [String] {
    var lines: [String] = []
    if let maxCost {
      let total = budget.total(in: currency)
      if total > maxCost {
        lines.append(
          "budget exceeded: the requests cost \(Units.money(total)) \(currency) (list price) "
            + "over the --max-cost \(Units.money(maxCost)) \(currency)")
      }
    }
    if let maxSeconds, budget.billedSeconds > maxSeconds {
      lines.append(
        "budget exceeded: the requests bill \(budget.billedSeconds) s over the --max-seconds "
          + "\(maxSeconds) s")
    }
    return lines
  }
}
