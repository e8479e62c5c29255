import Foundation
import MediaProbe

/// Renders probe results as an aligned plain-text table for a terminal.
///
/// ```
/// FILE          KIND   FORMAT  BYTES    STORED   DISPLAY  SECONDS  DETAILS
/// cat.jpg       image  jpeg    21.4 KB  640x480  480x640  -        yuvj420p 8-bit, EXIF orientation 6 (rotate 90° CW)
/// ```
public enum ProbeTable {
  /// The table for the files that probed; failures are reported elsewhere (on stderr).
  public static func render(_ media: [MediaInfo]) -> String {
    let header = ["FILE", "KIND", "FORMAT", "BYTES", "STORED", "DISPLAY", "SECONDS", "DETAILS"]
    let rows = media.map(row)
    let widths = header.indices.map { column in
      ([header] + rows).map { $0[column].count }.max() ?? 0
    }
    return ([header] + rows).map { cells in
      cells.enumerated().map { column, cell in
        column == cells.count - 1 ? cell : cell.padding(toWidth: widths[column])
      }.joined(separator: "  ")
    }.joined(separator: "\n") + "\n"
  }

  static func row(_ info: MediaInfo) -> [String] {
    let video = info.video
    return [
      info.path, info.kind.rawValue, info.format, Units.bytes(info.byteSize),
      size(video?.width, video?.height), size(video?.displayWidth, video?.displayHeight),
      info.durationSeconds.map { Units.seconds($0) + (info.durationSource == .packets ? "*" : "") }
        ?? "-",
      details(info),
    ]
  }

  /// What a person wants to know beyond the columns, e.g. `h264 30 fps, 90 frames; aac 44100 Hz mono`.
  static func details(_ info: MediaInfo) -> String {
    var parts: [String] = []
    if let video = info.video { parts.append(pictureDetails(video, image: info.image)) }
    if let start = info.startSeconds, let span = info.frameSpanSeconds {
      parts.append("frames from \(Units.seconds(start)) s for \(Units.seconds(span)) s")
    }
    if let audio = info.audio {
      parts.append(
        [audio.codec, audio.sampleRate.map { "\($0) Hz" }, audio.channels.map(channelName)]
          .compactMap { $0 }.joined(separator: " "))
    }
    let covers = info.streams.filter { $0.kind == .attachedPicture }.count
    if covers > 0 { parts.append("cover art") }
    if info.durationSource == .packets { parts.append("*duration counted from packets") }
    return parts.joined(separator: "; ")
  }

  private static func pictureDetails(_ stream: StreamInfo, image: ImageDetails?) -> String {
    var words = [stream.codec]
    if let format = stream.pixelFormat {
      words.append(format + (stream.bitDepth.map { " \($0)-bit" } ?? ""))
    }
    if let rate = stream.averageFrameRate {
      words.append(
        "\(Units.decimal(rate, places: 3)) fps"
          + (stream.frameRateSource == .packets ? " (packets)" : ""))
    }
    if let frames = stream.frameCount, image == nil {
      words.append(frames == 1 ? "1 frame" : "\(frames) frames")
    }
    if let sar = stream.sampleAspectRatio { words.append("SAR \(sar)") }
    if let orientation = image?.orientation {
      words.append(
        "\(orientation.source.rawValue.uppercased()) orientation \(orientation.value)"
          + turn(orientation.rotation, mirrored: orientation.mirrored))
    } else if let rotation = stream.rotation, rotation != 0 || stream.mirrored == true {
      words.append("rotation" + turn(rotation, mirrored: stream.mirrored ?? false))
    }
    if let transparent = image?.hasTransparentPixels {
      words.append(transparent ? "alpha (transparent pixels)" : "alpha (all opaque)")
    }
    if image?.animated == true {
      words.append("animated" + (image?.frameCount.map { " (\($0) frames)" } ?? ""))
    }
    return words.joined(separator: ", ")
  }

  private static func turn(_ rotation: Int, mirrored: Bool) -> String {
    var what: [String] = []
    if rotation != 0 { what.append("rotate \(rotation)° CW") }
    if mirrored { what.append("mirror") }
    return what.isEmpty ? "" : " (" + what.joined(separator: ", ") + ")"
  }

  private static func channelName(_ channels: Int) -> String {
    switch channels {
    case 1: "mono"
    case 2: "stereo"
    default: "\(channels) ch"
    }
  }

  private static func size(_ width: Int?, _ height: Int?) -> String {
    guard let width, let height else { return "-" }
    return "\(width)x\(height)"
  }
}

extension String {
  fileprivate func padding(toWidth width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
