import Foundation
import MediaProbe

/// What a media item turned out to be: probed, or why not.
public enum MediaOutcome: Sendable {
  /// Probed locally (a file, or a decoded `data:` URI).
  case probed(MediaInfo)
  /// A local file that could not be probed.
  case failed(ProbeError)
  /// A remote URL, not checked.
  case remote
  /// A local file outside the folders a lint was given; not read.
  case outside
}

/// Checks one media item's reference and content against the model's limits.
struct MediaRules {
  let spec: ModelSpec
  let region: Region
  let duration: Int

  /// Diagnostics for `item` given what probing it gave.
  func check(_ item: MediaItem, outcome: MediaOutcome?) -> [Diagnostic] {
    guard let role = item.role, let reference = item.reference else { return [] }
    var found = referenceDiagnostics(item, role: role, reference: reference)
    if case .probed = outcome {
      found.removeAll { $0.rule == .urlUnverified }  // checked against a local copy
    }
    switch outcome {
    case .probed(let info):
      found += contentDiagnostics(item, role: role, info: info, reference: reference)
    case .failed(let error):
      found.append(probeFailure(item, role: role, error: error))
    case .outside:
      found.append(
        Diagnostic(
          .mediaOutside, at: item.pointer + "/url",
          "\(role.rawValue) \(item.url ?? "") lies outside the repository, so it was not read",
          hint: "keep media inside the repository (or give their hosted URL)"))
    case .remote, nil:
      break
    }
    return found
  }

  // MARK: references

  private func referenceDiagnostics(
    _ item: MediaItem, role: MediaRole, reference: MediaReference
  ) -> [Diagnostic] {
    let pointer = item.pointer + "/url"
    switch reference {
    case .local:
      return []
    case .remote(let url):
      guard let parsed = URL(string: url), let host = parsed.host, !host.isEmpty else {
        return [
          Diagnostic(
            .urlScheme, at: pointer, "\(role.rawValue) URL \(url) is malformed (no host)",
            hint: "write a full URL: https://host/path/file")
        ]
      }
      return [
        Diagnostic(
          .urlUnverified, at: pointer,
          "\(role.rawValue) is a remote URL (\(url)); it was not downloaded, so its content is "
            + "unchecked",
          hint: "check a local copy: wan-preflight check --\(flagName(role)) FILE")
      ]
    case .oss:
      if region != .beijing {
        return [
          Diagnostic(
            .ossRegion, at: pointer,
            "\(role.rawValue) is an oss:// temporary URL; those exist in the Beijing region only, "
              + "and the region is \(region.rawValue)",
            hint: "upload the file where the \(region.rawValue) endpoint can read it (https://)")
        ]
      }
      return [
        Diagnostic(
          .urlUnverified, at: pointer,
          "\(role.rawValue) is an oss:// URL; it was not downloaded, so its content is unchecked; "
            + "the request needs the header X-DashScope-OssResourceResolve: enable")
      ]
    case .data(let mime, let bytes):
      if role == .drivingAudio || role == .firstClip {
        return [
          Diagnostic(
            .base64NotAllowed, at: pointer,
            "\(role.rawValue) is a base64 data: URI; the API takes audio and clips only as "
              + "http(s) or oss:// URLs",
            hint: "host the file and give its URL")
        ]
      }
      if bytes == nil {
        return [
          Diagnostic(
            .dataURIMime, at: pointer,
            "\(role.rawValue) is a data: URI that is not data:{MIME};base64,{data} with valid "
              + "base64", hint: "encode the file as data:image/png;base64,…")
        ]
      }
      let allowed = Set(spec.image.mimeTypes.values)
      if !allowed.contains(mime) {
        return [
          Diagnostic(
            .dataURIMime, at: pointer,
            "\(role.rawValue) is a data: URI of type \"\(mime)\"; allowed: "
              + allowed.sorted().joined(separator: ", "))
        ]
      }
      return []
    case .unsupported(let scheme):
      return [
        Diagnostic(
          .urlScheme, at: pointer,
          "\(role.rawValue) uses the URL scheme \"\(scheme):\"; the API takes http(s)://, oss:// "
            + "and (for images) data: URIs", hint: "give an https:// URL or a local path")
      ]
    }
  }

