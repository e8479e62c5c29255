internal import CFFmpeg

/// Turns an `AVStream` into a plain ``StreamInfo``.
enum StreamDescriber {
  /// Describes `stream`; `isImageFile` marks the picture of an image file as `.image`.
  static func describe(
    _ stream: UnsafeMutablePointer<AVStream>, in file: InputFile, isImageFile: Bool
  ) -> StreamInfo {
    guard let parameters = stream.pointee.codecpar?.pointee else {
      return StreamInfo(index: Int(stream.pointee.index), kind: .data, codec: "none")
    }
    var info = StreamInfo(
      index: Int(stream.pointee.index),
      kind: kind(of: stream, type: parameters.codec_type, isImageFile: isImageFile),
      codec: String(cString: avcodec_get_name(parameters.codec_id)))
    switch parameters.codec_type {
    case AVMEDIA_TYPE_VIDEO:
      describePicture(&info, parameters: parameters, stream: stream, file: file)
      if isImageFile { (info.averageFrameRate, info.frameRateSource) = (nil, nil) }
    case AVMEDIA_TYPE_AUDIO:
      info.sampleRate = parameters.sample_rate > 0 ? Int(parameters.sample_rate) : nil
      info.channels =
        parameters.ch_layout.nb_channels > 0 ? Int(parameters.ch_layout.nb_channels) : nil
    default:
      break
    }
    info.durationSeconds = seconds(stream.pointee.duration, stream.pointee.time_base)
    info.startSeconds = signedSeconds(stream.pointee.start_time, stream.pointee.time_base)
    info.frameCount = stream.pointee.nb_frames > 0 ? Int(stream.pointee.nb_frames) : nil
    return info
  }

  /// Fills in what a decoded frame says about a picture: size, pixel format, depth, alpha;
  /// then what an image's `header` says that the frame cannot.
  ///
  /// FFmpeg decodes a 12-bit JPEG into 16-bit samples (`yuv420p16le`), and a four-component
  /// (CMYK or YCCK) JPEG into `gbrap` or `yuva444p` with the K plane where alpha would be; the
  /// header's frame segment says what the file holds: 12 bits, and `cmyk` without alpha.
  static func apply(
    frame: UnsafeMutablePointer<AVFrame>, header: ImageHeader? = nil, to info: inout StreamInfo
  ) {
    info.width = Int(frame.pointee.width)
    info.height = Int(frame.pointee.height)
    applyPixelFormat(frame.pointee.format, to: &info)
    if let bits = header?.bitsPerSample, bits > 8, bits < info.bitDepth ?? 0 {
      info.bitDepth = bits
    }
    if header?.components == 4 {
      info.pixelFormat = "cmyk"
      info.hasAlpha = false
    }
  }

  /// Frame rates a container may state and be believed: anything a camera or encoder writes
  /// for playback. A rate outside them (a Matroska header that gives every frame 1 ms says
  /// 1000 fps) is taken from the packets.
  static let plausibleFrameRates = 1.0...240.0

  /// Replaces the container's frame rate with the packets' when the container states none or
  /// one outside ``plausibleFrameRates``. `packetRate` is the rate the video packets'
  /// timestamps show, if enough of them were read.
  ///
  /// A plausible stated rate is kept even when the packets disagree: packets are not always
  /// frames (a WebM may store VP9's hidden alt-ref frames as blocks of their own, so 80
  /// packets carry the 72 frames of 3 s at 23.976 fps).
  static func applyPacketFrameRate(_ packetRate: Double?, to info: inout StreamInfo) {
    guard info.kind == .video, let packetRate, packetRate.isFinite, packetRate > 0 else { return }
    if let stated = info.averageFrameRate, plausibleFrameRates.contains(stated) { return }
    info.averageFrameRate = FrameRateRounding.nearestCommonRate(to: packetRate)
    info.frameRateSource = .packets
  }

  /// Replaces the frame count a container states with the packets read, when every packet was
  /// read and the two differ: a partly fragmented MP4 states the 4 frames of its `moov` and
  /// holds 30, an AVI's header states 59 for 58. A stream whose container states no count
  /// keeps none (packets are not always frames: VP9's hidden alt-ref frames).
  static func applyPacketCount(_ packets: Int, to info: inout StreamInfo) {
    guard info.kind == .video, packets > 0, let stated = info.frameCount, stated != packets
    else { return }
    info.frameCount = packets
  }

