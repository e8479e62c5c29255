import Foundation
import Testing

@testable import MediaProbe

/// What one image fixture must probe as.
struct ImageFact: CustomStringConvertible, Sendable {
  var file: String
  var format: String
  var mime: String
  var codec: String
  var stored: (Int, Int)
  var display: (Int, Int)
  var pixelFormat: String
  var bitDepth = 8
  var orientation: Int? = nil
  var orientationSource: String? = nil
  var hasAlpha = false
  var transparent: Bool? = nil
  var animated = false
  var description: String { file }
}

/// What one audio fixture must probe as.
struct AudioFact: CustomStringConvertible, Sendable {
  var file: String
  var format: String
  var mime: String
  var codec: String
  var sampleRate: Int
  var channels: Int
  var milliseconds: Int
  var source: DurationSource
  var description: String { file }
}

/// What one video fixture must probe as.
struct VideoFact: CustomStringConvertible, Sendable {
  var file: String
  var format: String
  var mime: String
  var codec: String
  var stored: (Int, Int)
  var display: (Int, Int)
  var fps: Double
  var frames: Int?
  var milliseconds: Int
  var rotation: Int? = nil
  var sar: Rational? = nil
  var audioCodec: String? = nil
  var description: String { file }
}

/// The facts each fixture must probe as.
enum FixtureFacts {
  static let images: [ImageFact] = [
    // irot 1 then imir axis 1, which FFmpeg 5.1 ignores: EXIF orientation 7 (exiftool says
    // only "Rotation: 90", counter-clockwise).
    ImageFact(
      file: "avif_irot1_imir1_320x240.avif", format: "avif", mime: "image/avif", codec: "av1",
      stored: (320, 240), display: (240, 320), pixelFormat: "yuv420p", orientation: 7,
      orientationSource: "heif"),
    ImageFact(
      file: "bmp_160x120.bmp", format: "bmp", mime: "image/bmp", codec: "bmp",
      stored: (160, 120), display: (160, 120), pixelFormat: "bgr24"),
    ImageFact(
      file: "gif_animated_64x64.gif", format: "gif", mime: "image/gif", codec: "gif",
      stored: (64, 64), display: (64, 64), pixelFormat: "bgra", hasAlpha: true,
      transparent: false, animated: true),
    ImageFact(
      file: "gif_still_64x64.gif", format: "gif", mime: "image/gif", codec: "gif",
      stored: (64, 64), display: (64, 64), pixelFormat: "bgra", hasAlpha: true,
      transparent: false),
    // Four components: FFmpeg decodes CMYK to gbrap and YCCK to yuva444p, K where alpha would
    // be; exiftool: ColorComponents 4. Neither has alpha.
    ImageFact(
      file: "jpeg_cmyk_64x48.jpg", format: "jpeg", mime: "image/jpeg", codec: "mjpeg",
      stored: (64, 48), display: (64, 48), pixelFormat: "cmyk"),
    ImageFact(
      file: "jpeg_ycck_64x48.jpg", format: "jpeg", mime: "image/jpeg", codec: "mjpeg",
      stored: (64, 48), display: (64, 48), pixelFormat: "cmyk"),
    // SOF1, 12 bits a sample; FFmpeg decodes to 16-bit samples (ffprobe: bits_per_raw_sample 12).
    ImageFact(
      file: "jpeg_12bit_64x48.jpg", format: "jpeg", mime: "image/jpeg", codec: "mjpeg",
      stored: (64, 48), display: (64, 48), pixelFormat: "yuv444p16le", bitDepth: 12),
    ImageFact(
      file: "jpeg_640x480.jpg", format: "jpeg", mime: "image/jpeg", codec: "mjpeg",
      stored: (640, 480), display: (640, 480), pixelFormat: "yuvj420p"),
    ImageFact(
      file: "jpeg_8200x400.jpg", format: "jpeg", mime: "image/jpeg", codec: "mjpeg",
      stored: (8200, 400), display: (8200, 400), pixelFormat: "yuvj420p"),
    ImageFact(
      file: "jpeg_exif_orientation6.jpg", format: "jpeg", mime: "image/jpeg", codec: "mjpeg",
      stored: (640, 480), display: (480, 640), pixelFormat: "yuvj420p", orientation: 6,
      orientationSource: "exif"),
    ImageFact(
      file: "jpeg_named_png.png", format: "jpeg", mime: "image/jpeg", codec: "mjpeg",
      stored: (320, 240), display: (320, 240), pixelFormat: "yuvj420p"),
    ImageFact(
      file: "png_2000x240.png", format: "png", mime: "image/png", codec: "png",
      stored: (2000, 240), display: (2000, 240), pixelFormat: "rgb24"),
    ImageFact(
      file: "png_200x900.png", format: "png", mime: "image/png", codec: "png",
      stored: (200, 900), display: (200, 900), pixelFormat: "rgb24"),
    ImageFact(
      file: "png_640x480.png", format: "png", mime: "image/png", codec: "png",
      stored: (640, 480), display: (640, 480), pixelFormat: "rgb24"),
    ImageFact(
      file: "png_750x1000.png", format: "png", mime: "image/png", codec: "png",
      stored: (750, 1000), display: (750, 1000), pixelFormat: "rgb24"),
    ImageFact(
      file: "png_exif_orientation8_320x240.png", format: "png", mime: "image/png", codec: "png",
      stored: (320, 240), display: (240, 320), pixelFormat: "rgb24", orientation: 8,
      orientationSource: "exif"),
    ImageFact(
      file: "png_rgba_opaque_320x240.png", format: "png", mime: "image/png", codec: "png",
      stored: (320, 240), display: (320, 240), pixelFormat: "rgba", hasAlpha: true,
      transparent: false),
    ImageFact(
      file: "png_rgba_transparent_320x240.png", format: "png", mime: "image/png", codec: "png",
      stored: (320, 240), display: (320, 240), pixelFormat: "rgba", hasAlpha: true,
      transparent: true),
    ImageFact(
      file: "webp_640x480.webp", format: "webp", mime: "image/webp", codec: "webp",
      stored: (640, 480), display: (640, 480), pixelFormat: "yuv420p"),
    ImageFact(
      file: "webp_exif_orientation6_320x240.webp", format: "webp", mime: "image/webp",
      codec: "webp", stored: (320, 240), display: (240, 320), pixelFormat: "yuv420p",
      orientation: 6, orientationSource: "exif"),
  ]

