import Foundation
import MediaTransform

/// The preview's HTML5 page: the plan, every diagnostic with its hint, the pictures side by side
/// at their true aspect, the timeline and the waveform as inline SVG. No script, no network;
/// every text from the request is escaped.
struct PreviewPage {
  let preview: Preview
  let rendering: PreviewRenderer.Rendering
  let inline: Bool

  /// The whole document.
  var html: String {
    let title = "wan-preflight preview" + (preview.report.request.map { ": \($0)" } ?? "")
    return """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <meta name="color-scheme" content="light dark">
      <title>\(HTMLText.escape(title))</title>
      <style>\(Self.style)</style>
      </head>
      <body>
      <main>
      <h1>\(HTMLText.escape(title))</h1>
      \(verdict)
      \(planSection)
      \(promptSection)
      \(diagnosticsSection)
      \(picturesSection)
      \(timelineSection)
      \(waveformSection)
      </main>
      </body>
      </html>

      """
  }

  private var verdict: String {
    let report = preview.report
    let word = report.ok ? "ok" : "errors"
    return "<p class=\"verdict \(word)\">\(report.ok ? "No errors" : "The request has errors"): "
      + "\(report.errors) errors, \(report.warnings) warnings, \(report.notes) notes.</p>"
  }

  private var planSection: String {
    guard let plan = preview.report.plan else {
      return "<section><h2>Plan</h2><p>No task could be inferred.</p></section>"
    }
    let output = plan.output
    let size =
      output.width.flatMap { w in output.height.map { "\(w)×\($0)" } } ?? "unknown"
    var rows: [(String, String)] = [
      ("task", plan.task), ("resolution", plan.resolution),
      ("size", "\(size) (\(output.basis.rawValue))"),
      ("frames", "\(output.frames) at \(output.fps) fps"), ("seconds", "\(output.seconds)"),
    ]
    if let alternate = plan.alternateOutput {
      rows.append(
        (
          "alternate size",
          "\(alternate.width)×\(alternate.height) \(plan.alternateIgnores?.phrase ?? "")"
        ))
    }
    if let clip = preview.clipSeconds { rows.append(("clip seconds", Units.number(clip))) }
    if let new = plan.continuationSeconds {
      rows.append(("new seconds after the clip", Units.number(new)))
    }
    rows.append(("billed seconds", "\(plan.billedSeconds)"))
    if let price = plan.price {
      rows.append(
        (
          "price",
          "\(Units.number(price.amount)) \(price.currency) (\(price.region.rawValue), "
            + "\(price.basis.rawValue))"
        ))
    }
    let body = rows.map {
      "<tr><th scope=\"row\">\(HTMLText.escape($0.0))</th><td>\(HTMLText.escape($0.1))</td></tr>"
    }
    return "<section><h2>Plan</h2><table>\(body.joined())</table></section>"
  }

  private var promptSection: String {
    guard let prompt = preview.prompt else { return "" }
    return "<section><h2>Prompt</h2><p class=\"prompt\">\(HTMLText.escape(prompt))</p></section>"
  }

  private var diagnosticsSection: String {
    let diagnostics = preview.report.diagnostics
    guard !diagnostics.isEmpty else {
      return "<section><h2>Diagnostics</h2><p>None.</p></section>"
    }
    let items = diagnostics.map { diagnostic in
      var item =
        "<li class=\"\(diagnostic.severity.rawValue)\"><span class=\"severity\">"
        + "\(diagnostic.severity.rawValue)</span> <code>\(diagnostic.rule.rawValue)</code> "
        + "<code>\(HTMLText.escape(diagnostic.pointer))</code><br>"
        + HTMLText.escape(diagnostic.message)
      if let hint = diagnostic.hint {
        item += "<br><span class=\"hint\">hint: \(HTMLText.escape(hint))</span>"
      }
      return item + "</li>"
    }
    return "<section><h2>Diagnostics</h2><ul class=\"diagnostics\">\(items.joined())</ul></section>"
  }

