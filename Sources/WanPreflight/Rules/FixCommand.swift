import MediaProbe

/// A shell command a hint gives: words quoted for `/bin/sh`, run in the working directory, and
/// writing a new file whose name differs from the input's, so following a hint never changes
/// the input (and the ffmpeg commands run with `-n`, which refuses to overwrite any file).
///
/// Every command a hint names is built here, and every ``Kind`` is run by the tests on a file
/// that triggers its rule, which then no longer fires (`HintCommandTests`): a new kind of
/// command without such a test fails the suite.
struct FixCommand: Equatable {
  /// What a command does.
  enum Kind: String, CaseIterable, Sendable {
    /// The first frame of a picture in a format the API does not take, as a PNG without alpha.
    case stillImage = "still_image"
    /// A HEIF/HEIC photo converted with libheif's `heif-convert` (FFmpeg 5.1 cannot decode it).
    case heifToJPEG = "heif_to_jpeg"
    /// An SVG rendered with librsvg's `rsvg-convert` on white, then stored as a PNG without alpha.
    case renderSVG = "render_svg"
    /// A PNG composited on white, without an alpha channel.
    case flattenAlpha = "flatten_alpha"
    /// A picture scaled so its short side (or long side) meets the limit, keeping its shape.
    case scaleImage = "scale_image"
    /// A picture saved as a JPEG (smaller than PNG, BMP or a large JPEG).
    case saveAsJPEG = "save_as_jpeg"
    /// Audio converted to MP3.
    case audioToMP3 = "audio_to_mp3"
    /// Audio cut to a number of seconds, as 16-bit WAV (exact to the sample).
    case trimAudio = "trim_audio"
    /// Audio padded with silence to a number of seconds, as 16-bit WAV.
    case padAudio = "pad_audio"
    /// A clip converted to MP4 with H.264 video and AAC audio (streams copied when they fit).
    case clipToMP4 = "clip_to_mp4"
    /// A clip cut to at most a number of seconds, counted in whole frames.
    case trimClip = "trim_clip"
    /// A clip scaled so each side fits the limits.
    case scaleClip = "scale_clip"
    /// A clip re-encoded at a quality that keeps 10 s far under 100 MB.
    case shrinkClip = "shrink_clip"
    /// A clip whose frames start late, cut (by stream copy) to start at its first frame.
    case startClip = "start_clip"

    /// The rules whose hints give this command.
    var rules: [RuleID] {
      switch self {
      case .stillImage: [.imageFormat, .imageAnimated]
      case .heifToJPEG, .renderSVG: [.imageFormat]
      case .flattenAlpha: [.imageAlpha]
      case .scaleImage: [.imageSize]
      case .saveAsJPEG: [.imageBytes]
      case .audioToMP3: [.audioFormat, .audioBytes]
      case .trimAudio, .padAudio: [.audioDuration, .audioVsDuration]
      case .clipToMP4: [.clipFormat]
      case .trimClip: [.clipDuration]
      case .scaleClip: [.clipSize]
      case .shrinkClip: [.clipBytes]
      case .startClip: [.clipStart]
      }
    }
  }

  /// What the command does.
  let kind: Kind
  /// The programs and their arguments, unquoted: one list per stage of a pipeline.
  let stages: [[String]]

  init(kind: Kind, words: [String]...) {
    self.kind = kind
    self.stages = words
  }

  /// The command as one line for `/bin/sh`.
  var text: String {
    stages.map { $0.map(Self.quoted).joined(separator: " ") }.joined(separator: " | ")
  }

  /// `text` in backticks, as hints show commands (tests find the command between them).
  var quotedInHint: String { "`\(text)`" }

  /// `word` as `/bin/sh` reads it back: bare when it holds only characters no shell treats
  /// specially, else in single quotes (a single quote inside becomes `'\''`).
  static func quoted(_ word: String) -> String {
    let plain = word.unicodeScalars.allSatisfy {
      ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
        || "_-./:=,+@%".unicodeScalars.contains($0)
    }
    if plain && !word.isEmpty { return word }
    var text = "'"
    for character in word {
      text += character == "'" ? #"'\''"# : String(character)
    }
    return text + "'"
  }

  /// The output file for `role` with `fileExtension`, in the working directory: `first_frame.png`,
  /// or `first_frame_fixed.png` when the input is itself called `first_frame.png`.
  static func output(for role: MediaRole, fileExtension: String, input: String) -> String {
    let name = "\(role.rawValue).\(fileExtension)"
    let inputName = input.split(separator: "/").last.map(String.init) ?? input
    return inputName.lowercased() == name ? "\(role.rawValue)_fixed.\(fileExtension)" : name
  }

  /// A path no program can take for an option: `./-x.png` for `-x.png`.
  static func argument(_ path: String) -> String {
    path.hasPrefix("-") ? "./" + path : path
  }