  /// Sets ``StreamInfo/displayWidth`` and ``StreamInfo/displayHeight`` from the coded size,
  /// the sample aspect ratio (unless `ignoringAspect`) and the rotation.
  static func computeDisplaySize(_ info: inout StreamInfo, ignoringAspect: Bool) {
    guard let width = info.width, let height = info.height else { return }
    var displayWidth = width
    if !ignoringAspect, let sar = info.sampleAspectRatio, sar.numerator > 0, sar.denominator > 0 {
      displayWidth = Int((Double(width) * sar.value).rounded())
    }
    let turned = info.rotation == 90 || info.rotation == 270
    info.displayWidth = turned ? height : displayWidth
    info.displayHeight = turned ? displayWidth : height
    // Exact: Int64 products of an Int32 size and an Int32 ratio cannot overflow.
    var shape = Rational(width, height)
    if !ignoringAspect, let sar = info.sampleAspectRatio, sar.numerator > 0, sar.denominator > 0,
      case (let across, false) = width.multipliedReportingOverflow(by: sar.numerator),
      case (let down, false) = height.multipliedReportingOverflow(by: sar.denominator)
    {
      shape = Rational(across, down)
    }
    if let reduced = shape.reduced {
      info.displayAspectRatio =
        turned ? Rational(reduced.denominator, reduced.numerator) : reduced
    }
  }

  private static func kind(
    of stream: UnsafeMutablePointer<AVStream>, type: AVMediaType, isImageFile: Bool
  ) -> StreamKind {
    switch type {
    case AVMEDIA_TYPE_VIDEO:
      if stream.pointee.disposition & CFFMPEG_DISPOSITION_ATTACHED_PIC != 0 {
        return .attachedPicture
      }
      return isImageFile ? .image : .video
    case AVMEDIA_TYPE_AUDIO: return .audio
    case AVMEDIA_TYPE_SUBTITLE: return .subtitle
    default: return .data
    }
  }

  private static func describePicture(
    _ info: inout StreamInfo, parameters: AVCodecParameters,
    stream: UnsafeMutablePointer<AVStream>, file: InputFile
  ) {
    info.width = parameters.width > 0 ? Int(parameters.width) : nil
    info.height = parameters.height > 0 ? Int(parameters.height) : nil
    applyPixelFormat(parameters.format, to: &info)
    let sar = file.sampleAspectRatio(of: stream)
    if sar.num > 0, sar.den > 0, sar.num != sar.den {
      info.sampleAspectRatio = Rational(Int(sar.num), Int(sar.den))
    }
    let rate = stream.pointee.avg_frame_rate
    if rate.num > 0, rate.den > 0 {
      info.averageFrameRate = Double(rate.num) / Double(rate.den)
      info.frameRateSource = .container
    }
    if let matrix = cffmpeg_stream_display_matrix(stream) {
      let counterClockwise = av_display_rotation_get(matrix)
      if counterClockwise.isFinite {
        // FFmpeg's angle is counter-clockwise; players turn the picture the other way.
        let quarterTurns = Int((-counterClockwise / 90).rounded())
        info.rotation = ((quarterTurns % 4) + 4) % 4 * 90
      }
      // A negative determinant of the 2x2 part means the matrix mirrors the picture.
      let determinant = Int64(matrix[0]) * Int64(matrix[4]) - Int64(matrix[1]) * Int64(matrix[3])
      info.mirrored = determinant < 0
    }
  }

  private static func applyPixelFormat(_ rawFormat: Int32, to info: inout StreamInfo) {
    guard rawFormat >= 0, let name = av_get_pix_fmt_name(AVPixelFormat(rawFormat)),
      let descriptor = av_pix_fmt_desc_get(AVPixelFormat(rawFormat))
    else { return }
    info.pixelFormat = String(cString: name)
    info.bitDepth = Int(descriptor.pointee.comp.0.depth)
    info.hasAlpha = descriptor.pointee.flags & CFFMPEG_PIX_FMT_FLAG_ALPHA != 0
  }

  private static func seconds(_ value: Int64, _ base: AVRational) -> Double? {
    guard value != CFFMPEG_AV_NOPTS_VALUE, value >= 0, base.den > 0 else { return nil }
    return Double(value) * Double(base.num) / Double(base.den)
  }

  private static func signedSeconds(_ value: Int64, _ base: AVRational) -> Double? {
    guard value != CFFMPEG_AV_NOPTS_VALUE, base.den > 0 else { return nil }
    return Double(value) * Double(base.num) / Double(base.den)
  }
}

/// Names a measured frame rate the way encoders write it.
enum FrameRateRounding {
  /// The rates cameras and encoders use: the NTSC family (24000/1001, 30000/1001, 60000/1001,
  /// 120000/1001) and whole numbers.
  static let ntscRates = [24, 30, 48, 60, 120, 240].map { Double($0 * 1000) / 1001 }

  /// `rate` as the nearest NTSC rate or whole number within 0.5 %, else to three decimals.
  /// Packet timestamps in milliseconds make 30 frames a second measure 29.99.
  static func nearestCommonRate(to rate: Double) -> Double {
    guard rate.isFinite, rate > 0, rate < 1e6 else { return rate }
    let candidates = ntscRates + [max(1, rate.rounded())]
    let nearest = candidates.min { abs($0 - rate) < abs($1 - rate) } ?? rate
    if abs(nearest - rate) <= rate * 0.005 { return nearest }
    return (rate * 1000).rounded() / 1000
  }
}