  static let audio: [AudioFact] = [
    // 88 ADTS frames of 1024 samples; FFmpeg estimates 2.071 s from the bitrate.
    AudioFact(
      file: "audio/aac_adts_2s.aac", format: "aac", mime: "audio/aac", codec: "aac",
      sampleRate: 44100, channels: 1, milliseconds: 2043, source: .packets),
    AudioFact(
      file: "audio/m4a_aac_2s.m4a", format: "m4a", mime: "audio/mp4", codec: "aac",
      sampleRate: 44100, channels: 1, milliseconds: 2000, source: .container),
    AudioFact(
      file: "audio/mp3_3s_44100_stereo.mp3", format: "mp3", mime: "audio/mpeg", codec: "mp3",
      sampleRate: 44100, channels: 2, milliseconds: 3030, source: .container),
    // 117 frames of 576 samples at 22,050 Hz; FFmpeg estimates 2.884 s from the bitrate.
    AudioFact(
      file: "audio/mp3_noxing_3s_22050_mono.mp3", format: "mp3", mime: "audio/mpeg",
      codec: "mp3", sampleRate: 22050, channels: 1, milliseconds: 3056, source: .packets),
    AudioFact(
      file: "audio/mp3_with_cover_3s.mp3", format: "mp3", mime: "audio/mpeg", codec: "mp3",
      sampleRate: 44100, channels: 1, milliseconds: 3030, source: .container),
    // Written to a pipe: RIFF and data sizes 0xFFFFFFFF, so FFmpeg reads to the end and flags
    // the short last packet as corrupt. ffprobe: 8.000 s.
    AudioFact(
      file: "audio/wav_pipe_8s_1000_u8.wav", format: "wav", mime: "audio/wav", codec: "pcm_u8",
      sampleRate: 1000, channels: 1, milliseconds: 8000, source: .packets),
    // The LAME Info frame (116 frames) sits behind padding FFmpeg does not skip, and a stray
    // byte at the end is a 117th packet: counting gave 3.056 s; the header says 3.030 s.
    AudioFact(
      file: "audio/mp3_padded_tag_info_3s.mp3", format: "mp3", mime: "audio/mpeg", codec: "mp3",
      sampleRate: 44100, channels: 2, milliseconds: 3030, source: .container),
    AudioFact(
      file: "audio/wav_1s_8000_stereo.wav", format: "wav", mime: "audio/wav", codec: "pcm_s16le",
      sampleRate: 8000, channels: 2, milliseconds: 1000, source: .container),
    AudioFact(
      file: "audio/wav_3s_8000_mono.wav", format: "wav", mime: "audio/wav", codec: "pcm_s16le",
      sampleRate: 8000, channels: 1, milliseconds: 3000, source: .container),
    AudioFact(
      file: "video/mp4_audio_only_2s.mp4", format: "mp4", mime: "video/mp4", codec: "aac",
      sampleRate: 44100, channels: 1, milliseconds: 2000, source: .container),
  ]

