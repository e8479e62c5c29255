/// Everything the probe learned about one local media file.
///
/// A `MediaInfo` is only ever returned for a file that opened, whose streams were read, and
/// whose first image, video or audio frame decoded; anything less is a ``ProbeError``.
/// Its JSON form (snake_case keys) is part of the `wan-preflight.probe/1` contract.
public struct MediaInfo: Sendable, Codable, Equatable {
  /// The path as given to the probe.
  public var path: String
  /// The file's size in bytes.
  public var byteSize: Int64
  /// The file name's extension, lowercased, without the dot; empty when there is none.
  public var fileExtension: String
  /// The FFmpeg demuxer that read the file, as FFmpeg names it (e.g. `mov,mp4,m4a,3gp,3g2,mj2`).
  public var container: String
  /// What the file is, judged from its content and streams, never from its name.
  public var kind: MediaKind
  /// The content format: `jpeg`, `png`, `bmp`, `webp`, `gif`, `mp3`, `wav`, `mp4`, `mov`, …
  public var format: String
  /// The MIME type that matches the content (e.g. `image/jpeg`).
  public var mimeType: String
  /// The overall duration in seconds; `nil` for still images.
  public var durationSeconds: Double?
  /// How ``durationSeconds`` was obtained.
  public var durationSource: DurationSource?
  /// When the primary video stream's first frame is presented, in seconds on the file's
  /// timeline, if that is ``lateStartThreshold`` or later: an MP4 or MOV edit list that begins
  /// with an empty edit, or timestamps that start late. `nil` when the frames start at (or
  /// within a decoder delay of) 0, and for MPEG program and transport streams, whose timeline
  /// begins at their first timestamp.
  public var startSeconds: Double?
  /// The seconds the primary video stream's frames span, from the first presented frame to the
  /// end of the last; set with ``startSeconds``. ``durationSeconds`` counts the empty time
  /// before the first frame too (an MP4 whose 4 s of frames start at 10 s lasts 14 s).
  public var frameSpanSeconds: Double?
  /// Every stream of the container, in file order.
  public var streams: [StreamInfo]
  /// The index in ``streams`` of the picture or video the file is about, if any.
  public var primaryVideoStream: Int?
  /// The index in ``streams`` of the main audio stream, if any.
  public var primaryAudioStream: Int?
  /// Facts only images have (orientation, animation, transparency); `nil` for other kinds.
  public var image: ImageDetails?

  /// Creates a value; the probe is the usual source of these.
  public init(
    path: String, byteSize: Int64, fileExtension: String, container: String, kind: MediaKind,
    format: String, mimeType: String, durationSeconds: Double?, durationSource: DurationSource?,
    streams: [StreamInfo], primaryVideoStream: Int?, primaryAudioStream: Int?,
    image: ImageDetails?, startSeconds: Double? = nil, frameSpanSeconds: Double? = nil
  ) {
    self.path = path
    self.byteSize = byteSize
    self.fileExtension = fileExtension
    self.container = container
    self.kind = kind
    self.format = format
    self.mimeType = mimeType
    self.durationSeconds = durationSeconds
    self.durationSource = durationSource
    self.streams = streams
    self.primaryVideoStream = primaryVideoStream
    self.primaryAudioStream = primaryAudioStream
    self.image = image
    self.startSeconds = startSeconds
    self.frameSpanSeconds = frameSpanSeconds
  }

  /// The smallest offset of the first frame that ``startSeconds`` reports: below it, a late
  /// first frame is a decoder delay (B-frame reordering starts a Matroska clip in the corpus at
  /// 67 ms), not time a viewer waits through.
  public static let lateStartThreshold = 0.1

  /// The seconds of frames a viewer sees: ``frameSpanSeconds`` when the frames start late, else
  /// ``durationSeconds``.
  public var presentedSeconds: Double? { frameSpanSeconds ?? durationSeconds }

  /// The primary picture or video stream, if any.
  public var video: StreamInfo? { primaryVideoStream.map { streams[$0] } }
  /// The primary audio stream, if any.
  public var audio: StreamInfo? { primaryAudioStream.map { streams[$0] } }

  enum CodingKeys: String, CodingKey {
    case path, container, kind, format, streams, image
    case byteSize = "byte_size"
    case fileExtension = "extension"
    case mimeType = "mime_type"
    case durationSeconds = "duration_seconds"
    case durationSource = "duration_source"
    case startSeconds = "start_seconds"
    case frameSpanSeconds = "frame_span_seconds"
    case primaryVideoStream = "primary_video_stream"
    case primaryAudioStream = "primary_audio_stream"
  }
}

/// What a media file is, judged from its content.
public enum MediaKind: String, Sendable, Codable, CaseIterable {
  /// A still or animated picture (JPEG, PNG, BMP, WEBP, GIF, TIFF, AVIF, …).
  case image
  /// Sound only (MP3, WAV, AAC, FLAC, an MP4 without video, …).
  case audio
  /// Moving pictures, with or without sound (MP4, MOV, WebM, …).
  case video
}

/// How a duration was obtained, from most to least direct.
public enum DurationSource: String, Sendable, Codable {
  /// Stated by the file's headers: an MP4's `mvhd`/`mdhd`, a WAV's data size, a FLAC's sample
  /// count, an MP3's Xing header.
  case container
  /// From the first and last timestamps in the file (MPEG program and transport streams).
  case timestamps
  /// Counted by reading every packet, because the headers stated no duration, FFmpeg only
  /// estimated one from the bitrate (an MP3 without a Xing header, raw AAC), or the file is a
  /// fragmented MP4 whose header cannot be trusted.
  case packets
}
