internal import CFFmpeg
public import MediaProbe

/// Writes the MP4 a dry-run task's `video_url` serves: H.264 (libx264) yuv420p at exactly the
/// asked size, ``PlaceholderVideo/framesPerSecond`` × ``PlaceholderVideo/seconds`` frames, an
/// AAC track, the comment tag, `moov` before `mdat` (faststart).
///
/// ```swift
/// var video = PlaceholderVideo(width: 816, height: 1104, seconds: 5)
/// video.firstFrame = "cat.jpg"
/// let result = try PlaceholderVideoWriter().write(video, to: "videos/task.mp4")
/// print(result.frameCount)  // 150
/// ```
///
/// What the frames show, drawn as `preview` draws what the service works from:
/// - **A first frame**: the picture (its EXIF orientation applied, alpha flattened onto white)
///   scaled to the output's size as the service's open code resizes it (a picture of another
///   shape is stretched: the predicted size keeps its ratio to 16 px), then a slow centred
///   zoom from 1.00 to 1.08 over the whole video (``ZoomShot``).
/// - **A clip** (a continuation): its own frames, turned upright and scaled likewise, re-timed
///   to the output's frame rate (frames dropped or repeated), up to the output's length; then
///   new frames zooming from its last frame.
/// - **A last frame**: the picture cropped, centred, to fill the output's ratio (never padded,
///   never stretched) and scaled; the last second (the last third of a video shorter than 3 s)
///   cross-fades into it, so the final frame is that picture.
/// - **A watermark**: "AI" in a small semi-opaque box at the bottom right of every frame.
///
/// The sound is 48 kHz mono AAC (96 kb/s): the driving audio decoded and resampled, cut to
/// the length or padded with silence; without one, a 440 Hz tone at −30 dBFS. The track holds
/// exactly `seconds` × 48000 samples, so its duration is the video's within one AAC frame
/// (1024 samples, 21 ms) of encoder padding.
///
/// Every input is opened read-only and probed with the probe's guards before anything is
/// written; a refused input throws ``TransformError/input(_:)`` with the probe's error. Memory
/// is bounded by the output's size, not its length: the pictures are held once each (the zoom's
/// canvas 1.08 times the output's sides), a clip's frame on show and the sound (at most 15 s).
/// The MP4 goes to a temporary file beside the destination, renamed into place; the
/// destination is never one of the inputs, and a failure leaves no file behind.
public struct PlaceholderVideoWriter: Sendable {
  /// The limits the inputs are probed and decoded with (and the output's pixel budget).
  public var options: ProbeOptions

  /// Creates a writer whose inputs are probed and decoded with `options`.
  public init(options: ProbeOptions = ProbeOptions()) { self.options = options }

  /// Writes the MP4 atomically to `destination` (never over an input), calling `progress` (at
  /// most about ten times a second) with the seconds encoded.
  ///
  /// - Returns: The output's size, codecs, frame count, duration and byte count.
  /// - Throws: ``TransformError/invalidTransform(_:)`` for a size that is odd or outside
  ///   2…16384 (or over the pixel budget), seconds outside 1…15, a frame rate outside 1…60, an
  ///   unknown preset, nothing to draw, or both a first frame and a clip;
  ///   ``TransformError/input(_:)`` with the probe's error for an input it refuses (a clip with
  ///   no frames: ``ProbeError/Reason/emptyStream``); ``TransformError/destinationIsSource(_:)``.
  public func write(
    _ video: PlaceholderVideo, to destination: String,
    progress: (@Sendable (TransformProgress) -> Void)? = nil
  ) throws(TransformError) -> VideoTransformResult {
    if let problem = video.problem(maxPixels: options.maxPixels) {
      throw .invalidTransform(problem)
    }
    for input in video.inputs {
      try DestinationGuard.check(source: input, destination: destination)
    }
    let (width, height) = (video.width, video.height)
    let clip = try video.clip.map { (path) throws(TransformError) in
      try ContinuedClip(
        path, seconds: video.seconds, width: width, height: height, options: options)
    }
    let colorspace = clip?.colorspace ?? AVCOL_SPC_BT709
    let canvas = ZoomShot.canvasSize(width: width, height: height)
    let first = try video.firstFrame.map { (path) throws(TransformError) in
      try StillPicture.load(
        path, width: canvas.width, height: canvas.height, crop: false, colorspace: colorspace,
        options: options)
    }
    let last = try video.lastFrame.map { (path) throws(TransformError) in
      try StillPicture.load(
        path, width: width, height: height, crop: true, colorspace: colorspace,
        options: options)
    }
    let sound =
      try video.audio.map { (path) throws(TransformError) in
        try PlaceholderSound.decoded(path, seconds: video.seconds, options: options)
      } ?? PlaceholderSound.tone(seconds: video.seconds)
    let file = try AtomicFile(destination: destination)
    let encoder = try PlaceholderEncoder(
      video, colorspace: colorspace, sound: sound, lastPicture: last, path: file.temporaryPath,
      progress: progress)
    var start = first
    if let clip {
      let scaler = VideoScaler(filter: .bicubic, colorspace: colorspace)
      let shown = try clip.forEachFrame(
        fps: video.framesPerSecond, limit: video.frameCount, width: width, height: height,
        encoder.append)
      if encoder.frameCount < video.frameCount {
        start = try clip.upright(shown, canvas.width, canvas.height, scaler)
      }
    }
    let remaining = video.frameCount - encoder.frameCount
    if let start, remaining > 0 {
      let zoom = ZoomShot(canvas: start, width: width, height: height, colorspace: colorspace)
      for index in 0..<remaining {
        try encoder.append(try zoom.frame(index, of: remaining))
      }
    }
    try encoder.finish()
    let faststart = Mp4Boxes.moovBeforeMdat(file.temporaryPath)
    for input in video.inputs {
      try DestinationGuard.check(source: input, destination: destination)
    }
    try file.commit()
    return VideoTransformResult(
      path: destination, width: width, height: height, videoCodec: "h264",
      pixelFormat: "yuv420p", frameCount: encoder.frameCount,
      durationSeconds: Double(encoder.frameCount) / Double(video.framesPerSecond),
      audioCodec: "aac", byteCount: fileSize(destination), streamCopied: false,
      faststart: faststart)
  }
}
