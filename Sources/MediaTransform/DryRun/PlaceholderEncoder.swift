internal import CFFmpeg
internal import MediaProbe

/// One placeholder being encoded: libx264 and `aac` into a faststart MP4 with the comment tag.
/// Pictures come in order through ``append(_:)``, each finished here (the cross-fade into the
/// last frame, the watermark) and stamped with its index at the video's frame rate; the sound
/// follows the pictures, so the muxer interleaves as it goes. ``finish()`` drains both
/// encoders and writes the trailer.
final class PlaceholderEncoder {
  /// Frames written.
  private(set) var frameCount = 0
  private let video: PlaceholderVideo
  private let sound: PlaceholderSound
  private let lastPicture: Frame?
  private let fadeLength: Int
  private let videoEncoder: EncoderContext
  private let audioEncoder: EncoderContext
  private let muxer: Muxer
  private let videoStream: Int32
  private let audioStream: Int32
  private var reporter: ProgressReporter
  private var samplesSent = 0

  /// x264's constant rate factor: its own default; a placeholder needs no more.
  static let crf = 23

  /// Opens the encoders and the muxer for `video` at `path` (YUV tagged `colorspace`), with
  /// `sound`, fading into `lastPicture` (the output's size) when there is one.
  init(
    _ video: PlaceholderVideo, colorspace: AVColorSpace, sound: PlaceholderSound,
    lastPicture: Frame?, path: String, progress: (@Sendable (TransformProgress) -> Void)?
  ) throws(TransformError) {
    self.video = video
    self.sound = sound
    self.lastPicture = lastPicture
    fadeLength = CrossFade.frames(total: video.frameCount, fps: video.framesPerSecond)
    let fps = Int32(video.framesPerSecond)
    videoEncoder = try EncoderContext(
      h264Width: video.width, height: video.height, timeBase: AVRational(num: 1, den: fps),
      frameRate: AVRational(num: fps, den: 1), sampleAspectRatio: nil,
      preset: video.presetName, rate: .crf(Self.crf), colorspace: colorspace,
      threads: VideoWriter.encoderThreads)
    audioEncoder = try EncoderContext(
      aacSampleRate: PlaceholderSound.sampleRate, channels: PlaceholderSound.channels,
      bitRate: PlaceholderSound.bitRate)
    muxer = try Muxer(path: path)
    videoStream = try muxer.addStream(from: videoEncoder)
    audioStream = try muxer.addStream(from: audioEncoder)
    try muxer.setMetadata("comment", video.comment)
    try muxer.writeHeader(faststart: true)
    reporter = ProgressReporter(total: Double(video.seconds), progress)
  }

  /// Finishes `picture` (yuv420p at the output's size; it is not changed) as the next frame
  /// and encodes it, with the sound up to its end.
  func append(_ picture: Frame) throws(TransformError) {
    let index = frameCount
    let weight =
      lastPicture == nil
      ? 0 : CrossFade.weight(index: index, total: video.frameCount, length: fadeLength)
    let frame = weight > 0 || video.watermark ? try writableCopy(of: picture) : picture
    try frame.withFrame { (frame) throws(TransformError) in
      if weight > 0, let lastPicture {
        lastPicture.withFrame { CrossFade.blend(frame, toward: $0, weight: weight) }
      }
      if video.watermark { Watermark.draw(into: frame) }
      frame.pointee.pts = Int64(index)
      frame.pointee.pict_type = AV_PICTURE_TYPE_NONE
    }
    try videoEncoder.send(frame, each: writeVideo)
    frameCount += 1
    let fps = Double(video.framesPerSecond)
    reporter.report(Double(frameCount) / fps)
    try sendSound(upTo: frameCount * PlaceholderSound.sampleRate / video.framesPerSecond)
  }

  /// Drains the encoders (the sound's last, shorter frame included) and writes the trailer.
  func finish() throws(TransformError) {
    try videoEncoder.send(nil, each: writeVideo)
    try sendSound(upTo: sound.count, all: true)
    try audioEncoder.send(nil, each: writeAudio)
    try muxer.finish()
    reporter.finish()
  }

  /// Encodes whole AAC frames of the sound up to sample `end` (and a last short one when
  /// `all`).
  private func sendSound(upTo end: Int, all: Bool = false) throws(TransformError) {
    let step = audioEncoder.frameSize > 0 ? audioEncoder.frameSize : 1024
    let end = min(end, sound.count)
    while end - samplesSent >= step || (all && samplesSent < end) {
      let count = min(step, end - samplesSent)
      try audioEncoder.send(try sound.frame(from: samplesSent, count: count), each: writeAudio)
      samplesSent += count
    }
  }

  private func writeVideo(_ packet: UnsafeMutablePointer<AVPacket>) throws(TransformError) {
    if packet.pointee.duration <= 0 { packet.pointee.duration = 1 }
    try muxer.write(packet, stream: videoStream, from: videoEncoder.timeBase)
  }

  private func writeAudio(_ packet: UnsafeMutablePointer<AVPacket>) throws(TransformError) {
    try muxer.write(packet, stream: audioStream, from: audioEncoder.timeBase)
  }

  /// A frame with `picture`'s pixels that may be written to: a new reference, its buffers
  /// copied when they are shared (a repeated clip frame, the zoom's scaled picture held by
  /// the encoder).
  private func writableCopy(of picture: Frame) throws(TransformError) -> Frame {
    guard let copy = Frame() else {
      throw .ffmpeg(stage: "av_frame_alloc", code: cffmpeg_averror(ENOMEM), message: "no memory")
    }
    let code = copy.withFrame { copy in
      picture.withFrame { source -> Int32 in
        let referenced = av_frame_ref(copy, source)
        return referenced < 0 ? referenced : av_frame_make_writable(copy)
      }
    }
    if code < 0 {
      throw .ffmpeg(stage: "av_frame_make_writable", code: code, message: describe(code))
    }
    return copy
  }
}
