/// The preview's timeline as inline SVG: the video's seconds (the clip, then the new seconds),
/// the driving audio against the duration (the cut or silent part marked), and the prompt's shot
/// ranges (past-the-end ones in red), on one scale with the video's end dashed.
struct PreviewTimeline {
  let preview: Preview

  /// The left edge and width of the bars, in the drawing's units (600 wide).
  private static let (left, span) = (10.0, 580.0)

  /// The SVG element.
  var svg: String? {
    let duration = Double(preview.durationSeconds)
    let ends =
      [duration, preview.clipSeconds ?? 0, preview.audioSeconds ?? 0]
      + preview.shots.map(\.end)
    let scale = ends.filter(\.isFinite).max() ?? duration
    guard scale > 0 else { return nil }
    var rows: [String] = []
    var y = 0.0
    func x(_ seconds: Double) -> Double {
      Self.left + Self.span * min(max(seconds, 0), scale) / scale
    }
    func bar(_ from: Double, _ to: Double, _ kind: String, _ title: String) -> String {
      let start = x(from)
      let width = max(0, x(to) - start)
      return
        "<rect class=\"\(kind)\" x=\"\(HTMLText.number(start))\" y=\"\(HTMLText.number(y + 20))\" "
        + "width=\"\(HTMLText.number(width))\" height=\"14\"><title>\(HTMLText.escape(title))"
        + "</title></rect>"
    }
    func label(_ text: String) -> String {
      "<text x=\"\(HTMLText.number(Self.left))\" y=\"\(HTMLText.number(y + 15))\">"
        + "\(HTMLText.escape(text))</text>"
    }
    // The video: the continued clip, then what is new.
    if let clip = preview.clipSeconds {
      let kept = min(clip, duration)
      rows.append(
        label(
          "video \(Units.number(duration)) s: clip \(Units.number(clip)) s, new "
            + "\(Units.number(max(0, duration - clip))) s")
          + bar(0, kept, "clip", "clip 0–\(Units.number(kept)) s")
          + bar(kept, duration, "new", "new \(Units.number(kept))–\(Units.number(duration)) s"))
    } else {
      rows.append(
        label("video \(Units.number(duration)) s")
          + bar(0, duration, "new", "video 0–\(Units.number(duration)) s"))
    }
    y += 44
    if let audio = preview.audioSeconds {
      var row = bar(
        0, min(audio, duration), "audio", "audio 0–\(Units.number(min(audio, duration))) s")
      var text = "audio \(Units.number(audio)) s"
      if audio > duration {
        row += bar(duration, audio, "cut", "cut \(Units.number(duration))–\(Units.number(audio)) s")
        text += ": \(Units.number(audio - duration)) s cut"
      } else if audio < duration {
        row += bar(
          audio, duration, "silent", "silent \(Units.number(audio))–\(Units.number(duration)) s")
        text += ": \(Units.number(duration - audio)) s silent"
      }
      rows.append(label(text) + row)
      y += 44
    }
    for shot in preview.shots {
      let kind = shot.pastEnd ? "past" : "shot"
      let text = "shot \(shot.text)" + (shot.pastEnd ? ": past the end" : "")
      rows.append(label(text) + bar(shot.start, shot.end, kind, text))
      y += 44
    }
    let end = HTMLText.number(x(duration))
    let height = HTMLText.number(y + 4)
    return "<svg class=\"timeline\" viewBox=\"0 0 600 \(height)\" role=\"img\" "
      + "aria-label=\"timeline of \(preview.durationSeconds) s\">"
      + rows.joined()
      + "<line class=\"end\" x1=\"\(end)\" y1=\"0\" x2=\"\(end)\" y2=\"\(height)\"></line>"
      + "</svg>"
  }
}