  private func probeFailure(_ item: MediaItem, role: MediaRole, error: ProbeError) -> Diagnostic {
    let pointer = item.pointer + "/url"
    switch error.reason {
    case .notFound:
      return Diagnostic(
        .fileMissing, at: pointer, "\(role.rawValue) file \(error.path) does not exist",
        hint: "paths are relative to the request file's folder")
    case .pixelBudgetExceeded(let width, let height, _):
      let limits = role == .firstClip ? spec.clip.side : spec.image.side
      return Diagnostic(
        role == .firstClip ? .clipSize : .imageSize, at: item.pointer,
        "\(role.rawValue) \(error.path) is \(width)x\(height); each side must be "
          + "\(limits.lowerBound)…\(limits.upperBound) px",
        hint: "scale it down", serverError: "the size of input image is too small or too large.")
    default:
      return Diagnostic(
        .mediaUnreadable, at: pointer, "\(role.rawValue) \(error.path): \(error.message)",
        hint: "re-export the file", serverError: serverErrorForUnreadable(role))
    }
  }

  private func serverErrorForUnreadable(_ role: MediaRole) -> String {
    switch role {
    case .firstFrame, .lastFrame: "Invalid image format or corrupted file"
    case .drivingAudio: "The audio format is illegal and cannot be opened."
    case .firstClip: "Invalid video file."
    }
  }

  // MARK: content

  private func contentDiagnostics(
    _ item: MediaItem, role: MediaRole, info: MediaInfo, reference: MediaReference
  ) -> [Diagnostic] {
    var found: [Diagnostic] = []
    if case .local = reference, let mismatch = extensionMismatch(item, role: role, info: info) {
      found.append(mismatch)
    }
    if case .data(let mime, _) = reference, mime != info.mimeType {
      found.append(
        Diagnostic(
          .dataURIMime, at: item.pointer + "/url",
          "\(role.rawValue) is declared \(mime) but its content is \(info.format) "
            + "(\(info.mimeType))", hint: "write data:\(info.mimeType);base64,…"))
    }
    switch role {
    case .firstFrame, .lastFrame:
      found += ImageRules(spec: spec).check(item, role: role, info: info)
    case .drivingAudio: found += audio(item, info: info)
    case .firstClip: found += clip(item, info: info)
    }
    return found
  }

  private func extensionMismatch(_ item: MediaItem, role: MediaRole, info: MediaInfo) -> Diagnostic?
  {
    let expected = Self.extensions[info.format] ?? [info.format]
    guard !info.fileExtension.isEmpty, !expected.contains(info.fileExtension) else { return nil }
    return Diagnostic(
      .extensionMismatch, at: item.pointer + "/url",
      "\(info.path) is named .\(info.fileExtension) but its content is \(info.format)",
      hint: "rename it to .\(expected[0]); the checks use the content")
  }

  static let extensions: [String: [String]] = [
    "jpeg": ["jpg", "jpeg", "jpe", "jfif"], "png": ["png", "apng"], "bmp": ["bmp", "dib"],
    "webp": ["webp"], "gif": ["gif"], "tiff": ["tif", "tiff"], "mp4": ["mp4", "m4v"],
    "mov": ["mov", "qt"], "m4a": ["m4a", "m4b", "mp4"], "mp3": ["mp3"], "wav": ["wav", "wave"],
    "aac": ["aac"], "webm": ["webm"], "mkv": ["mkv"], "avif": ["avif"], "heif": ["heic", "heif"],
  ]