  static let videos: [VideoFact] = [
    VideoFact(
      file: "mov_h264_2s_320x240.mov", format: "mov", mime: "video/quicktime", codec: "h264",
      stored: (320, 240), display: (320, 240), fps: 25, frames: 50, milliseconds: 2000),
    VideoFact(
      file: "mp4_h264_12s_160x120.mp4", format: "mp4", mime: "video/mp4", codec: "h264",
      stored: (160, 120), display: (160, 120), fps: 10, frames: 120, milliseconds: 12000),
    VideoFact(
      file: "mp4_h264_aac_3s_320x240.mp4", format: "mp4", mime: "video/mp4", codec: "h264",
      stored: (320, 240), display: (320, 240), fps: 30, frames: 90, milliseconds: 3000,
      audioCodec: "aac"),
    VideoFact(
      file: "mp4_h264_rot90_320x240.mp4", format: "mp4", mime: "video/mp4", codec: "h264",
      stored: (320, 240), display: (240, 320), fps: 30, frames: 60, milliseconds: 2000,
      rotation: 90),
    VideoFact(
      file: "mp4_h264_sar4x3_320x240.mp4", format: "mp4", mime: "video/mp4", codec: "h264",
      stored: (320, 240), display: (427, 240), fps: 30, frames: 60, milliseconds: 2000,
      sar: Rational(4, 3)),
    // DefaultDuration 1 ms: FFmpeg says 1000 fps; the 30 packets' timestamps say 30.
    VideoFact(
      file: "mkv_h264_1ms_frames_320x240.mkv", format: "mkv", mime: "video/x-matroska",
      codec: "h264", stored: (320, 240), display: (320, 240), fps: 30, frames: nil,
      milliseconds: 1000),
    VideoFact(
      file: "mp4_h264_sar64x45_800x640.mp4", format: "mp4", mime: "video/mp4", codec: "h264",
      stored: (800, 640), display: (1138, 640), fps: 30, frames: 60, milliseconds: 2000,
      sar: Rational(64, 45)),
    // 3 s of frames after an empty edit of 2 s: the timeline lasts 5 s.
    VideoFact(
      file: "mp4_h264_start2s_320x240.mp4", format: "mp4", mime: "video/mp4", codec: "h264",
      stored: (320, 240), display: (320, 240), fps: 30, frames: 90, milliseconds: 5000),
    VideoFact(
      file: "webm_vp9_2s_320x240.webm", format: "webm", mime: "video/webm", codec: "vp9",
      stored: (320, 240), display: (320, 240), fps: 30, frames: nil, milliseconds: 2008,
      audioCodec: "opus"),
  ]

}

