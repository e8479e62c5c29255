/// What a preview will show of a checked request: the pictures to render at the predicted
/// output size, the timeline (clip, new seconds, audio, the prompt's shots) and the report.
///
/// ```swift
/// let preview = Preview(report: report, prompt: "[0-3秒] a cat")
/// for picture in preview.pictures { print(picture.name, picture.width, picture.height) }
/// ```
///
/// A plain value built from the ``Report`` and its ``Plan``; ``PreviewRenderer`` draws it.
public struct Preview: Sendable, Equatable {
  /// The check's report.
  public var report: Report
  /// The request's prompt, as written.
  public var prompt: String?
  /// The pictures to render, in page order.
  public var pictures: [Picture]
  /// The video's seconds (the duration billed).
  public var durationSeconds: Int
  /// The continued clip's seconds, when the task continues a clip.
  public var clipSeconds: Double?
  /// The driving audio's seconds, when it has been measured.
  public var audioSeconds: Double?
  /// The driving audio's local file, when there is one the probe accepted.
  public var audioPath: String?
  /// The shot ranges the prompt writes, in order.
  public var shots: [Shot]
  /// Media with no picture, and why (the probe's refusal, a remote file, no predicted size).
  public var skipped: [Skipped]

  /// One picture of the page.
  public struct Picture: Sendable, Equatable {
    /// The file name written, e.g. `first_frame.png`.
    public var name: String
    /// What it shows.
    public var kind: Kind
    /// The media item's JSON Pointer.
    public var pointer: String
    /// The local file it is rendered from.
    public var source: String
    /// The size it is rendered at (the original's, for ``Kind/lastFrameCrop``, once rendered).
    public var width: Int
    /// See ``width``.
    public var height: Int

    /// What a picture shows.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
      /// The first frame at the output size.
      case firstFrame = "first_frame"
      /// The continued clip's first frame at the output size.
      case clipFirstFrame = "clip_first_frame"
      /// The continued clip's last frame (where the new video starts) at the output size.
      case clipLastFrame = "clip_last_frame"
      /// The last frame fitted to the output size by a centred crop.
      case lastFrame = "last_frame"
      /// The last frame as given, with the part that survives the crop outlined.
      case lastFrameCrop = "last_frame_crop"
      /// The first frame or clip frame at the alternate reading's size.
      case alternate

      /// A caption for the page.
      public var caption: String {
        switch self {
        case .firstFrame: "first frame at the output size"
        case .clipFirstFrame: "clip's first frame"
        case .clipLastFrame: "clip's last frame: the new video starts here"
        case .lastFrame: "last frame fitted to the output size"
        case .lastFrameCrop: "last frame as given: the outlined part survives"
        case .alternate: "at the alternate size"
        }
      }
    }
  }

  /// A shot's time range written in the prompt.
  public struct Shot: Sendable, Equatable {
    /// The range as written, e.g. `[6-10秒]`.
    public var text: String
    /// Its first second.
    public var start: Double
    /// Its last second.
    public var end: Double
    /// Whether it ends after the video does (that shot cannot be honoured).
    public var pastEnd: Bool
  }

  /// A media item without a picture, and why.
  public struct Skipped: Sendable, Equatable {
    /// The media item's JSON Pointer.
    public var pointer: String
    /// Its role, when known.
    public var role: MediaRole?
    /// A stable code: the probe's (e.g. `pixel_budget`), or `remote`, `no_output_size`.
    public var code: String
    /// One sentence saying why.
    public var reason: String
  }

  /// The preview of `report` (whose prompt was `prompt`).
  public init(report: Report, prompt: String?) {
    self.report = report
    self.prompt = prompt
    let plan = report.plan
    durationSeconds = plan?.output.seconds ?? ModelSpec.wan27i2v.defaultDuration
    let entries = report.media
    clipSeconds = entries.first { $0.type == .firstClip }?.probe?.presentedSeconds
    let audio = entries.first { $0.type == .drivingAudio && $0.probe != nil }
    audioSeconds = audio?.probe?.presentedSeconds
    audioPath = audio?.path
    let duration = Double(durationSeconds)
    shots = ShotRange.find(in: prompt ?? "").map {
      Shot(text: $0.text, start: $0.start, end: $0.end, pastEnd: $0.end > duration)
    }
    (pictures, skipped) = Self.pictures(entries, plan: plan)
  }

  /// The pictures each local, probed picture or clip gives; the rest skipped, with why.
  private static func pictures(
    _ entries: [Report.MediaEntry], plan: Plan?
  ) -> ([Picture], [Skipped]) {
    var pictures: [Picture] = []
    var skipped: [Skipped] = []
    let size = plan.flatMap { plan in
      plan.output.width.flatMap { w in plan.output.height.map { (w, $0) } }
    }
    for entry in entries {
      guard let role = entry.type else { continue }
      let skip = { (code: String, reason: String) in
        skipped.append(Skipped(pointer: entry.pointer, role: role, code: code, reason: reason))
      }
      let what = role == .drivingAudio ? "no waveform" : "no picture"
      if let error = entry.error {
        skip(error.code, "\(what): \(error.description)")
        continue
      }
      guard role != .drivingAudio else { continue }
      guard let path = entry.path, entry.probe != nil else {
        skip("remote", "no picture: only local files are rendered")
        continue
      }
      guard let (width, height) = size else {
        skip("no_output_size", "no picture: the output size could not be predicted")
        continue
      }
      let picture = { (kind: Picture.Kind, name: String, w: Int, h: Int) in
        Picture(
          name: name, kind: kind, pointer: entry.pointer, source: path, width: w, height: h)
      }
      switch role {
      case .firstFrame:
        pictures.append(picture(.firstFrame, "first_frame.png", width, height))
      case .firstClip:
        pictures.append(picture(.clipFirstFrame, "clip_first_frame.png", width, height))
        pictures.append(picture(.clipLastFrame, "clip_last_frame.png", width, height))
      case .lastFrame:
        pictures.append(picture(.lastFrame, "last_frame.png", width, height))
        let info = entry.probe?.video
        pictures.append(
          picture(
            .lastFrameCrop, "last_frame_crop.png", info?.displayWidth ?? 0,
            info?.displayHeight ?? 0))
      case .drivingAudio: break
      }
      if role == .firstFrame || role == .firstClip, let alternate = plan?.alternateOutput {
        let name =
          role == .firstFrame ? "alternate_first_frame.png" : "alternate_clip_last_frame.png"
        pictures.append(picture(.alternate, name, alternate.width, alternate.height))
      }
    }
    return (pictures, skipped)
  }
}
