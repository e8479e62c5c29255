import MediaProbe
import MediaTransform

/// Plans the rewrite of driving audio: convert it to a format the API takes within its byte
/// limit, trim or pad it into 2…30 s, and fit it to the duration (`--audio-fit`).
struct AudioFixPlanner {
  let context: FixContext

  /// The rules an audio rewrite removes.
  static let rules: Set<RuleID> = [
    .audioFormat, .audioDuration, .audioBytes, .audioVsDuration, .extensionMismatch,
  ]

  /// The format written: 16-bit WAV, exact to the sample when trimmed or padded (an MP3's
  /// encoder delay and last-frame padding move its length by tens of milliseconds, and
  /// `audio_vs_duration` allows 50), and at most 5.76 MB for 30 s at 48 kHz stereo, far under
  /// the 15 MB limit.
  static let output = AudioTransform.AudioFormat.wav

  /// The fix of the sound `info` for `findings`, and the duration it sets, if any.
  func plan(pointer: String, info: MediaInfo, findings: [RuleID]) -> (MediaFix?, DurationChange?) {
    guard info.audio != nil, let seconds = info.durationSeconds, seconds > 0 else {
      return (nil, nil)
    }
    let wanted = Set(findings).intersection(Self.rules)
    guard !wanted.isEmpty else { return (nil, nil) }
    let role = MediaRole.drivingAudio
    if wanted == [.extensionMismatch] {
      let output =
        "\(role.rawValue).\(ExtensionMismatch.extensions[info.format]?.first ?? info.format)"
      return (
        MediaFix(
          pointer: pointer, role: role, source: info.path, output: output,
          changes: [
            FixChange(
              pointer: pointer, media: role, rule: .extensionMismatch,
              action: "copied as .\(output.split(separator: ".").last ?? "")",
              before: FixFacts.fact(.extensionMismatch, info),
              after: ".\(output.split(separator: ".").last ?? "")", output: output)
          ], operation: .copy), nil
      )
    }
    let length = Length(seconds: seconds, context: context, wanted: wanted)
    if wanted == [.audioVsDuration], length.trim == nil, length.pad == nil {
      return (nil, length.duration)  // a new duration alone fits it
    }
    var transform = AudioTransform(output: Self.output)
    if let trim = length.trim { transform = transform.trim(toSeconds: trim) }
    if let pad = length.pad { transform = transform.pad(toSeconds: pad) }
    if let rate = info.audio?.sampleRate, rate > 48_000 {
      transform = transform.resample(sampleRate: 48_000)
    }
    let output = "\(role.rawValue).wav"
    let format = "16-bit WAV"
    var changes: [FixChange] = []
    func add(_ rule: RuleID, _ action: String, _ after: String) {
      guard wanted.contains(rule) else { return }
      changes.append(
        FixChange(
          pointer: pointer, media: role, rule: rule, action: action,
          before: FixFacts.fact(rule, info), after: after, output: output))
    }
    add(.audioFormat, "converted to \(format)", "WAV")
    add(.audioBytes, "converted to \(format)", "≤ \(context.spec.audio.maxBytes.stated)")
    add(.extensionMismatch, "written as .wav", ".wav")
    let result = "\(Units.seconds(length.result)) s"
    add(.audioDuration, length.action, result)
    if length.fitsDuration { add(.audioVsDuration, length.action, result) }
    let fix = MediaFix(
      pointer: pointer, role: role, source: info.path, output: output, changes: changes,
      operation: .audio(transform))
    return (fix, length.duration)
  }

  /// How long the audio will last, and the duration that goes with it.
  private struct Length {
    var trim: Double?
    var pad: Double?
    var result: Double
    var duration: DurationChange?
    /// Whether the result fits the (new) duration, so `audio_vs_duration` goes away.
    var fitsDuration = false

    var action: String {
      let verb = trim != nil ? "trimmed" : pad != nil ? "padded with silence" : "kept"
      let duration = self.duration.map { ", duration \($0.from) → \($0.to)" } ?? ""
      return "\(verb) to \(Units.seconds(result)) s\(duration)"
    }

    init(seconds: Double, context: FixContext, wanted: Set<RuleID>) {
      let limits = context.spec.audio.seconds
      let fit = context.options.audioFit
      let requested = context.duration
      var low = limits.lowerBound
      var high = limits.upperBound
      if wanted.contains(.audioVsDuration) {
        switch fit {
        case .fit:
          (low, high) = (Double(requested), Double(requested))
        case .trim:
          high = min(high, Double(requested))
        case .pad:
          low = max(low, Double(requested))
        case .duration:
          let whole = Units.wholeSeconds(seconds, .up, within: context.spec.duration)
          if whole != requested { duration = DurationChange(from: requested, to: whole) }
          (low, high) = (Double(whole), Double(whole))
        }
      }
      low = max(low, limits.lowerBound)
      high = min(high, limits.upperBound)
      result = min(max(seconds, low), high)
      if seconds > high + 0.0005 { trim = high }
      if seconds < low - 0.0005 { pad = low }
      let video = Double(duration?.to ?? requested)
      fitsDuration = abs(result - video) <= 0.05
    }
  }
}
