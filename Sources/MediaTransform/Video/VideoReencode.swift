internal import CFFmpeg
internal import MediaProbe

extension VideoWriter {
  /// Decodes the clip frame by frame, turns, scales, crops or pads each picture and encodes it
  /// with libx264 at `rate`; decodes, resamples and encodes the sound with `aac`; both cut at
  /// the trim and stamped from 0; muxed to `path` with faststart.
  static func reencode(
    _ demux: VideoDemux, _ plan: VideoPlan, rate: EncoderContext.RateControl, to path: String,
    progress: (@Sendable (TransformProgress) -> Void)?
  ) throws(TransformError) -> Written {
    let video = try EncoderContext(
      h264Width: plan.outputWidth, height: plan.outputHeight, timeBase: plan.video.timeBase,
      frameRate: plan.frameRate, sampleAspectRatio: plan.sampleAspectRatio,
      preset: plan.transform.presetName, rate: rate, colorspace: plan.colorspace,
      threads: encoderThreads)
    let audio =
      plan.hasAudio
      ? try EncoderContext(
        aacSampleRate: plan.audioRate, channels: plan.audioChannels,
        bitRate: VideoPlan.audioBitRate) : nil
    let muxer = try Muxer(path: path)
    let videoStream = try muxer.addStream(from: video)
    if !plan.transform.appliesRotation, let matrix = plan.video.displayMatrix {
      try muxer.setDisplayMatrix(matrix, stream: videoStream)
    }
    let audioStream = try audio.map { (encoder) throws(TransformError) in
      try muxer.addStream(from: encoder)
    }
    try muxer.writeHeader(faststart: true)
    let state = ReencodeState(plan: plan, progress: progress)
    let writeVideo = { (packet: UnsafeMutablePointer<AVPacket>) throws(TransformError) in
      if packet.pointee.duration <= 0 { packet.pointee.duration = plan.frameDuration }
      state.videoEnd = max(state.videoEnd, packet.pointee.pts &+ packet.pointee.duration)
      state.written.frameCount += 1
      try muxer.write(packet, stream: videoStream, from: video.timeBase)
    }
    let writeAudio = { (packet: UnsafeMutablePointer<AVPacket>) throws(TransformError) in
      guard let audioStream, let audio else { return }
      try muxer.write(packet, stream: audioStream, from: audio.timeBase)
    }
    let outcome: Result<Void, TransformError>
    do {
      outcome = try demux.forEachFrame(audio: plan.hasAudio) {
        (kind, frame) throws(TransformError) -> Bool in
        switch kind {
        case .video:
          if let picture = try state.picture(frame) {
            try video.send(picture, each: writeVideo)
          }
        case .audio:
          guard let audio else { break }
          for piece in try state.sound(frame, frameSize: audio.frameSize) {
            try audio.send(piece, each: writeAudio)
          }
        }
        return !(state.videoDone && (state.audioDone || audio == nil))
      }
    } catch {
      throw .input(error)
    }
    try outcome.get()
    try video.send(nil, each: writeVideo)
    if let audio {
      for piece in try state.soundTail(frameSize: audio.frameSize) {
        try audio.send(piece, each: writeAudio)
      }
      try audio.send(nil, each: writeAudio)
    }
    guard state.written.frameCount > 0 else {
      throw .input(ProbeError(path: demux.info.path, reason: .emptyStream))
    }
    try muxer.finish()
    state.written.durationSeconds = seconds(state.videoEnd, video.timeBase)
    state.written.byteCount = fileSize(path)
    state.reporter.finish()
    return state.written
  }
}

/// The moving parts of one re-encode: the scalers, the sound's resampler and queue, the
/// timestamps seen and the trim.
private final class ReencodeState {
  let plan: VideoPlan
  var reporter: ProgressReporter
  var written = VideoWriter.Written()
  var videoEnd: Int64 = 0
  var videoDone = false
  var audioDone = false
  private let cut: Double
  private var firstVideo: Int64?
  private var lastVideo: Int64 = -1
  private var decodedFrames: Int64 = 0
  private let storedScaler: VideoScaler
  private let outputScaler: VideoScaler
  private var resampler: Resampler?
  private var queue: [Int16] = []
  private var samplesTaken = 0
  private var samplesSent: Int64 = 0
  private let sampleLimit: Int

  init(plan: VideoPlan, progress: (@Sendable (TransformProgress) -> Void)?) {
    self.plan = plan
    reporter = ProgressReporter(total: plan.expectedSeconds, progress)
    storedScaler = VideoScaler(filter: .lanczos, colorspace: plan.colorspace)
    outputScaler = VideoScaler(filter: .lanczos, colorspace: plan.colorspace)
    cut = plan.transform.maxSeconds ?? .infinity
    // A stated length is the file's word: clamp it before it becomes an Int.
    let samples = plan.audioSeconds.map { min(($0 * Double(plan.audioRate)).rounded(), 1e15) }
    sampleLimit = samples.map { $0.isFinite && $0 >= 0 ? Int($0) : 0 } ?? .max
  }

