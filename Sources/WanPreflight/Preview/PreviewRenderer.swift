import Foundation
public import MediaProbe
public import MediaTransform

/// Draws a ``Preview``: each picture as PNG bytes through MediaTransform's `FrameRenderer`,
/// the driving audio's waveform, and the page (``page(_:_:inline:)``).
///
/// ```swift
/// let rendering = PreviewRenderer().render(preview)
/// let html = PreviewRenderer().page(preview, rendering, inline: true)
/// ```
///
/// Each medium is decoded with the probe's guards; one the renderer refuses gets no picture and
/// a ``Preview/Skipped`` entry with the refusal's code, and the other media are still drawn.
public struct PreviewRenderer: Sendable {
  /// The limits media are probed and decoded with.
  public var options: ProbeOptions
  /// How many min/max peaks the waveform has.
  public var waveformPeaks: Int
  /// The first frames a check's probe already decoded, by path: drawn from, not decoded again.
  var decodedPictures: [String: FirstImageFrame] = [:]
  /// Last frames already fitted, by path, each at the size it was fitted to (see
  /// ``EarlyLastFrame``): used when that is the preview's size, fitted again otherwise.
  var earlyFits: [String: FittedPicture] = [:]

  /// Creates a renderer.
  public init(options: ProbeOptions = ProbeOptions(), waveformPeaks: Int = 400) {
    self.options = options
    self.waveformPeaks = waveformPeaks
  }

  /// What ``render(_:)`` drew.
  public struct Rendering: Sendable, Equatable {
    /// The pictures drawn, in the preview's order.
    public var files: [File]
    /// The pictures not drawn, and why.
    public var failures: [Preview.Skipped]
    /// The driving audio's waveform, when it was decoded.
    public var waveform: Waveform?
    /// The part of the last frame that survives the crop, in its upright pixels.
    public var lastFrameCrop: PixelBox?
  }

  /// One drawn picture.
  public struct File: Sendable, Equatable {
    /// The picture it draws (with its rendered size).
    public var picture: Preview.Picture
    /// The PNG bytes.
    public var png: [UInt8]
  }

  /// Draws every picture of `preview` and the waveform of its driving audio: each medium on a
  /// thread of its own (at most one per processor), the results in the preview's order.
  public func render(_ preview: Preview) -> Rendering {
    var jobs: [(pictures: [Preview.Picture], audio: Bool)] = []
    for picture in preview.pictures {
      if let index = jobs.firstIndex(where: { $0.pictures.first?.pointer == picture.pointer }) {
        jobs[index].pictures.append(picture)
      } else {
        jobs.append(([picture], false))
      }
    }
    if preview.audioPath != nil { jobs.append(([], true)) }
    let results = RenderResults(count: jobs.count)
    let planned = jobs
    // Each medium's share of the processors, for libswscale's slice threads.
    let processors = max(1, Prober.concurrency / max(1, planned.count))
    DispatchQueue.concurrentPerform(iterations: planned.count) { index in
      let job = planned[index]
      results.set(
        index,
        render(preview, pictures: job.pictures, audio: job.audio, processors: processors))
    }
    var rendering = Rendering(files: [], failures: [], waveform: nil, lastFrameCrop: nil)
    for part in results.all {
      rendering.files += part.files
      rendering.failures += part.failures
      rendering.waveform = rendering.waveform ?? part.waveform
      rendering.lastFrameCrop = rendering.lastFrameCrop ?? part.lastFrameCrop
    }
    return rendering
  }

