private typealias Medium = RuleExample.Medium

/// The audio rules: driving audio (checked by ``AudioRules``).
extension RuleDescription {
  static let audioFormat = RuleDescription(
    .error, .content, "Driving audio is WAV or MP3.",
    serverErrors: [ServiceText.audioFormat],
    firing: RuleExample(media: [
      Medium("first_frame", "image/png_640x480.png"),
      Medium("driving_audio", "audio/m4a_aac_2s.m4a"),
    ]).fires(at: "/input/media/1", .error),
    passing: RuleExample(media: [
      Medium("first_frame", "image/png_640x480.png"),
      Medium("driving_audio", "audio/wav_3s_8000_mono.wav"),
    ]))

  static let audioDuration = RuleDescription(
    .error, .content, "Driving audio lasts 2 to 30 seconds.",
    serverErrors: [ServiceText.audioTooLong("{seconds}")],
    firing: RuleExample(media: [
      Medium("first_frame", "image/png_640x480.png"),
      Medium("driving_audio", "audio/wav_1s_8000_stereo.wav"),
    ]).fires(at: "/input/media/1", .error),
    passing: RuleExample(media: [
      Medium("first_frame", "image/png_640x480.png"),
      Medium("driving_audio", "audio/wav_3s_8000_mono.wav"),
    ]))

  static let audioBytes = RuleDescription(
    .error, .content, "An audio file is at most 15 MB.",
    serverErrors: [ServiceText.audioBytes],
    firing: RuleExample(
      media: threeSecondsOfAudio, parameters: #""resolution": "720P", "duration": 3"#,
      spec: .wan27i2v(changing: {
        $0.audio.maxBytes = ByteLimit(stated: "1000 bytes", certain: 1000, most: 1000)
      })
    ).fires(at: "/input/media/1", .error),
    passing: RuleExample(
      media: threeSecondsOfAudio, parameters: #""resolution": "720P", "duration": 3"#))

  static let audioVsDuration = RuleDescription(
    .warning, .content, "Audio longer than the duration is cut; shorter leaves silence.",
    firing: RuleExample(media: threeSecondsOfAudio).fires(at: "/input/media/1", .warning),
    passing: RuleExample(
      media: threeSecondsOfAudio, parameters: #""resolution": "720P", "duration": 3"#))

  /// A first frame and three seconds of WAV.
  private static let threeSecondsOfAudio = [
    Medium("first_frame", "image/png_640x480.png"),
    Medium("driving_audio", "audio/wav_3s_8000_mono.wav"),
  ]
}
