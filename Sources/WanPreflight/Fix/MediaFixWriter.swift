import Foundation
import MediaProbe
import MediaTransform

/// Writes one planned ``MediaFix`` into the output folder with MediaTransform, off the
/// cooperative thread pool (a clip's re-encode takes seconds of CPU).
struct MediaFixWriter {
  let spec: ModelSpec
  let probeOptions: ProbeOptions
  let folder: String
  let progress: (@Sendable (FixProgress) -> Void)?
  /// The first frames the check's probe decoded, by path, so pictures are not decoded again.
  var pictures: [String: FirstImageFrame] = [:]

  /// The file name written (a PNG too large for the limit comes out as a JPEG instead).
  func write(_ fix: MediaFix) async -> Result<String, TransformError> {
    await withCheckedContinuation { continuation in
      DispatchQueue.global(qos: .userInitiated).async {
        let result: Result<String, TransformError>
        do throws(TransformError) {
          result = .success(try run(fix))
        } catch {
          result = .failure(error)
        }
        continuation.resume(returning: result)
      }
    }
  }

  private func run(_ fix: MediaFix) throws(TransformError) -> String {
    let destination = LocalPath.child(fix.output, of: folder)
    switch fix.operation {
    case .copy:
      try copy(fix.source, to: destination)
      return fix.output
    case .image(let transform):
      let transformer = ImageTransformer(options: probeOptions)
      let picture = pictures[fix.source]
      let result = try transformer.transform(
        fix.source, picture: picture, transform, to: destination)
      let limit = spec.image.maxBytes.certain
      guard transform.output == .png, Int64(result.byteCount) > limit else { return fix.output }
      // Lossless was too large: the same picture as a JPEG within the limit.
      let jpeg = fix.output.replacingOccurrences(of: ".png", with: ".jpg")
      var smaller = transform
      smaller.output = .jpeg(maxBytes: Int(clamping: limit))
      _ = try transformer.transform(
        fix.source, picture: picture, smaller, to: LocalPath.child(jpeg, of: folder))
      try? FileManager.default.removeItem(atPath: destination)
      return jpeg
    case .audio(let transform):
      _ = try AudioTransformer(options: probeOptions).transform(
        fix.source, transform, to: destination)
      return fix.output
    case .clip(let edit):
      _ = try ClipWriter(options: probeOptions).write(
        fix.source, edit, to: destination, progress: clipProgress(fix.pointer, role: fix.role))
      return fix.output
    }
  }

  /// ``progress`` as a clip's seconds-done callback for the item at `pointer`.
  private func clipProgress(_ pointer: String, role: MediaRole)
    -> (@Sendable (Double, Double) -> Void)?
  {
    guard let progress else { return nil }
    return { done, total in
      progress(FixProgress(pointer: pointer, role: role, secondsDone: done, secondsTotal: total))
    }
  }

  /// Copies `source`'s bytes to `destination` through a temporary file, never onto the source
  /// (the same path once links are resolved, or the same file).
  private func copy(_ source: String, to destination: String) throws(TransformError) {
    let bytes: Data
    do {
      bytes = try Data(contentsOf: URL(fileURLWithPath: source))
    } catch {
      throw .writeFailed(
        path: destination, reason: "cannot read \(source): \(error.localizedDescription)")
    }
    try GuardedFile.write([UInt8](bytes), to: destination, notOver: [source])
  }
}