  /// Draws `pictures` (of one medium) and, when `audio`, the waveform, one after the other;
  /// the medium is decoded once for all its pictures.
  private func render(
    _ preview: Preview, pictures: [Preview.Picture], audio: Bool, processors: Int
  ) -> Rendering {
    var rendering = Rendering(files: [], failures: [], waveform: nil, lastFrameCrop: nil)
    if let medium = pictures.first {
      do throws(TransformError) {
        rendering = try draw(
          preview, medium: medium.source, pictures: pictures, processors: processors)
      } catch {
        let role = preview.report.media.first { $0.pointer == medium.pointer }?.type
        rendering.failures.append(
          Preview.Skipped(
            pointer: medium.pointer, role: role, code: error.code,
            reason: "no picture: \(error.description)"))
      }
    }
    if audio, let audio = preview.audioPath {
      do throws(TransformError) {
        rendering.waveform = try FrameRenderer(options: options).waveform(
          audio, peaks: waveformPeaks)
      } catch {
        let pointer = preview.report.media.first { $0.type == .drivingAudio }?.pointer ?? ""
        rendering.failures.append(
          Preview.Skipped(
            pointer: pointer, role: .drivingAudio, code: error.code,
            reason: "no waveform: \(error.description)"))
      }
    }
    return rendering
  }

  /// Every picture of one medium at `source`, from one decode of it: a picture's own size and
  /// its alternate reading, a clip's first and last frames and the alternate, a last frame's fit
  /// and its outlined original; a picture scaled on at most `processors` threads.
  private func draw(
    _ preview: Preview, medium source: String, pictures: [Preview.Picture], processors: Int
  ) throws(TransformError) -> Rendering {
    var renderer = FrameRenderer(options: options)
    renderer.processors = processors
    var rendering = Rendering(files: [], failures: [], waveform: nil, lastFrameCrop: nil)
    let upright = !ignoresOrientation(preview)
    func size(_ picture: Preview.Picture) -> PictureSize {
      PictureSize(
        width: picture.width, height: picture.height,
        upright: picture.kind != .alternate || upright)
    }
    let isClip = pictures.contains { $0.kind == .clipFirstFrame || $0.kind == .clipLastFrame }
    let images: [RenderedPicture]
    if pictures.contains(where: { $0.kind == .lastFrame || $0.kind == .lastFrameCrop }) {
      let fitted = pictures.first { $0.kind == .lastFrame } ?? pictures[0]
      let fit: FittedPicture
      if let early = earlyFits[source],
        (early.fitted.width, early.fitted.height) == (fitted.width, fitted.height)
      {
        fit = early
      } else {
        fit = try renderer.fitted(
          source, decoded: decodedPictures[source], width: fitted.width, height: fitted.height)
      }
      rendering.lastFrameCrop = fit.crop
      images = pictures.map { $0.kind == .lastFrame ? fit.fitted : fit.outlined }
    } else if isClip {
      let frames = try renderer.clipFrames(source, pictures.map(size))
      images = zip(pictures, frames).map { picture, frames in
        picture.kind == .clipFirstFrame ? frames.first : frames.last
      }
    } else {
      images = try renderer.pictures(
        source, decoded: decodedPictures[source], pictures.map(size))
    }
    for (picture, image) in zip(pictures, images) {
      var drawn = picture
      (drawn.width, drawn.height) = (image.width, image.height)
      rendering.files.append(File(picture: drawn, png: image.png))
    }
    return rendering
  }

  /// The page: one self-contained HTML5 document showing `preview` as `rendering` drew it, its
  /// pictures referenced by file name beside it, or inlined as `data:` URIs when `inline`.
  public func page(_ preview: Preview, _ rendering: Rendering, inline: Bool) -> String {
    PreviewPage(preview: preview, rendering: rendering, inline: inline).html
  }

  private func ignoresOrientation(_ preview: Preview) -> Bool {
    switch preview.report.plan?.alternateIgnores {
    case .orientation?, .orientationAndPixelAspectRatio?: true
    default: false
    }
  }
}

/// The parts ``PreviewRenderer`` draws on several threads, each kept at its index.
private final class RenderResults: @unchecked Sendable {
  private let lock = NSLock()
  private var parts: [PreviewRenderer.Rendering?]

  init(count: Int) { parts = Array(repeating: nil, count: count) }

  func set(_ index: Int, _ part: PreviewRenderer.Rendering) {
    lock.withLock { parts[index] = part }
  }

  /// The parts in index order (every one set by then).
  var all: [PreviewRenderer.Rendering] { lock.withLock { parts.compactMap { $0 } } }
}
