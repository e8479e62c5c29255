/// What the service silently does to prompts, and the defaults it applies.
enum PromptRules {
  /// Truncation of the prompt and negative prompt, and shot time ranges past the duration.
  static func check(_ fields: RequestFields, spec: ModelSpec) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    let limits: [(String?, Int, RuleID, String, String)] = [
      (fields.prompt, spec.promptLimit, .promptLength, "/input/prompt", "prompt"),
      (
        fields.negativePrompt, spec.negativePromptLimit, .negativePromptLength,
        "/input/negative_prompt", "negative_prompt"
      ),
    ]
    for case (let text?, let limit, let rule, let pointer, let name) in limits {
      let count = text.unicodeScalars.count
      guard count > limit else { continue }
      let kept = String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit)))
      diagnostics.append(
        Diagnostic(
          rule, at: pointer,
          "\(name) is \(count) characters; the service keeps the first \(limit) and silently "
            + "drops \(count - limit) (it stops after \"…\(kept.suffix(20))\")",
          hint: "shorten it to \(limit) characters"))
    }
    let duration = fields.duration ?? spec.defaultDuration
    if let prompt = fields.prompt {
      for shot in ShotRange.find(in: prompt) where shot.end > Double(duration) {
        diagnostics.append(
          Diagnostic(
            .promptShots, at: "/input/prompt",
            "the prompt asks for \"\(shot.text)\", which ends at \(Units.number(shot.end)) s; the "
              + "video is \(duration) s long (predicted: that shot cannot be honoured)",
            hint: shot.end <= Double(spec.duration.upperBound)
              ? "raise duration to at least \(Units.wholeSeconds(shot.end, .up, within: spec.duration)) "
                + "or retime the shots"
              : "retime the shots: the longest video is \(spec.duration.upperBound) s"))
      }
    }
    return diagnostics
  }

  /// The defaults the service applies to what the request leaves out; a missing resolution costs
  /// more (1080P), so it is a warning.
  static func defaults(_ fields: RequestFields, spec: ModelSpec, region: Region) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    if !fields.resolutionGiven {
      let high = spec.price(tier: spec.defaultResolution, region: region)
      let low = spec.price(tier: .p720, region: region)
      var cost = ""
      if let high, let low {
        cost =
          " (list price \(Units.number(high.perSecond)) vs \(Units.number(low.perSecond)) "
          + "\(high.currency) a second at 720P)"
      }
      diagnostics.append(
        Diagnostic(
          .defaultsApplied, at: "/parameters/resolution",
          "no resolution given: the service renders \(spec.defaultResolution.rawValue)" + cost,
          hint: "set \"resolution\": \"720P\" if that is enough", severity: .warning))
    }
    if !fields.durationGiven {
      diagnostics.append(
        Diagnostic(
          .defaultsApplied, at: "/parameters/duration",
          "no duration given: the service renders and bills \(spec.defaultDuration) s",
          severity: .note))
    }
    return diagnostics
  }
}

/// A shot's time range written in a prompt: `[0-3秒]`, `[4-8s]`, `第2个镜头[6-10秒]`.
struct ShotRange: Equatable {
  /// The range as written, e.g. `[6-10秒]`.
  var text: String
  var start: Double
  var end: Double

  /// Every bracketed range of seconds in `prompt`, in order.
  static func find(in prompt: String) -> [ShotRange] {
    let pattern =
      #/[\[【]\s*(\d+(?:\.\d+)?)\s*[-–~～至到]\s*(\d+(?:\.\d+)?)\s*(?:秒|s|S|sec|secs|seconds)?\s*[\]】]/#
    return prompt.matches(of: pattern).compactMap { match in
      guard let start = Double(match.output.1), let end = Double(match.output.2) else { return nil }
      return ShotRange(text: String(match.output.0), start: start, end: end)
    }
  }
}