  private func audio(_ item: MediaItem, info: MediaInfo) -> [Diagnostic] {
    let limits = spec.audio
    var found: [Diagnostic] = []
    if info.kind != .audio || !limits.formats.contains(info.format) {
      found.append(
        Diagnostic(
          .audioFormat, at: item.pointer,
          "driving_audio \(info.path) is \(info.kind.rawValue) in \(info.format); allowed: "
            + limits.formats.joined(separator: ", "),
          hint: "convert it: ffmpeg -i \(info.path) -vn audio.mp3",
          serverError: "File type is not supported. Allowed types are: .wav, .mp3."))
    }
    if info.byteSize > limits.maxBytes {
      found.append(
        Diagnostic(
          .audioBytes, at: item.pointer,
          "driving_audio \(info.path) is \(megabytes(info.byteSize)); at most "
            + "\(megabytes(limits.maxBytes))", hint: "lower the bitrate or shorten it",
          serverError: "File size is larger than 15MB."))
    }
    guard let seconds = info.durationSeconds else { return found }
    if !limits.seconds.contains(seconds) {
      found.append(
        Diagnostic(
          .audioDuration, at: item.pointer,
          "driving_audio \(info.path) lasts \(formatted(seconds)) s; allowed: "
            + "\(formatted(limits.seconds.lowerBound))…\(formatted(limits.seconds.upperBound)) s",
          hint: seconds < limits.seconds.lowerBound ? "use a longer recording" : "trim it",
          serverError: seconds > limits.seconds.upperBound
            ? "The input audio is longer than \(formatted(limits.seconds.upperBound))s." : nil))
    }
    let video = Double(duration)
    if seconds > video + 0.05 {
      found.append(
        Diagnostic(
          .audioVsDuration, at: item.pointer,
          "driving_audio lasts \(formatted(seconds)) s and the video \(duration) s: the service "
            + "silently cuts the last \(formatted(seconds - video)) s of audio",
          hint:
            "trim the audio or raise duration to \(wholeSeconds(seconds, .up, within: spec.duration))"
        ))
    } else if seconds < video - 0.05 {
      found.append(
        Diagnostic(
          .audioVsDuration, at: item.pointer,
          "driving_audio lasts \(formatted(seconds)) s and the video \(duration) s: the last "
            + "\(formatted(video - seconds)) s of video will be silent (and are billed)",
          hint:
            "lower duration to \(wholeSeconds(seconds, .down, within: spec.duration)) or use longer audio"
        ))
    }
    return found
  }

  private func clip(_ item: MediaItem, info: MediaInfo) -> [Diagnostic] {
    let limits = spec.clip
    var found: [Diagnostic] = []
    guard info.kind == .video, let video = info.video else {
      let rule: RuleID = info.kind == .audio ? .clipNoVideo : .clipFormat
      return [
        Diagnostic(
          rule, at: item.pointer,
          "first_clip \(info.path) is \(info.kind.rawValue) (\(info.format)); it must be an "
            + "MP4 or MOV video", serverError: "read video error.")
      ]
    }
    if !limits.formats.contains(info.format) {
      found.append(
        Diagnostic(
          .clipFormat, at: item.pointer,
          "first_clip \(info.path) is \(info.format); allowed: "
            + limits.formats.joined(separator: ", "),
          hint: "remux it: ffmpeg -i \(info.path) -c copy clip.mp4",
          serverError: "Invalid video file."))
    } else if !["h264", "hevc"].contains(video.codec) {
      found.append(
        Diagnostic(
          .clipFormat, at: item.pointer,
          "first_clip \(info.path) uses the \(video.codec) codec; the API documents no codec "
            + "list (H.264 and H.265 are the safe choices)", severity: .warning))
    }
    if let width = video.width, let height = video.height {
      if !limits.side.contains(width) || !limits.side.contains(height) {
        found.append(
          Diagnostic(
            .clipSize, at: item.pointer,
            "first_clip \(info.path) is \(width)x\(height); each side must be "
              + "\(limits.side.lowerBound)…\(limits.side.upperBound) px",
            hint: "scale it: ffmpeg -i \(info.path) -vf scale=-2:1080 clip.mp4"))
      }
      if let ratio = aspect(width, height), ratio > limits.maxAspect {
        found.append(
          Diagnostic(
            .clipAspect, at: item.pointer,
            "first_clip \(info.path) is \(width)x\(height), an aspect ratio of "
              + "\(formatted(ratio)):1; at most \(formatted(limits.maxAspect)):1"))
      }
    }
    if info.byteSize > limits.maxBytes {
      found.append(
        Diagnostic(
          .clipBytes, at: item.pointer,
          "first_clip \(info.path) is \(megabytes(info.byteSize)); at most "
            + "\(megabytes(limits.maxBytes))", hint: "re-encode it at a lower bitrate"))
    }
    if let start = info.startSeconds, let span = info.frameSpanSeconds {
      found.append(lateStart(item, info: info, start: start, span: span))
    }
    // Judged on the frames a decoder hands over: empty time before a late first frame is not
    // clip (see clip_start).
    if let seconds = info.presentedSeconds {
      if !limits.seconds.contains(seconds) {
        found.append(
          Diagnostic(
            .clipDuration, at: item.pointer,
            "first_clip \(info.path) lasts \(formatted(seconds)) s; allowed: "
              + "\(formatted(limits.seconds.lowerBound))…\(formatted(limits.seconds.upperBound)) s",
            hint: seconds > limits.seconds.upperBound ? "trim it" : "use a longer clip"))
      }
      if Double(duration) <= seconds {
        found.append(
          Diagnostic(
            .clipVsDuration, at: "/parameters/duration",
            "duration is \(duration) s and includes the \(formatted(seconds)) s clip: nothing "
              + "new would be generated (inferred), yet \(duration) s are billed",
            hint:
              "set duration above \(formatted(seconds)), e.g. "
              + "\(wholeSeconds(seconds + 5, .towardZero, within: spec.duration))"
          ))
      }
    }
    found += Orientation.check(item, role: .firstClip, info: info, spec: spec)
    return found
  }

