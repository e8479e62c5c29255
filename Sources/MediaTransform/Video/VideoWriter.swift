internal import CFFmpeg
internal import MediaProbe

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes one planned clip to an MP4 path: by copying packets, or by decoding and encoding.
enum VideoWriter {
  /// What was written.
  struct Written {
    /// Video frames written.
    var frameCount = 0
    /// The end of the last video frame, in seconds.
    var durationSeconds = 0.0
    /// The file's size in bytes.
    var byteCount = 0
  }

  /// x264's threads: fixed (the machine has two cores), so runs are repeatable.
  static let encoderThreads = 2

  /// Copies the video (and audio) packets to `path`, timestamps moved so the first frame is at
  /// 0, keeping the display matrix; with a trim, packets that start at or after it are dropped.
  static func copy(
    _ demux: VideoDemux, _ plan: VideoPlan, to path: String,
    progress: (@Sendable (TransformProgress) -> Void)?
  ) throws(TransformError) -> Written {
    let muxer = try Muxer(path: path)
    let videoBase = plan.video.timeBase
    let videoStream = try demux.withParameters(of: demux.videoIndex) {
      (parameters) throws(TransformError) in
      try muxer.addStream(copying: parameters, timeBase: videoBase)
    }
    if let matrix = plan.video.displayMatrix {
      try muxer.setDisplayMatrix(matrix, stream: videoStream)
    }
    var audioStream: Int32?
    if let audioIndex = demux.audioIndex, let audio = plan.audio {
      audioStream = try demux.withParameters(of: audioIndex) {
        (parameters) throws(TransformError) in
        try muxer.addStream(copying: parameters, timeBase: audio.timeBase)
      }
    }
    try muxer.writeHeader(faststart: true)
    var written = Written()
    var reporter = ProgressReporter(total: plan.expectedSeconds, progress)
    var videoStart = plan.video.startTime
    var videoEnd: Int64 = 0
    var (videoDone, audioDone) = (false, audioStream == nil)
    let cut = plan.transform.maxSeconds ?? .infinity
    let sourcePath = demux.info.path
    let outcome: Result<Void, TransformError>
    do {
      outcome = try demux.forEachPacket { (kind, packet) throws(TransformError) -> Bool in
        let pts = packet.pointee.pts
        let stamp = pts != CFFMPEG_AV_NOPTS_VALUE ? pts : packet.pointee.dts
        if stamp == CFFMPEG_AV_NOPTS_VALUE { return true }
        if videoStart == nil, kind == .video { videoStart = stamp }
        let start = videoStart ?? 0
        let base = kind == .video ? videoBase : plan.audio?.timeBase ?? videoBase
        let offset = kind == .video ? start : av_rescale_q(start, videoBase, base)
        try shift(packet, by: offset, path: sourcePath)
        let seconds = Self.seconds(stamp &- offset, base)
        switch kind {
        case .video:
          if seconds >= cut {
            videoDone = true
          } else if !videoDone {
            if packet.pointee.duration <= 0 || plan.distrustsDurations {
              packet.pointee.duration = plan.frameDuration
            }
            videoEnd = max(videoEnd, packet.pointee.pts &+ packet.pointee.duration)
            written.frameCount += 1
            reporter.report(seconds)
            try muxer.write(packet, stream: videoStream, from: base)
          }
        case .audio:
          guard let audioStream else { return true }
          if seconds >= cut {
            audioDone = true
          } else if !audioDone {
            try muxer.write(packet, stream: audioStream, from: base)
          }
        }
        return !(videoDone && audioDone)
      }
    } catch {
      throw .input(error)
    }
    try outcome.get()
    try muxer.finish()
    written.durationSeconds = seconds(videoEnd, videoBase)
    written.byteCount = fileSize(path)
    reporter.finish()
    return written
  }

  /// Seconds of `value` ticks of `base`.
  static func seconds(_ value: Int64, _ base: AVRational) -> Double {
    guard base.den != 0 else { return 0 }
    return Double(value) * Double(base.num) / Double(base.den)
  }

  /// Moves `packet`'s timestamps back by `offset`, refusing what would overflow.
  private static func shift(
    _ packet: UnsafeMutablePointer<AVPacket>, by offset: Int64, path: String
  ) throws(TransformError) {
    for keyPath in [\AVPacket.pts, \AVPacket.dts] {
      let value = packet.pointee[keyPath: keyPath]
      guard value != CFFMPEG_AV_NOPTS_VALUE else { continue }
      let (moved, overflow) = value.subtractingReportingOverflow(offset)
      if overflow { throw .input(ProbeError(path: path, reason: .corrupt("timestamp overflow"))) }
      packet.pointee[keyPath: keyPath] = moved
    }
  }
}

/// Calls a progress closure at most every 0.1 s (and once at the end).
struct ProgressReporter {
  private let total: Double
  private let progress: (@Sendable (TransformProgress) -> Void)?
  private var last: ContinuousClock.Instant?

  init(total: Double, _ progress: (@Sendable (TransformProgress) -> Void)?) {
    self.total = total
    self.progress = progress
  }

  /// Reports `seconds` done if a tenth of a second has passed since the last report.
  mutating func report(_ seconds: Double) {
    guard let progress else { return }
    let now = ContinuousClock.now
    if let last, now - last < .milliseconds(100) { return }
    last = now
    progress(TransformProgress(secondsDone: min(seconds, total), secondsTotal: total))
  }

  /// Reports the end.
  func finish() {
    progress?(TransformProgress(secondsDone: total, secondsTotal: total))
  }
}

/// The size of the file at `path` in bytes (0 when it cannot be read).
func fileSize(_ path: String) -> Int {
  var status = stat()
  guard stat(path, &status) == 0 else { return 0 }
  return Int(status.st_size)
}
