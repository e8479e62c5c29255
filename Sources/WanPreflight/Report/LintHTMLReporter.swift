/// `lint --format html`: one self-contained HTML5 page for the whole run, for people and for CI
/// artifacts. Totals (requests, billed seconds, the price per region), a table with a row per
/// request linking to its diagnostics further down, and every diagnostic with its rule,
/// severity, location, message and hint.
///
/// The page loads nothing (its Content-Security-Policy forbids it): the style and a few lines of
/// plain script that sort the table when a header is clicked are inline, and the page reads the
/// same with scripts off (in path order). Light and dark schemes follow
/// `prefers-color-scheme`; it reads at 375 px wide. Every text from the run (file names,
/// messages, hints) is escaped with ``HTMLText``.
struct LintHTMLReporter: Reporter {
  func render(_ run: LintRun) -> String {
    var html = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <meta name="color-scheme" content="light dark">
      <meta http-equiv="Content-Security-Policy" \
      content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
      <title>wan-preflight lint: \(run.reports.count) request(s), \(run.errors) error(s)</title>
      <style>\(Self.style)</style>
      </head>
      <body>
      <main>
      <h1>wan-preflight lint</h1>

      """
    html += Self.totals(run)
    html += Self.table(run.reports)
    html += Self.details(run.reports)
    html += "</main>\n<script>\(Self.script)</script>\n</body>\n</html>\n"
    return html
  }

  /// The anchor of the `index`th report's diagnostics: `r1`, `r2`, … (never from a file name).
  static func anchor(_ index: Int) -> String { "r\(index + 1)" }

  /// The totals: requests (failing ones), diagnostics, billed seconds and the price per region.
  static func totals(_ run: LintRun) -> String {
    let failing = run.reports.filter { $0.errors > 0 }.count
    var html = "<section id=\"totals\">\n<h2>Totals</h2>\n<dl class=\"totals\">\n"
    html +=
      "<dt>Requests</dt><dd id=\"total-requests\">\(run.reports.count) (\(failing) failing)</dd>\n"
    html += "<dt>Diagnostics</dt><dd id=\"total-diagnostics\">"
    html += "\(run.errors) error(s), \(run.warnings) warning(s), \(run.notes) note(s)</dd>\n"
    html += "<dt>Billed seconds</dt><dd id=\"total-seconds\">\(billedSeconds(run.reports)) s</dd>\n"
    let prices = priceTotals(run.reports)
    if prices.isEmpty {
      html += "<dt>Price</dt><dd>none estimated</dd>\n"
    }
    for price in prices {
      html += "<dt>Price, \(price.region.rawValue)</dt>"
      html += "<dd class=\"price\" data-region=\"\(price.region.rawValue)\">"
      html += "\(Units.money(price.amount)) \(HTMLText.escape(price.currency)) for "
      html += "\(price.requests) request(s) (list price; may have changed)</dd>\n"
    }
    let budget = LintBudget(run)
    for quota in budget.freeQuotas {
      html += "<dt>Free quota, \(quota.region.rawValue)</dt><dd class=\"free-quota\">"
      html += "\(quota.seconds) s for a new account's first \(quota.days) days "
      html += "(secondary source; not subtracted)</dd>\n"
    }
    if let concurrency = budget.concurrency {
      html += "<dt>Wall time</dt><dd id=\"total-wall-time\">at least \(concurrency.rounds) "
      html += "rounds of \(concurrency.limit) tasks at once: "
      html += "\(BudgetText.duration(concurrency.minimumWallSeconds)) at "
      html += "\(concurrency.assumedTaskSeconds) s a task (assumed)</dd>\n"
    }
    html += "<dt>Skipped</dt><dd id=\"total-skipped\">\(run.skipped.count) other file(s), "
    html += "\(run.otherModels.count) request(s) for other Wan models</dd>\n"
    return html + "</dl>\n</section>\n"
  }

  /// The seconds billed over all reports with a plan (the budget's; saturating).
  static func billedSeconds(_ reports: [Report]) -> Int {
    LintBudget(reports).billedSeconds
  }

  /// The price of one region and currency, over the requests priced in it.
  struct PriceTotal: Equatable {
    /// The region whose price list applies.
    var region: Region
    /// ISO 4217 code.
    var currency: String
    /// The sum of the requests' amounts.
    var amount: Double
    /// How many requests were priced.
    var requests: Int
  }

  /// The budget's costs summed over tiers, per region and currency, in ``Region`` order.
  static func priceTotals(_ reports: [Report]) -> [PriceTotal] {
    var totals: [PriceTotal] = []
    for cost in LintBudget(reports).costs {
      if let index = totals.firstIndex(where: {
        $0.region == cost.region && $0.currency == cost.currency
      }) {
        totals[index].amount += cost.amount
        totals[index].requests += cost.requests
      } else {
        totals.append(
          PriceTotal(
            region: cost.region, currency: cost.currency, amount: cost.amount,
            requests: cost.requests))
      }
    }
    return totals
  }

  /// The table of requests: a row each, in path order, sortable by any column.
  static func table(_ reports: [Report]) -> String {
    var html = "<section id=\"requests\">\n<h2>Requests</h2>\n<div class=\"scroll\">\n"
    html += "<table class=\"sortable\">\n<thead>\n<tr>"
    html += "<th scope=\"col\">File</th><th scope=\"col\">Task</th>"
    html += "<th scope=\"col\" class=\"n\" data-type=\"number\">Output</th>"
    html += "<th scope=\"col\" class=\"n\" data-type=\"number\">Seconds</th>"
    html += "<th scope=\"col\" class=\"n\" data-type=\"number\">Price</th>"
    html += "<th scope=\"col\" class=\"n\" data-type=\"number\">Errors</th>"
    html += "<th scope=\"col\" class=\"n\" data-type=\"number\">Warnings</th>"
    html += "</tr>\n</thead>\n<tbody>\n"
    for (index, report) in reports.enumerated() { html += row(report, index: index) }
    return html + "</tbody>\n</table>\n</div>\n</section>\n"
  }

  /// One request's row; numeric cells carry `data-value` for sorting.
  static func row(_ report: Report, index: Int) -> String {
    let plan = report.plan
    let status = report.errors > 0 ? "fail" : "pass"
    var html = "<tr class=\"\(status)\">"
    html += "<td class=\"file\"><a href=\"#\(anchor(index))\">"
    html += "\(HTMLText.escape(report.request ?? "<request>"))</a></td>"
    html += "<td class=\"task\" data-label=\"Task\">\(HTMLText.escape(plan?.task ?? "—"))</td>"
    html += cell("Output", text: size(plan), value: pixels(plan))
    html += cell(
      "Seconds", text: plan.map { "\($0.billedSeconds) s" },
      value: plan.map { "\($0.billedSeconds)" })
    html += cell(
      "Price", text: plan?.price.map { "\(Units.money($0.amount)) \($0.currency)" },
      value: plan?.price.map { Units.money($0.amount) })
    html += cell("Errors", text: "\(report.errors)", value: "\(report.errors)", class: "errors")
    html += cell(
      "Warnings", text: "\(report.warnings)", value: "\(report.warnings)", class: "warnings")
    return html + "</tr>\n"
  }

  /// A numeric cell of the column `label` (shown beside it on a narrow screen): `text` (or a
  /// dash), sorted by `value` (or first when there is none).
  static func cell(_ label: String, text: String?, value: String?, class name: String? = nil)
    -> String
  {
    let classes = (["n"] + [name].compactMap { $0 }).joined(separator: " ")
    return "<td class=\"\(classes)\" data-label=\"\(label)\" "
      + "data-value=\"\(HTMLText.escape(value ?? ""))\">\(HTMLText.escape(text ?? "—"))</td>"
  }

  /// `816×1104`, or `nil` when the plan has no measured size.
  static func size(_ plan: Plan?) -> String? {
    guard let width = plan?.output.width, let height = plan?.output.height else { return nil }
    return "\(width)×\(height)"
  }

  /// The output's pixel count for sorting, as a `Double` (never traps), or `nil`.
  static func pixels(_ plan: Plan?) -> String? {
    guard let width = plan?.output.width, let height = plan?.output.height else { return nil }
    return String(Double(width) * Double(height))
  }

  /// Each request's diagnostics, in the table's order, with a link back to the table.
  static func details(_ reports: [Report]) -> String {
    var html = "<section id=\"diagnostics\">\n<h2>Diagnostics</h2>\n"
    for (index, report) in reports.enumerated() {
      html += "<section class=\"request\" id=\"\(anchor(index))\">\n"
      html += "<h3>\(HTMLText.escape(report.request ?? "<request>"))</h3>\n"
      if let plan = report.plan {
        let facts = [plan.task, size(plan), "\(plan.billedSeconds) s billed"].compactMap { $0 }
        html += "<p class=\"plan\">\(HTMLText.escape(facts.joined(separator: " · ")))</p>\n"
      }
      if report.diagnostics.isEmpty {
        html += "<p class=\"clean\">No diagnostics.</p>\n"
      } else {
        html += "<ol class=\"diagnostics\">\n"
        for diagnostic in report.diagnostics {
          html += item(diagnostic, in: report)
        }
        html += "</ol>\n"
      }
      html += "<p class=\"back\"><a href=\"#requests\">Back to the table</a></p>\n</section>\n"
    }
    return html + "</section>\n"
  }

  /// One diagnostic: severity, rule, location (file:line:column and the JSON pointer),
  /// message and hint.
  static func item(_ diagnostic: Diagnostic, in report: Report) -> String {
    let severity = diagnostic.severity.rawValue
    let file = diagnostic.file ?? report.request ?? "<request>"
    let place = ([file] + [diagnostic.line, diagnostic.column].compactMap { $0 }.map(String.init))
      .joined(separator: ":")
    var html = "<li class=\"\(severity)\"><p class=\"head\">"
    html += "<span class=\"severity \(severity)\">\(severity)</span> "
    html += "<code class=\"rule\">\(HTMLText.escape(diagnostic.rule.rawValue))</code> "
    html += "<span class=\"location\">\(HTMLText.escape(place))"
    if !diagnostic.pointer.isEmpty {
      html += " · <code>\(HTMLText.escape(diagnostic.pointer))</code>"
    }
    html += "</span></p>\n<p class=\"message\">\(HTMLText.escape(diagnostic.message))</p>\n"
    if let hint = diagnostic.hint {
      html += "<p class=\"hint\">Hint: \(HTMLText.escape(hint))</p>\n"
    }
    return html + "</li>\n"
  }

  /// The page's style: light by default, dark under `prefers-color-scheme: dark`.
  static let style = """

    :root { color-scheme: light dark; --bg: #ffffff; --fg: #1f2328; --muted: #59636e;
      --line: #d1d9e0; --stripe: #f6f8fa; --link: #0969da; --error: #cf222e;
      --warning: #9a6700; --note: #0969da; --pass: #1a7f37; }
    @media (prefers-color-scheme: dark) {
      :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d;
        --stripe: #151b23; --link: #4493f8; --error: #ff7b72; --warning: #d29922;
        --note: #58a6ff; --pass: #3fb950; }
    }
    * { box-sizing: border-box; }
    body { margin: 0; background: var(--bg); color: var(--fg);
      font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
    main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
    h1 { font-size: 1.4rem; margin: 0 0 .5rem; }
    h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
    h3 { font-size: 1rem; margin: 0 0 .25rem; overflow-wrap: anywhere; }
    a { color: var(--link); }
    code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .9em; }
    dl.totals { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0; }
    dl.totals dt { color: var(--muted); }
    dl.totals dd { margin: 0; }
    .scroll { overflow-x: auto; }
    table { border-collapse: collapse; width: 100%; }
    th, td { padding: .35rem .5rem; border-bottom: 1px solid var(--line); text-align: left;
      vertical-align: top; }
    .n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    td.file { overflow-wrap: anywhere; min-width: 9rem; }
    tbody tr:nth-child(even) { background: var(--stripe); }
    tr.fail td.errors { color: var(--error); font-weight: 600; }
    tr.pass td.errors { color: var(--pass); }
    th button { font: inherit; font-weight: 600; color: inherit; background: none; border: 0;
      padding: 0; cursor: pointer; text-align: inherit; }
    th[aria-sort=ascending] button::after { content: " \\25B2"; }
    th[aria-sort=descending] button::after { content: " \\25BC"; }
    .request { border-top: 1px solid var(--line); padding: .75rem 0; }
    .plan, .back, .clean { margin: .25rem 0; color: var(--muted); }
    ol.diagnostics { list-style: none; padding: 0; margin: .5rem 0 0; }
    ol.diagnostics li { border-left: 3px solid var(--line); padding: .2rem 0 .2rem .6rem;
      margin: .5rem 0; }
    ol.diagnostics li.error { border-left-color: var(--error); }
    ol.diagnostics li.warning { border-left-color: var(--warning); }
    ol.diagnostics li.note { border-left-color: var(--note); }
    .head { margin: 0; overflow-wrap: anywhere; }
    .severity { font-weight: 600; text-transform: uppercase; font-size: .8em; }
    .severity.error { color: var(--error); }
    .severity.warning { color: var(--warning); }
    .severity.note { color: var(--note); }
    .location { color: var(--muted); }
    .message { margin: .15rem 0; white-space: pre-wrap; overflow-wrap: anywhere; }
    .hint { margin: 0; color: var(--muted); white-space: pre-wrap; overflow-wrap: anywhere; }
    @media (max-width: 40rem) {
      table, tbody, tr, td { display: block; }
      thead tr { display: flex; flex-wrap: wrap; gap: .1rem .9rem; }
      thead th { border: 0; padding: .2rem 0; }
      tbody tr { border-top: 1px solid var(--line); padding: .4rem .25rem; }
      td { border: 0; padding: .05rem 0; display: flex; justify-content: space-between;
        gap: 1rem; }
      td.file { display: block; font-weight: 600; }
      td[data-label]::before { content: attr(data-label); color: var(--muted); }
      td.task { overflow-wrap: anywhere; text-align: right; }
    }

    """

  /// Sorts a `table.sortable` by the clicked header's column: numbers by `data-value` (empty
  /// first), text by its content; clicking again reverses. Without scripts, nothing changes.
  static let script = """

    'use strict';
    document.querySelectorAll('table.sortable').forEach(function (table) {
      var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
      heads.forEach(function (head, column) {
        var button = document.createElement('button');
        button.type = 'button';
        button.textContent = head.textContent;
        head.textContent = '';
        head.appendChild(button);
        button.addEventListener('click', function () {
          var ascending = head.getAttribute('aria-sort') !== 'ascending';
          heads.forEach(function (other) { other.removeAttribute('aria-sort'); });
          head.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
          var numeric = head.dataset.type === 'number';
          var key = function (row) {
            var cell = row.cells[column];
            if (!numeric) { return cell.textContent; }
            var value = parseFloat(cell.dataset.value);
            return isNaN(value) ? -Infinity : value;
          };
          var body = table.tBodies[0];
          var rows = Array.prototype.slice.call(body.rows);
          rows.sort(function (a, b) {
            var x = key(a), y = key(b);
            var order = numeric ? (x < y ? -1 : x > y ? 1 : 0) : String(x).localeCompare(y);
            return ascending ? order : -order;
          });
          rows.forEach(function (row) { body.appendChild(row); });
        });
      });
    });

    """
}