  /// The `clip_start` warning: the clip's frames start `start` seconds into its timeline.
  private func lateStart(_ item: MediaItem, info: MediaInfo, start: Double, span: Double)
    -> Diagnostic
  {
    let timeline = info.durationSeconds.map { ", its timeline \(formatted($0)) s" } ?? ""
    return Diagnostic(
      .clipStart, at: item.pointer,
      "first_clip \(info.path) shows its first frame at \(formatted(start)) s (an edit list "
        + "or a timestamp offset): its frames span \(formatted(span)) s\(timeline); the checks "
        + "and the plan use the \(formatted(span)) s of frames, what a decoder hands the "
        + "service, but a player may first show \(formatted(start)) s of nothing (inferred)",
      hint: "remux it so the frames start at 0: ffmpeg -i \(info.path) -c copy clip.mp4")
  }

  private func flagName(_ role: MediaRole) -> String {
    switch role {
    case .firstFrame: "first-frame"
    case .lastFrame: "last-frame"
    case .drivingAudio: "audio"
    case .firstClip: "clip"
    }
  }
}

/// The longer side over the shorter; nil for an empty size.
func aspect(_ width: Int, _ height: Int) -> Double? {
  guard width > 0, height > 0 else { return nil }
  return Double(max(width, height)) / Double(min(width, height))
}

/// `12.3 MB (12,897,484 bytes)` with MB = 1,048,576 bytes, as the API counts.
func megabytes(_ bytes: Int64) -> String {
  let value = Double(bytes) / 1_048_576
  return formatted((value * 10).rounded() / 10) + " MB (\(bytes) bytes)"
}

/// A number of seconds or a ratio without trailing zeros, to at most three decimals; a value
/// too large to print as an integer (a prompt can ask for a shot ending at 10⁴⁰ s) keeps
/// Swift's exponent form, since `Int(_:)` would trap.
func formatted(_ value: Double) -> String {
  guard value.isFinite, value.magnitude < 1e15 else { return String(value) }
  let rounded = (value * 1000).rounded() / 1000
  return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
}

/// `seconds` rounded by `rule` into `range`, for hints such as "raise duration to 6": a probed or
/// requested number of seconds can be absurd, and `Int(_:)` traps beyond `Int`'s range.
func wholeSeconds(
  _ seconds: Double, _ rule: FloatingPointRoundingRule, within range: ClosedRange<Int>
) -> Int {
  let value = seconds.rounded(rule)
  guard value.isFinite else { return value < 0 ? range.lowerBound : range.upperBound }
  return Int(min(max(value, Double(range.lowerBound)), Double(range.upperBound)))
}
