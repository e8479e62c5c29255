import MediaProbe
import MediaTransform

/// Writes a first clip's ``ClipEdit`` as an MP4 with ``VideoTransformer``.
struct ClipWriter {
  let options: ProbeOptions

  /// Writes `source` with `edit` applied to `destination`; `progress` is told seconds done and
  /// the total.
  func write(
    _ source: String, _ edit: ClipEdit, to destination: String,
    progress: (@Sendable (Double, Double) -> Void)?
  ) throws(TransformError) -> VideoTransformResult {
    var transform = VideoTransform().preset(edit.preset)
    if let seconds = edit.maxSeconds { transform = transform.trim(toSeconds: seconds) }
    if let aspect = edit.aspect {
      transform = transform.fitAspect(width: aspect.width, height: aspect.height, aspect.mode)
    }
    if let size = edit.size {
      transform = transform.scale(toWidth: size.width, height: size.height)
    }
    if let maxBytes = edit.maxBytes { transform = transform.limitBytes(maxBytes) }
    if edit.reencode { transform = transform.forcingReencode() }
    var told: (@Sendable (TransformProgress) -> Void)?
    if let progress {
      told = { @Sendable step in progress(step.secondsDone, step.secondsTotal) }
    }
    return try VideoTransformer(options: options).transform(
      source, transform, to: destination, progress: told)
  }
}
