import MediaProbe
import MediaTransform

// TEMPORARY until the video transform lands.
struct ClipWriter {
  let options: ProbeOptions
  func write(
    _ source: String, _ edit: ClipEdit, to destination: String,
    progress: (@Sendable (Double, Double) -> Void)?
  ) throws(TransformError) -> Int {
    throw .invalidTransform("video output is not built yet")
  }
}