  /// The encoder's picture for decoded `frame`, or `nil` when the frame is past the trim.
  func picture(_ frame: UnsafePointer<AVFrame>) throws(TransformError) -> Frame? {
    if videoDone { return nil }
    var stamp = frame.pointee.best_effort_timestamp
    if stamp == CFFMPEG_AV_NOPTS_VALUE { stamp = frame.pointee.pts }
    if stamp == CFFMPEG_AV_NOPTS_VALUE {
      let (guess, overflow) = decodedFrames.multipliedReportingOverflow(by: plan.frameDuration)
      stamp = overflow ? lastVideo &+ 1 : guess
    }
    decodedFrames &+= 1
    if firstVideo == nil { firstVideo = stamp }
    var (relative, overflow) = stamp.subtractingReportingOverflow(firstVideo ?? 0)
    if overflow || relative <= lastVideo { relative = lastVideo &+ 1 }
    let seconds = VideoWriter.seconds(relative, plan.video.timeBase)
    if seconds >= cut {
      videoDone = true
      return nil
    }
    lastVideo = relative
    reporter.report(seconds)
    return try convert(frame, pts: relative)
  }

  /// Brings `frame` to the output: stored size in yuv420p, turned, scaled, cropped or padded.
  private func convert(
    _ frame: UnsafePointer<AVFrame>, pts: Int64
  ) throws(TransformError) -> Frame {
    var source = frame
    var turned: Frame?
    if let orientation = plan.orientation {
      let stored = try storedScaler.scale(
        frame, width: plan.storedWidth, height: plan.storedHeight)
      let planes = stored.withFrame { PicturePlanes(frame: UnsafePointer($0)) }
      turned = try planes.oriented(orientation).frame(pts: pts)
      if let turned { source = turned.withFrame { UnsafePointer($0) } }
    }
    let scaled = try withExtendedLifetime(turned) { () throws(TransformError) in
      try outputScaler.scale(source, width: plan.scaledWidth, height: plan.scaledHeight)
    }
    guard plan.scaledWidth != plan.outputWidth || plan.scaledHeight != plan.outputHeight else {
      scaled.withFrame { $0.pointee.pts = pts }
      return scaled
    }
    let planes = scaled.withFrame { PicturePlanes(frame: UnsafePointer($0)) }
    let (w, h) = (plan.outputWidth, plan.outputHeight)
    let fitted =
      w <= planes.width && h <= planes.height
      ? planes.cropped(
        x: (planes.width - w) / 4 * 2, y: (planes.height - h) / 4 * 2, width: w, height: h)
      : planes.padded(width: w, height: h)
    return try fitted.frame(pts: pts)
  }

  /// The AAC frames (planar float, `frameSize` samples each) that `frame`'s sound completes.
  func sound(
    _ frame: UnsafePointer<AVFrame>, frameSize: Int
  ) throws(TransformError) -> [Frame] {
    if audioDone { return [] }
    if resampler == nil {
      resampler = try Resampler(
        like: frame, sampleRate: plan.audioRate, channels: plan.audioChannels)
    }
    try take(resampler?.convert(frame) ?? [])
    return try pieces(frameSize: frameSize, all: false)
  }

  /// The frames left once the sound has ended: the resampler's tail, and a short last frame.
  func soundTail(frameSize: Int) throws(TransformError) -> [Frame] {
    if !audioDone, let resampler { try take(resampler.flush()) }
    return try pieces(frameSize: frameSize, all: true)
  }

  private func take(_ samples: [Int16]) throws(TransformError) {
    let channels = plan.audioChannels
    let room = sampleLimit == .max ? Int.max : max(0, sampleLimit - samplesTaken)
    let count = min(samples.count / channels, room)
    queue += samples.prefix(count * channels)
    samplesTaken += count
    if samplesTaken >= sampleLimit { audioDone = true }
  }

  private func pieces(frameSize: Int, all: Bool) throws(TransformError) -> [Frame] {
    let channels = plan.audioChannels
    let step = frameSize > 0 ? frameSize : 1024
    var out: [Frame] = []
    var start = 0
    let total = queue.count / channels
    while total - start >= step || (all && start < total) {
      let count = min(step, total - start)
      out.append(try floatFrame(from: start, count: count))
      start += count
    }
    queue.removeFirst(start * channels)
    return out
  }

  /// A planar float frame of `count` samples per channel from the queue at `start`.
  private func floatFrame(from start: Int, count: Int) throws(TransformError) -> Frame {
    let channels = plan.audioChannels
    let samples = queue
    let frame = try AudioFrameBuffer.make(
      format: AV_SAMPLE_FMT_FLTP, sampleRate: plan.audioRate, channels: channels, count: count,
      pts: samplesSent
    ) { channel, plane in
      plane.withMemoryRebound(to: Float.self, capacity: count) { out in
        for index in 0..<count {
          out[index] = Float(samples[(start + index) * channels + channel]) / 32768
        }
      }
    }
    samplesSent += Int64(count)
    return frame
  }
}