  private static func ffmpeg(_ kind: Kind, input: String, _ arguments: [String]) -> FixCommand {
    FixCommand(kind: kind, words: ["ffmpeg", "-n", "-i", argument(input)] + arguments)
  }

  // MARK: pictures

  /// `ffmpeg -n -i IN -frames:v 1 -pix_fmt rgb24 first_frame.png`.
  static func stillImage(_ input: String, role: MediaRole) -> FixCommand {
    ffmpeg(
      .stillImage, input: input,
      [
        "-frames:v", "1", "-pix_fmt", "rgb24",
        output(for: role, fileExtension: "png", input: input),
      ])
  }

  /// `heif-convert IN first_frame.jpg`.
  static func heifToJPEG(_ input: String, role: MediaRole) -> FixCommand {
    FixCommand(
      kind: .heifToJPEG,
      words: [
        "heif-convert", argument(input), output(for: role, fileExtension: "jpg", input: input),
      ])
  }

  /// `rsvg-convert -b white IN | ffmpeg -n -i - -pix_fmt rgb24 first_frame.png`: rsvg-convert
  /// writes PNG only, always with an alpha channel, which the API refuses.
  static func renderSVG(_ input: String, role: MediaRole) -> FixCommand {
    let render = ["rsvg-convert", "-b", "white", argument(input)]
    let store = [
      "ffmpeg", "-n", "-f", "png_pipe", "-i", "-", "-pix_fmt", "rgb24",
      output(for: role, fileExtension: "png", input: input),
    ]
    return FixCommand(kind: .renderSVG, words: render, store)
  }

  /// A PNG laid on a white picture of its size, without alpha.
  static func flattenAlpha(_ input: String, role: MediaRole) -> FixCommand {
    ffmpeg(
      .flattenAlpha, input: input,
      [
        "-filter_complex",
        "[0]split[a][b];[a]drawbox=c=white:t=fill[bg];[bg][b]overlay,format=rgb24",
        "-frames:v", "1", output(for: role, fileExtension: "png", input: input),
      ])
  }

  /// The short side scaled up to `side` (or the long side down to it), the other side in
  /// proportion and even, whichever way ffmpeg turns the picture: a JPEG stays a JPEG, anything
  /// else becomes a PNG without alpha.
  static func scaleImage(_ input: String, role: MediaRole, format: String, up: Bool, side: Int)
    -> FixCommand
  {
    let test = up ? "lt" : "gt"
    let filter =
      "scale=w=if(\(test)(iw\\,ih)\\,\(side)\\,-2):h=if(\(test)(iw\\,ih)\\,-2\\,\(side))"
    let store =
      format == "jpeg"
      ? ["-q:v", "2", output(for: role, fileExtension: "jpg", input: input)]
      : ["-pix_fmt", "rgb24", output(for: role, fileExtension: "png", input: input)]
    return ffmpeg(.scaleImage, input: input, ["-vf", filter, "-frames:v", "1"] + store)
  }

  /// `ffmpeg -n -i IN -frames:v 1 -q:v 3 first_frame.jpg`.
  static func saveAsJPEG(_ input: String, role: MediaRole) -> FixCommand {
    ffmpeg(
      .saveAsJPEG, input: input,
      ["-frames:v", "1", "-q:v", "3", output(for: role, fileExtension: "jpg", input: input)])
  }

  // MARK: audio

  /// `ffmpeg -n -i IN -vn -c:a libmp3lame -b:a 192k driving_audio.mp3`; 30 s at 192 kb/s is
  /// 720 KB, far under the size limit.
  static func audioToMP3(_ input: String) -> FixCommand {
    ffmpeg(
      .audioToMP3, input: input,
      [
        "-map", "0:a:0", "-c:a", "libmp3lame", "-b:a", "192k",
        output(for: .drivingAudio, fileExtension: "mp3", input: input),
      ])
  }

  /// `ffmpeg -n -i IN -map 0:a:0 -t 5 -c:a pcm_s16le driving_audio.wav`: WAV, because it is exact
  /// to the sample (an MP3 encoder adds up to 50 ms of padding at 44.1 kHz, more at lower rates),
  /// and 15 s of it is under 3 MB at 48 kHz stereo.
  static func trimAudio(_ input: String, seconds: Int) -> FixCommand {
    ffmpeg(.trimAudio, input: input, ["-map", "0:a:0", "-t", String(seconds)] + wavOutput(input))
  }

  /// `ffmpeg -n -i IN -map 0:a:0 -af apad -t 5 -c:a pcm_s16le driving_audio.wav`.
  static func padAudio(_ input: String, seconds: Int) -> FixCommand {
    ffmpeg(
      .padAudio, input: input,
      ["-map", "0:a:0", "-af", "apad", "-t", String(seconds)] + wavOutput(input))
  }

