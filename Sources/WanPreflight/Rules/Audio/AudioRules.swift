import MediaProbe

/// Checks driving audio against the model's audio limits and the requested duration.
struct AudioRules {
  let spec: ModelSpec
  /// The requested duration, in seconds.
  let duration: Int

  func check(_ item: MediaItem, info: MediaInfo) -> [Diagnostic] {
    let limits = spec.audio
    var found: [Diagnostic] = []
    let name = "driving_audio \(info.path)"
    if info.kind != .audio || !limits.formats.contains(info.format) {
      found.append(
        Diagnostic(
          .audioFormat, at: item.pointer,
          "\(name) is \(info.kind.rawValue) in \(info.format); allowed: "
            + limits.formats.joined(separator: ", "),
          hint: info.audio == nil
            ? "give a WAV or MP3 recording"
            : "convert it to MP3: " + FixCommand.audioToMP3(info.path).quotedInHint,
          serverError: ServiceText.audioFormat))
    }
    if let size = ByteLimitRule(limit: limits.maxBytes, rule: .audioBytes).check(
      info.byteSize, subject: name, at: item.pointer,
      hint: info.audio == nil
        ? "lower the bitrate or shorten it"
        : "convert it to MP3 at 192 kb/s: " + FixCommand.audioToMP3(info.path).quotedInHint,
      serverError: ServiceText.audioBytes)
    {
      found.append(size)
    }
    guard let seconds = info.durationSeconds else { return found }
    if !limits.seconds.contains(seconds) {
      let long = seconds > limits.seconds.upperBound
      found.append(
        Diagnostic(
          .audioDuration, at: item.pointer,
          "\(name) lasts \(Units.seconds(seconds)) s; allowed: \(Units.seconds(limits.seconds)) s",
          hint: long
            ? "trim it to the video's \(videoSeconds) s: \(trim(info))"
            : "use a longer recording, or pad it with silence to the video's \(videoSeconds) s: "
              + pad(info),
          serverError: long
            ? ServiceText.audioTooLong(Units.seconds(limits.seconds.upperBound)) : nil))
    }
    if let mismatch = lengthMismatch(item, info: info, seconds: seconds) { found.append(mismatch) }
    return found
  }

  /// What the commands cut or pad to: the video's length, within the duration range.
  private var videoSeconds: Int {
    min(max(duration, spec.duration.lowerBound), spec.duration.upperBound)
  }

  private func trim(_ info: MediaInfo) -> String {
    FixCommand.trimAudio(info.path, seconds: videoSeconds).quotedInHint
  }

  private func pad(_ info: MediaInfo) -> String {
    FixCommand.padAudio(info.path, seconds: videoSeconds).quotedInHint
  }

  /// The `audio_vs_duration` warning: audio longer than the video is cut, shorter leaves the
  /// rest of the video silent; the hint offers the whole duration that would fit it instead.
  private func lengthMismatch(_ item: MediaItem, info: MediaInfo, seconds: Double) -> Diagnostic? {
    let length = Double(duration)
    let longer = seconds > length + 0.05
    guard longer || seconds < length - 0.05 else { return nil }
    let fitting = Units.wholeSeconds(seconds, longer ? .up : .down, within: spec.duration)
    let effect =
      longer
      ? "the service silently cuts the last \(Units.seconds(seconds - length)) s of audio"
      : "the last \(Units.seconds(length - seconds)) s of video will be silent (and are billed)"
    let fix =
      longer
      ? "trim it to \(videoSeconds) s yourself: \(trim(info))"
        + (fitting > duration && Double(fitting) <= seconds + 0.05
          ? ", or raise duration to \(fitting)" : "")
      : "pad it with silence to \(videoSeconds) s: \(pad(info))"
        + (fitting < duration && Double(fitting) >= seconds - 0.05
          ? ", or lower duration to \(fitting)" : "")
    return Diagnostic(
      .audioVsDuration, at: item.pointer,
      "driving_audio lasts \(Units.seconds(seconds)) s and the video \(duration) s: " + effect,
      hint: fix)
  }
}
