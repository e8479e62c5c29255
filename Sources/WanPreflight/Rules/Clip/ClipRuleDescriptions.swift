private typealias Medium = RuleExample.Medium

/// The clip rules: a first clip to continue (checked by ``ClipRules``).
extension RuleDescription {
  static let clipFormat = RuleDescription(
    .error, .content, "A clip is MP4 or MOV.",
    serverErrors: [ServiceText.videoUnreadable, ServiceText.videoInvalid],
    firing: RuleExample(media: [Medium("first_clip", "video/webm_vp9_2s_320x240.webm")])
      .fires(at: "/input/media/0", .error),
    passing: RuleExample(media: [movClip]))

  static let clipNoVideo = RuleDescription(
    .error, .content, "A clip has a video stream.", serverErrors: [ServiceText.videoUnreadable],
    firing: RuleExample(media: [Medium("first_clip", "video/mp4_audio_only_2s.mp4")])
      .fires(at: "/input/media/0", .error),
    passing: RuleExample(media: [movClip]))

  static let clipDuration = RuleDescription(
    .error, .content, "A clip lasts 2 to 10 seconds.",
    firing: RuleExample(
      media: [smallLongClip], parameters: #""resolution": "720P", "duration": 15"#
    ).fires(at: "/input/media/0", .error),
    passing: RuleExample(media: [mp4Clip], parameters: #""resolution": "720P", "duration": 15"#))

  static let clipSize = RuleDescription(
    .error, .content, "Each side of a clip is 240 to 4096 pixels.",
    serverErrors: [ServiceText.imageSize],
    firing: RuleExample(media: [smallLongClip]).fires(at: "/input/media/0", .error),
    passing: RuleExample(media: [mp4Clip]))

  static let clipAspect = RuleDescription(
    .error, .content, "A clip's aspect ratio is between 1:8 and 8:1.",
    firing: RuleExample(media: [movClip], spec: .wan27i2v(changing: { $0.clip.maxAspect = 1.2 }))
      .fires(at: "/input/media/0", .error),
    passing: RuleExample(media: [movClip]))

  static let clipBytes = RuleDescription(
    .error, .content, "A clip file is at most 100 MB.",
    firing: RuleExample(
      media: [movClip],
      spec: .wan27i2v(changing: {
        $0.clip.maxBytes = ByteLimit(stated: "1000 bytes", certain: 1000, most: 1000)
      })
    ).fires(at: "/input/media/0", .error),
    passing: RuleExample(media: [movClip]))

  static let clipVsDuration = RuleDescription(
    .error, .content, "The duration is longer than the clip, which it includes and bills.",
    firing: RuleExample(media: [mp4Clip], parameters: #""resolution": "720P", "duration": 3"#)
      .fires(at: "/parameters/duration", .error),
    passing: RuleExample(media: [mp4Clip], parameters: #""resolution": "720P", "duration": 4"#))

  static let clipStart = RuleDescription(
    .warning, .content, "A clip's first frame is shown at its start, not after empty time.",
    firing: RuleExample(
      media: [Medium("first_clip", "video/mp4_h264_start2s_320x240.mp4")],
      parameters: #""resolution": "720P", "duration": 8"#
    ).fires(at: "/input/media/0", .warning),
    passing: RuleExample(media: [mp4Clip], parameters: #""resolution": "720P", "duration": 8"#))

  /// A 2 s H.264 MOV, 320x240.
  private static let movClip = Medium("first_clip", "video/mov_h264_2s_320x240.mov")
  /// A 3 s H.264 and AAC MP4, 320x240.
  private static let mp4Clip = Medium("first_clip", "video/mp4_h264_aac_3s_320x240.mp4")
  /// A 12 s H.264 MP4, 160x120: too long and too small.
  private static let smallLongClip = Medium("first_clip", "video/mp4_h264_12s_160x120.mp4")
}
