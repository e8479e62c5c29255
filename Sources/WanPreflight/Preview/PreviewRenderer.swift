public import MediaProbe
public import MediaTransform

/// Draws a ``Preview``: each picture as PNG bytes through MediaTransform's ``FrameRenderer``,
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

  /// Draws every picture of `preview` and the waveform of its driving audio.
  public func render(_ preview: Preview) -> Rendering {
    let renderer = FrameRenderer(options: options)
    var rendering = Rendering(files: [], failures: [], waveform: nil, lastFrameCrop: nil)
    var clips: [String: ClipFrames] = [:]
    var fits: [String: FittedPicture] = [:]
    var refused: Set<String> = []
    for picture in preview.pictures where !refused.contains(picture.pointer) {
      do throws(TransformError) {
        var drawn = picture
        let image: RenderedPicture
        switch picture.kind {
        case .firstFrame:
          image = try renderer.picture(
            picture.source, width: picture.width, height: picture.height)
        case .clipFirstFrame, .clipLastFrame:
          var frames: ClipFrames
          if let decoded = clips[picture.source] {
            frames = decoded
          } else {
            frames = try renderer.clipFrames(
              picture.source, width: picture.width, height: picture.height)
          }
          clips[picture.source] = frames
          image = picture.kind == .clipFirstFrame ? frames.first : frames.last
        case .lastFrame, .lastFrameCrop:
          let size = preview.pictures.first { $0.kind == .lastFrame } ?? picture
          var fit: FittedPicture
          if let fitted = fits[picture.source] {
            fit = fitted
          } else {
            fit = try renderer.fitted(picture.source, width: size.width, height: size.height)
          }
          fits[picture.source] = fit
          rendering.lastFrameCrop = fit.crop
          image = picture.kind == .lastFrame ? fit.fitted : fit.outlined
        case .alternate:
          image =
            picture.name == "alternate_first_frame.png"
            ? try renderer.picture(
              picture.source, width: picture.width, height: picture.height,
              upright: !ignoresOrientation(preview))
            : try renderer.clipFrames(
              picture.source, width: picture.width, height: picture.height,
              upright: !ignoresOrientation(preview)
            ).last
        }
        (drawn.width, drawn.height) = (image.width, image.height)
        rendering.files.append(File(picture: drawn, png: image.png))
      } catch {
        refused.insert(picture.pointer)
        let role = preview.report.media.first { $0.pointer == picture.pointer }?.type
        rendering.failures.append(
          Preview.Skipped(
            pointer: picture.pointer, role: role, code: error.code,
            reason: "no picture: \(error.description)"))
      }
    }
    if let audio = preview.audioPath {
      do throws(TransformError) {
        rendering.waveform = try renderer.waveform(audio, peaks: waveformPeaks)
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
