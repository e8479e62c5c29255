public import MediaTransform

/// What a fix will do: one step per media item that needs writing, a new duration if the audio
/// sets it, and the findings no fix can remove, each with why.
public struct FixPlan: Sendable, Equatable {
  /// The media items to write, in the request's order.
  public var media: [MediaFix] = []
  /// The duration to set, when `--audio-fit duration` changes it.
  public var duration: DurationChange?
  /// Findings a fix cannot remove.
  public var unfixable: [UnfixableFinding] = []
  /// What the plan chose not to do and why (e.g. `--to-output-size` refused for a picture).
  public var notes: [String] = []

  /// Whether every error is fixable, so the fixed request can pass.
  public var fixesEveryError: Bool { !unfixable.contains { $0.diagnostic.severity == .error } }

  /// Whether the fix may write: no error is about a local file it cannot rewrite (an
  /// unreadable file would leave the fixed request pointing at it). Errors in the request's
  /// own fields do not stop it: they stay in `request.json` for the user to edit.
  public var canWrite: Bool { !unfixable.contains { $0.blocksWriting } }
}

/// One media item a fix writes: from where, to which file, how, and the findings it removes.
public struct MediaFix: Sendable, Equatable {
  /// The item's JSON Pointer, `/input/media/N`.
  public var pointer: String
  /// The item's role.
  public var role: MediaRole
  /// The file read (never written).
  public var source: String
  /// The file name written inside the output folder, e.g. `first_frame.png`.
  public var output: String
  /// The findings removed, with what is done and the facts before and after.
  public var changes: [FixChange]
  /// The transform that writes the file.
  public var operation: Operation

  /// How the file is written.
  public enum Operation: Sendable, Equatable {
    /// The bytes copied unchanged under a name whose extension matches the content.
    case copy
    /// A picture decoded and written again.
    case image(ImageTransform)
    /// A sound decoded and written again.
    case audio(AudioTransform)
    /// A clip remuxed or re-encoded as MP4 (H.264/AAC).
    case clip(ClipEdit)
  }
}

/// What a fix does to a clip, in the planner's terms (the transform is built from it).
public struct ClipEdit: Sendable, Equatable {
  /// Keep the frames that start before this many seconds.
  public var maxSeconds: Double?
  /// The exact output size, even on both sides.
  public var size: Size?
  /// The ratio to crop or pad to, before scaling.
  public var aspect: Aspect?
  /// Pick a bit rate so the file has at most this many bytes.
  public var maxBytes: Int?
  /// Decode and encode again even when the streams could be copied (to bake in the rotation,
  /// or to leave an unusual codec).
  public var reencode = false
  /// The x264 preset of a re-encode.
  public var preset = "medium"

  /// A width and height in pixels.
  public struct Size: Sendable, Equatable {
    /// Pixels across.
    public var width: Int
    /// Pixels down.
    public var height: Int
  }

  /// An aspect ratio, and whether it is reached by cropping or padding.
  public struct Aspect: Sendable, Equatable {
    /// The ratio's width term.
    public var width: Int
    /// The ratio's height term.
    public var height: Int
    /// Crop or pad.
    public var mode: ImageTransform.AspectFit.Mode
  }
}

/// One finding a fix removes.
public struct FixChange: Sendable, Codable, Equatable {
  /// The item's JSON Pointer, or `/parameters/duration` for a new duration.
  public var pointer: String
  /// The item's role (`nil` for a parameter).
  public var media: MediaRole?
  /// The rule whose finding goes away; `nil` for a change an option asked for
  /// (`--to-output-size`).
  public var rule: RuleID?
  /// What is done, e.g. `flattened on white`.
  public var action: String
  /// The fact the rule judged, as it was: `rgba 4000x3000`.
  public var before: String
  /// The same fact afterwards: measured on the written file, or planned in a dry run.
  public var after: String
  /// The file written, relative to the output folder (`nil` for a parameter).
  public var output: String?
}

/// A duration a fix sets.
public struct DurationChange: Sendable, Codable, Equatable {
  /// The duration before, in seconds.
  public var from: Int
  /// The duration after.
  public var to: Int
}

/// A finding no fix removes, and why.
public struct UnfixableFinding: Sendable, Codable, Equatable {
  /// The finding, as `check` reports it.
  public var diagnostic: Diagnostic
  /// Why `fix` leaves it, and what to do instead.
  public var reason: String
  /// Whether it stops the fix from writing anything: an error about a local media file that
  /// fix cannot rewrite.
  public var blocksWriting: Bool

  enum CodingKeys: String, CodingKey {
    case diagnostic, reason
    case blocksWriting = "blocks_writing"
  }
}