  private var picturesSection: String {
    let skipped = preview.skipped + rendering.failures
    let figures = rendering.files.map { file in
      let picture = file.picture
      let source =
        inline
        ? "data:image/png;base64," + Data(file.png).base64EncodedString()
        : HTMLText.escape(picture.name)
      var caption =
        "\(HTMLText.escape(picture.name)): \(picture.kind.caption), "
        + "\(picture.width)×\(picture.height)"
      if picture.kind == .lastFrameCrop, let crop = rendering.lastFrameCrop {
        caption += "; kept \(crop.width)×\(crop.height) at (\(crop.x), \(crop.y))"
      }
      return "<figure><img src=\"\(source)\" width=\"\(picture.width)\" "
        + "height=\"\(picture.height)\" alt=\"\(HTMLText.escape(picture.kind.caption))\">"
        + "<figcaption>\(caption)</figcaption></figure>"
    }
    let notes = skipped.map {
      "<li><code>\(HTMLText.escape($0.pointer))</code> <code>\(HTMLText.escape($0.code))</code> "
        + "\(HTMLText.escape($0.reason))</li>"
    }
    var section = "<section><h2>Frames</h2>"
    section +=
      figures.isEmpty
      ? "<p>No picture rendered.</p>" : "<div class=\"frames\">\(figures.joined())</div>"
    if !notes.isEmpty { section += "<ul class=\"skipped\">\(notes.joined())</ul>" }
    return section + "</section>"
  }

  private var timelineSection: String {
    PreviewTimeline(preview: preview).svg.map {
      "<section><h2>Timeline</h2>\($0)</section>"
    } ?? ""
  }

  private var waveformSection: String {
    guard let waveform = rendering.waveform, !waveform.peaks.isEmpty else { return "" }
    let count = waveform.peaks.count
    let width = 1000.0
    let step = width / Double(count)
    var bars = ""
    for (index, peak) in waveform.peaks.enumerated() {
      let x = HTMLText.number((Double(index) + 0.5) * step)
      let top = HTMLText.number(50 - 48 * min(1, max(-1, peak.high)))
      let bottom = HTMLText.number(50 - 48 * min(1, max(-1, peak.low)) + 0.5)
      bars += "M\(x) \(top)V\(bottom)"
    }
    let stroke = HTMLText.number(max(1, step * 0.8))
    return """
      <section><h2>Audio waveform</h2><svg class="waveform" viewBox="0 0 1000 100" \
      preserveAspectRatio="none" role="img" aria-label="waveform of \
      \(HTMLText.number(waveform.seconds)) s of decoded audio"><path d="\(bars)" \
      stroke-width="\(stroke)"></path></svg><p>\(HTMLText.number(waveform.seconds)) s decoded at \
      \(waveform.sampleRate) Hz, \(count) peaks.</p></section>
      """
  }

  static let style = """
    :root{color-scheme:light dark;--bg:#fff;--fg:#1b1b1b;--muted:#666;--line:#ccc;\
    --clip:#5b8def;--new:#38a169;--audio:#805ad5;--cut:#e53e3e;--silent:#a0aec0;--shot:#dd6b20}\
    @media (prefers-color-scheme:dark){:root{--bg:#16181d;--fg:#e6e6e6;--muted:#a0a0a0;\
    --line:#3a3f4b}}\
    body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.45 system-ui,sans-serif}\
    main{max-width:72rem;margin:0 auto;padding:1rem}h1{font-size:1.3rem;overflow-wrap:anywhere}\
    table{border-collapse:collapse;max-width:100%}th,td{text-align:left;padding:.2rem .6rem;\
    overflow-wrap:anywhere;\
    border-bottom:1px solid var(--line);vertical-align:top}\
    .verdict.ok{color:var(--new)}.verdict.errors,.error .severity{color:var(--cut)}\
    .warning .severity{color:var(--shot)}.hint,.skipped{color:var(--muted)}\
    .prompt{white-space:pre-wrap;overflow-wrap:anywhere}\
    .diagnostics li{margin-bottom:.5rem;overflow-wrap:anywhere}\
    .frames{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}\
    figure{margin:0;flex:1 1 14rem;max-width:100%}\
    figure img{display:block;max-width:100%;height:auto;border:1px solid var(--line)}\
    figcaption{font-size:.85rem;color:var(--muted)}\
    svg{display:block;width:100%;height:auto}.waveform{height:6rem}\
    .waveform path{stroke:var(--audio);fill:none}\
    svg text{fill:var(--fg);font-size:14px}.axis{stroke:var(--line)}\
    .clip{fill:var(--clip)}.new{fill:var(--new)}.audio{fill:var(--audio)}.cut{fill:var(--cut)}\
    .silent{fill:var(--silent)}.shot{fill:var(--shot)}.past{fill:var(--cut)}\
    .end{stroke:var(--fg);stroke-dasharray:4 3}
    """
}