  private static func wavOutput(_ input: String) -> [String] {
    ["-c:a", "pcm_s16le", output(for: .drivingAudio, fileExtension: "wav", input: input)]
  }

  // MARK: clips

  /// `ffmpeg -n -i IN -c:v libx264 -pix_fmt yuv420p -c:a aac first_clip.mp4`, copying the video
  /// when it is H.264 or H.265 and the audio when it is AAC or MP3: Vorbis, Opus and AMR do not
  /// go into MP4 by copying.
  static func clipToMP4(_ input: String, info: MediaInfo) -> FixCommand {
    ffmpeg(
      .clipToMP4, input: input,
      clipStreams(info, reencodeVideo: false) + [
        output(for: .firstClip, fileExtension: "mp4", input: input)
      ])
  }

  /// The first `frames` frames (and as many seconds of audio), re-encoded: a cut by time on a
  /// re-encode can keep one frame more than fits.
  static func trimClip(_ input: String, info: MediaInfo, frames: Int, seconds: String) -> FixCommand
  {
    ffmpeg(
      .trimClip, input: input,
      ["-frames:v", String(frames), "-t", seconds] + clipStreams(info, reencodeVideo: true)
        + [output(for: .firstClip, fileExtension: "mp4", input: input)])
  }

  /// The clip scaled to `width`x`height` (the displayed orientation, as ffmpeg rotates first).
  static func scaleClip(_ input: String, info: MediaInfo, width: Int, height: Int) -> FixCommand {
    ffmpeg(
      .scaleClip, input: input,
      ["-vf", "scale=\(width):\(height),setsar=1"]
        + clipStreams(info, reencodeVideo: true, evenSizes: false)
        + [output(for: .firstClip, fileExtension: "mp4", input: input)])
  }

  /// H.264 at CRF 23 and AAC at 128 kb/s: 10 s of 4K at that quality is tens of MB, not
  /// hundreds.
  static func shrinkClip(_ input: String, info: MediaInfo) -> FixCommand {
    var words =
      ["-map", "0:v:0"] + evenSizeFilter(info) + [
        "-c:v", "libx264", "-crf", "23", "-pix_fmt", "yuv420p",
      ]
    if info.audio != nil { words += ["-map", "0:a:0", "-c:a", "aac", "-b:a", "128k"] }
    return ffmpeg(
      .shrinkClip, input: input,
      words + [output(for: .firstClip, fileExtension: "mp4", input: input)])
  }

  /// The clip from its first frame: `-ss OFFSET` before the input, where OFFSET is how much
  /// later the video starts than the file's earliest stream, since ffmpeg counts input times
  /// from that start (a file whose every stream starts late needs no `-ss` at all: ffmpeg moves
  /// its timeline to 0). The first frame is a key frame, so a stream copy cuts exactly there.
  static func startClip(_ input: String, info: MediaInfo) -> FixCommand {
    let videoStart = info.video?.startSeconds ?? 0
    let earliest = info.streams.compactMap(\.startSeconds).min() ?? 0
    let offset = max(0, videoStart - earliest)
    let seek =
      offset >= MediaInfo.lateStartThreshold ? ["-ss", Units.decimal(offset, places: 3)] : []
    return FixCommand(
      kind: .startClip,
      words: ["ffmpeg", "-n"] + seek + ["-i", argument(input)]
        + clipStreams(info, reencodeVideo: false)
        + [output(for: .firstClip, fileExtension: "mp4", input: input)])
  }

  /// A scale to even sides for a picture with an odd one: libx264 refuses odd sizes in 4:2:0.
  private static func evenSizeFilter(_ info: MediaInfo) -> [String] {
    let odd = [info.video?.width, info.video?.height].contains { ($0 ?? 0) % 2 != 0 }
    return odd ? ["-vf", "scale=trunc(iw/2)*2:trunc(ih/2)*2"] : []
  }

  /// The stream options of a clip command. A re-encoded picture with an odd side gets a scale
  /// to even sides first (libx264 refuses odd sizes in 4:2:0: the corpus's 161x121 WebM), unless
  /// the command scales it itself (`evenSizes: false`).
  private static func clipStreams(_ info: MediaInfo, reencodeVideo: Bool, evenSizes: Bool = true)
    -> [String]
  {
    var words = ["-map", "0:v:0"]
    if !reencodeVideo, let codec = info.video?.codec, ["h264", "hevc"].contains(codec) {
      words += ["-c:v", "copy"]
    } else {
      if evenSizes { words += evenSizeFilter(info) }
      words += ["-c:v", "libx264", "-pix_fmt", "yuv420p"]
    }
    if let audio = info.audio {
      words += ["-map", "0:a:0", "-c:a", ["aac", "mp3"].contains(audio.codec) ? "copy" : "aac"]
    }
    return words
  }
}
