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
          hint: "download it and check the local copy: put its path in url, or pass it with "
            + "--\(flagName(role))")
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
      if let refused = unacceptedPicture(item, role: role, error: error) { return refused }
      return Diagnostic(
        .mediaUnreadable, at: pointer, "\(role.rawValue) \(error.path): \(error.message)",
        hint: "re-export the file", serverError: serverErrorForUnreadable(role))
    }
  }

  /// A HEIC photo (FFmpeg 5.1 cannot decode it) or an SVG (the probe refuses it) given as a
  /// frame is a picture the API does not take, not an unreadable file: `image_format`, with the
  /// program that converts it. So is a damaged GIF, TIFF or other picture in a format the API
  /// does not take, without a command (no program can be trusted to read it).
  private func unacceptedPicture(_ item: MediaItem, role: MediaRole, error: ProbeError)
    -> Diagnostic?
  {
    guard role == .firstFrame || role == .lastFrame else { return nil }
    switch error.reason {
    case .unrecognized, .refusedFormat, .undecodable, .noMediaStream, .emptyStream: break
    default: return nil
    }
    let allowed = spec.image.formats.map { $0.uppercased() }.joined(separator: ", ")
    let name = "\(role.rawValue) \(error.path)"
    switch ContentSignature.pictureFormat(ofFileAt: error.path) {
    case "heif":
      return Diagnostic(
        .imageFormat, at: item.pointer,
        "\(name) is HEIF (HEIC), which the API does not accept (and FFmpeg 5.1 cannot decode); "
          + "allowed: \(allowed)",
        hint: "not accepted; convert it with e.g. "
          + FixCommand.heifToJPEG(error.path, role: role).quotedInHint + " (libheif-examples)",
        serverError: "image format error")
    case "svg":
      return Diagnostic(
        .imageFormat, at: item.pointer,
        "\(name) is SVG, which the API does not accept; allowed: \(allowed)",
        hint: "not accepted; render it with e.g. "
          + FixCommand.renderSVG(error.path, role: role).quotedInHint + " (librsvg2-bin)",
        serverError: "image format error")
    case let format? where !spec.image.formats.contains(format):
      return Diagnostic(
        .imageFormat, at: item.pointer,
        "\(name) is \(format.uppercased()), which the API does not accept; allowed: \(allowed) "
          + "(and this file could not be read: \(error.message))",
        hint: "not accepted; export the picture again as PNG or JPEG",
        serverError: "image format error")
    default:
      return nil
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
    let name = "driving_audio \(info.path)"
    // What the commands cut or pad to: the video's length, within the duration range.
    let video = min(max(duration, spec.duration.lowerBound), spec.duration.upperBound)
    if info.kind != .audio || !limits.formats.contains(info.format) {
      found.append(
        Diagnostic(
          .audioFormat, at: item.pointer,
          "\(name) is \(info.kind.rawValue) in \(info.format); allowed: "
            + limits.formats.joined(separator: ", "),
          hint: info.audio == nil
            ? "give a WAV or MP3 recording"
            : "convert it to MP3: " + FixCommand.audioToMP3(info.path).quotedInHint,
          serverError: "File type is not supported. Allowed types are: .wav, .mp3."))
    }
    if let size = ByteLimitRule(limit: limits.maxBytes, rule: .audioBytes).check(
      info.byteSize, subject: name, at: item.pointer,
      hint: info.audio == nil
        ? "lower the bitrate or shorten it"
        : "convert it to MP3 at 192 kb/s: " + FixCommand.audioToMP3(info.path).quotedInHint,
      serverError: "File size is larger than 15MB.")
    {
      found.append(size)
    }
    guard let seconds = info.durationSeconds else { return found }
    let trim = FixCommand.trimAudio(info.path, seconds: video).quotedInHint
    let pad = FixCommand.padAudio(info.path, seconds: video).quotedInHint
    if !limits.seconds.contains(seconds) {
      let long = seconds > limits.seconds.upperBound
      found.append(
        Diagnostic(
          .audioDuration, at: item.pointer,
          "\(name) lasts \(Units.seconds(seconds)) s; allowed: "
            + "\(Units.seconds(limits.seconds.lowerBound))…\(Units.seconds(limits.seconds.upperBound)) s",
          hint: long
            ? "trim it to the video's \(video) s: \(trim)"
            : "use a longer recording, or pad it with silence to the video's \(video) s: \(pad)",
          serverError: long
            ? "The input audio is longer than \(Units.seconds(limits.seconds.upperBound))s." : nil))
    }
    let length = Double(duration)
    if seconds > length + 0.05 {
      let longer = wholeSeconds(seconds, .up, within: spec.duration)
      found.append(
        Diagnostic(
          .audioVsDuration, at: item.pointer,
          "driving_audio lasts \(Units.seconds(seconds)) s and the video \(duration) s: the service "
            + "silently cuts the last \(Units.seconds(seconds - length)) s of audio",
          hint: "trim it to \(video) s yourself: \(trim)"
            + (longer > duration && Double(longer) <= seconds + 0.05
              ? ", or raise duration to \(longer)" : "")))
    } else if seconds < length - 0.05 {
      let shorter = wholeSeconds(seconds, .down, within: spec.duration)
      found.append(
        Diagnostic(
          .audioVsDuration, at: item.pointer,
          "driving_audio lasts \(Units.seconds(seconds)) s and the video \(duration) s: the last "
            + "\(Units.seconds(length - seconds)) s of video will be silent (and are billed)",
          hint: "pad it with silence to \(video) s: \(pad)"
            + (shorter < duration && Double(shorter) >= seconds - 0.05
              ? ", or lower duration to \(shorter)" : "")))
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
          hint: "convert it to MP4: " + FixCommand.clipToMP4(info.path, info: info).quotedInHint,
          serverError: "Invalid video file."))
    } else if !["h264", "hevc"].contains(video.codec) {
      found.append(
        Diagnostic(
          .clipFormat, at: item.pointer,
          "first_clip \(info.path) uses the \(video.codec) codec; the API documents no codec "
            + "list (H.264 and H.265 are the safe choices)",
          hint: "re-encode it as H.264: "
            + FixCommand.clipToMP4(info.path, info: info).quotedInHint, severity: .warning))
    }
    if let width = video.width, let height = video.height {
      if !limits.side.contains(width) || !limits.side.contains(height) {
        found.append(
          Diagnostic(
            .clipSize, at: item.pointer,
            "first_clip \(info.path) is \(width)x\(height); each side must be "
              + "\(limits.side.lowerBound)…\(limits.side.upperBound) px",
            hint: scaleHint(
              info, width: video.displayWidth ?? width,
              height: video.displayHeight ?? height)))
      }
      if let ratio = aspect(width, height), ratio > limits.maxAspect {
        found.append(
          Diagnostic(
            .clipAspect, at: item.pointer,
            "first_clip \(info.path) is \(width)x\(height), an aspect ratio of "
              + "\(formatted(ratio)):1; at most \(formatted(limits.maxAspect)):1"))
      }
    }
    if let size = ByteLimitRule(limit: limits.maxBytes, rule: .clipBytes).check(
      info.byteSize, subject: "first_clip \(info.path)", at: item.pointer,
      hint: "re-encode it at a lower bitrate: "
        + FixCommand.shrinkClip(info.path, info: info).quotedInHint)
    {
      found.append(size)
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
            "first_clip \(info.path) lasts \(Units.seconds(seconds)) s; allowed: "
              + "\(Units.seconds(limits.seconds.lowerBound))…"
              + "\(Units.seconds(limits.seconds.upperBound)) s",
            hint: seconds > limits.seconds.upperBound
              ? trimHint(info, video: video, seconds: limits.seconds.upperBound)
              : "use a longer clip"))
      }
      if Double(duration) <= seconds {
        let longest = spec.duration.upperBound
        let next = wholeSeconds(seconds, .down, within: spec.duration) + 1
        found.append(
          Diagnostic(
            .clipVsDuration, at: "/parameters/duration",
            "duration is \(duration) s and includes the \(Units.seconds(seconds)) s clip: nothing "
              + "new would be generated (inferred), yet \(duration) s are billed",
            hint: seconds > limits.seconds.upperBound
              ? "trim the clip to at most \(Units.seconds(limits.seconds.upperBound)) s first "
                + "(see clip_duration), then set duration above its length"
              : "set duration to at least \(min(next, longest)) (at most \(longest)): "
                + "each second above the clip's \(Units.seconds(seconds)) s is new video"))
      }
    }
    found += Orientation.check(item, role: .firstClip, info: info, spec: spec)
    return found
  }

  /// The clip scaled by one factor until each side fits the limits, to even sizes (H.264's
  /// 4:2:0 needs them), in the displayed orientation (ffmpeg turns the picture first).
  private func scaleHint(_ info: MediaInfo, width: Int, height: Int) -> String {
    let limits = spec.clip.side
    let short = Double(max(min(width, height), 1))
    let long = Double(max(width, height, 1))
    let growing = short < Double(limits.lowerBound)
    let factor = growing ? Double(limits.lowerBound) / short : Double(limits.upperBound) / long
    func side(_ value: Int) -> Int {
      let scaled = Double(value) * factor / 2
      let even = 2 * (growing ? scaled.rounded(.up) : scaled.rounded(.down))
      return Int(min(max(even, Double(limits.lowerBound)), Double(limits.upperBound)))
    }
    let command = FixCommand.scaleClip(
      info.path, info: info, width: side(width), height: side(height))
    return "scale it to \(side(width))x\(side(height)): \(command.quotedInHint)"
  }

  /// The first whole frames that fit in `seconds` at the clip's frame rate; the audio is cut
  /// 0.1 s earlier, because an audio stream ends on a whole packet (up to 64 ms past the cut),
  /// and the clip lasts as long as its longer stream.
  private func trimHint(_ info: MediaInfo, video: StreamInfo, seconds: Double) -> String {
    let rate = video.averageFrameRate.flatMap { $0.isFinite && $0 > 0 ? $0 : nil } ?? 30
    let frames = max(1, Int(min((seconds * rate + 1e-6).rounded(.down), 1e6)))
    let span = (Double(frames) / rate * 1000).rounded(.down) / 1000
    let cut = info.audio == nil ? span : max(span - 0.1, 0.1)
    let command = FixCommand.trimClip(
      info.path, info: info, frames: frames, seconds: Units.decimal(cut, places: 3))
    return "keep its first \(frames) frames (\(Units.seconds(span)) s): \(command.quotedInHint)"
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
      hint: "cut it to start at its first frame: "
        + FixCommand.startClip(info.path, info: info).quotedInHint)
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

/// A ratio or price without trailing zeros, to at most three decimals (seconds print with
/// ``Units/seconds(_:)``); a value too large to print as an integer keeps Swift's exponent form.
func formatted(_ value: Double) -> String {
  Units.decimal(value, places: 3)
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
