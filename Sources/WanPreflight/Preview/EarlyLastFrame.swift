import Foundation
import MediaProbe
import MediaTransform

/// A last frame fitted before the check ends: at the output size its first frame's header
/// predicts, rendered while the check still decodes the first frame (a 12-megapixel JPEG keeps
/// one core busy for 50–160 ms, and the last frame is decoded long before). The renderer uses
/// it only when the plan's size turns out the same; otherwise the last frame is fitted again.
struct EarlyLastFrame: Sendable {
  /// The last frame's path, as the check probes it.
  var path: String
  /// The picture fitted to the predicted size, and the outlined original.
  var fit: FittedPicture

  /// Starts fitting the last frame of the request read as `fields` when it is a
  /// first-and-last-frame job whose two frames are local files the check may read and whose
  /// first frame's header gives its size; `nil` otherwise. The last frame is probed through
  /// `cache` (the check's, so it is decoded once) and fitted on a thread outside the
  /// cooperative pool.
  static func start(
    _ fields: RequestFields, preflight: Preflight, cache: ProbeCache
  ) -> Task<EarlyLastFrame?, Never>? {
    func path(of role: MediaRole) -> String? {
      let items = fields.media.filter { $0.role == role }
      guard items.count == 1, case .local(let path)? = items[0].reference,
        preflight.isAllowed(path)
      else { return nil }
      return path
    }
    let spec = preflight.spec
    guard let roles = fields.roles, roles.count == 2,
      Set(roles) == [.firstFrame, .lastFrame], let first = path(of: .firstFrame),
      let last = path(of: .lastFrame),
      let tier = spec.tier(named: fields.resolution ?? spec.defaultResolution.rawValue)
    else { return nil }
    let options = cache.probeOptions
    return Task {
      guard let shown = HeaderGlance.displaySize(ofFile: first) else { return nil }
      let size = SizePredictor.outputSize(
        width: shown.width, height: shown.height, pixelBudget: tier.pixelBudget,
        alignment: spec.outputAlignment)
      guard size.width > 0, size.height > 0, case .success = await cache.result(for: last),
        let picture = await cache.picture(for: last)
      else { return nil }
      return await withCheckedContinuation { continuation in
        DispatchQueue.global(qos: .userInitiated).async {
          var renderer = FrameRenderer(options: options)
          // One processor: the other is still decoding the first frame.
          renderer.processors = 1
          let fit = try? renderer.fitted(
            last, decoded: picture, width: size.width, height: size.height)
          continuation.resume(returning: fit.map { EarlyLastFrame(path: last, fit: $0) })
        }
      }
    }
  }
}