/// Exact facts about every generated fixture (see `fixtures/make-fixtures.sh`).
@Suite("Fixtures")
struct FixtureProbeTests {
  @Test("every image fixture is in the table")
  func imageTableIsComplete() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: TestPaths.fixture("image"))
    #expect(Set(files) == Set(FixtureFacts.images.map(\.file)))
  }

  @Test("images", arguments: FixtureFacts.images)
  func image(_ fact: ImageFact) throws {
    let info = try Prober().probe(TestPaths.fixture("image/" + fact.file))
    #expect(info.kind == .image)
    #expect(info.format == fact.format && info.mimeType == fact.mime)
    #expect(info.fileExtension == String(fact.file.split(separator: ".").last ?? ""))
    #expect(info.durationSeconds == nil && info.durationSource == nil)
    #expect(info.audio == nil)
    let picture = try #require(info.video)
    #expect(picture.kind == .image && picture.codec == fact.codec)
    #expect(picture.width == fact.stored.0 && picture.height == fact.stored.1)
    #expect(picture.displayWidth == fact.display.0 && picture.displayHeight == fact.display.1)
    #expect(picture.pixelFormat == fact.pixelFormat && picture.bitDepth == fact.bitDepth)
    #expect(picture.hasAlpha == fact.hasAlpha)
    #expect(picture.averageFrameRate == nil && picture.frameRateSource == nil)
    let details = try #require(info.image)
    #expect(details.orientation?.value == fact.orientation)
    #expect(details.orientation?.source.rawValue == fact.orientationSource)
    #expect(details.hasTransparentPixels == fact.transparent)
    #expect(details.animated == fact.animated)
    let size =
      try FileManager.default.attributesOfItem(
        atPath: TestPaths.fixture("image/" + fact.file))[.size] as? Int
    #expect(Int(info.byteSize) == size)
  }

  @Test("an animated GIF counts its frames")
  func animatedGIF() throws {
    let info = try Prober().probe(TestPaths.fixture("image/gif_animated_64x64.gif"))
    #expect(info.image?.frameCount == 3)
    let still = try Prober().probe(TestPaths.fixture("image/gif_still_64x64.gif"))
    #expect(still.image?.frameCount == 1)
  }

  @Test("audio", arguments: FixtureFacts.audio)
  func audio(_ fact: AudioFact) throws {
    let info = try Prober().probe(TestPaths.fixture(fact.file))
    #expect(info.kind == .audio)
    #expect(info.format == fact.format && info.mimeType == fact.mime)
    #expect(info.video == nil)
    let sound = try #require(info.audio)
    #expect(sound.codec == fact.codec)
    #expect(sound.sampleRate == fact.sampleRate && sound.channels == fact.channels)
    #expect(Self.milliseconds(info.durationSeconds) == fact.milliseconds)
    #expect(info.durationSource == fact.source)
  }

  @Test("cover art in an MP3 is an attached picture, not a video")
  func coverArt() throws {
    let info = try Prober().probe(TestPaths.fixture("audio/mp3_with_cover_3s.mp3"))
    #expect(info.streams.map(\.kind) == [.audio, .attachedPicture])
    #expect(info.primaryVideoStream == nil && info.primaryAudioStream == 0)
  }

  @Test("video", arguments: FixtureFacts.videos)
  func video(_ fact: VideoFact) throws {
    let info = try Prober().probe(TestPaths.fixture("video/" + fact.file))
    #expect(info.kind == .video)
    #expect(info.format == fact.format && info.mimeType == fact.mime)
    #expect(info.durationSource == .container)
    #expect(Self.milliseconds(info.durationSeconds) == fact.milliseconds)
    let video = try #require(info.video)
    #expect(video.kind == .video && video.codec == fact.codec)
    #expect(video.width == fact.stored.0 && video.height == fact.stored.1)
    #expect(video.displayWidth == fact.display.0 && video.displayHeight == fact.display.1)
    #expect(video.averageFrameRate == fact.fps)
    #expect(video.frameCount == fact.frames)
    #expect(video.rotation == fact.rotation)
    #expect(video.sampleAspectRatio == fact.sar)
    #expect(video.pixelFormat == "yuv420p" && video.bitDepth == 8 && video.hasAlpha == false)
    #expect(info.audio?.codec == fact.audioCodec)
    #expect(info.image == nil)
  }

  @Test(
    "broken fixtures give typed errors",
    arguments: [
      ("empty.png", ProbeError.Reason.empty),
      ("text_named.png", .unrecognized),
      ("random_bytes.mp3", .unrecognized),
      ("truncated_moov.mp4", .unrecognized),
      ("truncated.jpg", .truncated("the JPEG data ends before its end-of-image marker")),
      ("truncated.png", .undecodable),
      ("hls_playlist.mp4", .refusedFormat("an HLS playlist")),
      ("concat_script.mov", .refusedFormat("a concat script")),
    ])
  func broken(file: String, reason: ProbeError.Reason) {
    let path = TestPaths.fixture("broken/" + file)
    #expect {
      try Prober().probe(path)
    } throws: { error in
      guard let error = error as? ProbeError else { return false }
      return error.path == path && error.reason == reason
    }
  }

  @Test("every broken fixture is covered")
  func brokenTableIsComplete() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: TestPaths.fixture("broken"))
    #expect(files.count == 8)
  }

  static func milliseconds(_ seconds: Double?) -> Int? {
    seconds.map { Int(($0 * 1000).rounded()) }
  }
}
