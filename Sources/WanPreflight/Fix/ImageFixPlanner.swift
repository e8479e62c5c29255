import MediaProbe
import MediaTransform

/// Plans the rewrite of a first or last frame: bake in the orientation, flatten the alpha,
/// fit the aspect ratio, scale into the side limits (or to the output size), and encode as a
/// format the API takes within its byte limit.
struct ImageFixPlanner {
  let context: FixContext

  /// The rules a picture's rewrite removes.
  static let rules: Set<RuleID> = [
    .orientation, .imageAlpha, .imageFormat, .imageAnimated, .imageSize, .imageAspect,
    .imageBytes, .extensionMismatch, .lastFrameAspect,
  ]

  /// The fix of the picture `info` (at `pointer`, in `role`) for `findings`; `shape` is the
  /// displayed size the video takes its shape from, for a last frame. `nil` when nothing is
  /// wanted.
  func plan(
    pointer: String, role: MediaRole, info: MediaInfo, findings: [RuleID], shape: FixGeometry.Size?
  ) -> PictureFix? {
    guard info.kind == .image, let video = info.video else { return nil }
    let limits = context.spec.image
    let displayed = FixGeometry.Size(
      width: video.displayWidth ?? video.width ?? 0,
      height: video.displayHeight ?? video.height ?? 0)
    var wanted = Set(findings).intersection(Self.rules)
    let target = aspectTarget(role: role, displayed: displayed, shape: shape, wanted: &wanted)
    let fitted = target.map { FixGeometry.fitted(displayed, to: $0) } ?? displayed
    var final = FixGeometry.scaled(fitted, into: limits.side)
    var notes: [String] = []
    let toOutputSize = outputSize(for: fitted, current: final, info: info, notes: &notes)
    if let toOutputSize { final = toOutputSize }
    guard !wanted.isEmpty || toOutputSize != nil else { return PictureFix(notes: notes) }
    if wanted == [.extensionMismatch] {
      let output =
        "\(role.rawValue).\(ExtensionMismatch.extensions[info.format]?.first ?? info.format)"
      return PictureFix(
        fix: MediaFix(
          pointer: pointer, role: role, source: info.path, output: output,
          changes: [
            change(
              .extensionMismatch, info, pointer, role,
              "copied as .\(output.split(separator: ".").last ?? "")", output)
          ],
          operation: .copy),
        shape: displayed, notes: notes)
    }
    // Writing the picture again drops any orientation tag: say so even under --errors-only.
    if let value = info.image?.orientation?.value, value != 1 { wanted.insert(.orientation) }
    let jpeg = wanted.contains(.imageBytes) || ["jpeg", "webp"].contains(info.format)
    let format: ImageTransform.OutputFormat =
      jpeg ? .jpeg(maxBytes: Int(clamping: limits.maxBytes.certain)) : .png
    var transform = ImageTransform(output: format).flatten(background: context.options.background)
    if let target, fitted != displayed {
      let before = FixGeometry.scaleBeforeFit(displayed, to: final, mode: target.mode)
      transform = transform.scale(toWidth: before.width, height: before.height)
        .fitAspect(width: final.width, height: final.height, target.mode)
    } else if final != displayed {
      transform = transform.scale(toWidth: final.width, height: final.height)
    }
    let output = "\(role.rawValue).\(jpeg ? "jpg" : "png")"
    let planned = Planned(
      format: jpeg ? "JPEG" : "PNG", pixels: jpeg ? "yuvj420p" : "rgb24", displayed: displayed,
      fitted: fitted, final: final, target: target, maxBytes: limits.maxBytes)
    var changes = wanted.sorted { $0.rawValue < $1.rawValue }.compactMap {
      rule -> FixChange? in
      guard let (action, after) = planned.describe(rule, background: context.options.background)
      else { return nil }
      return change(rule, info, pointer, role, action, output, after: after)
    }
    if let toOutputSize {
      changes.append(
        FixChange(
          pointer: pointer, media: role, rule: nil,
          action: "scaled to the \(context.tier?.name.rawValue ?? "") output size, shape kept",
          before: "\(fitted)", after: "\(toOutputSize)", output: output))
    }
    return PictureFix(
      fix: MediaFix(
        pointer: pointer, role: role, source: info.path, output: output, changes: changes,
        operation: .image(transform)),
      shape: final, notes: notes)
  }

  /// The ratio a picture must reach: the video's shape for a last frame that differs from it
  /// by more than 1 % (when `last_frame_aspect` is wanted), else the nearest allowed ratio when
  /// `image_aspect` fired.
  private func aspectTarget(
    role: MediaRole, displayed: FixGeometry.Size, shape: FixGeometry.Size?,
    wanted: inout Set<RuleID>
  ) -> FixGeometry.AspectTarget? {
    let mode = context.options.aspect
    if role == .lastFrame, let shape, shape.width > 0, shape.height > 0, displayed.height > 0,
      abs(
        (Double(displayed.width) / Double(displayed.height))
          / (Double(shape.width) / Double(shape.height)) - 1) > 0.01
    {
      if wanted.contains(.lastFrameAspect) {
        return FixGeometry.AspectTarget(ratioOf: shape, mode: mode)
      }
    } else {
      wanted.remove(.lastFrameAspect)
    }
    guard wanted.contains(.imageAspect) else { return nil }
    return FixGeometry.aspectTarget(
      for: displayed, maxAspect: context.spec.image.maxAspect, mode: mode)
  }

  /// The tier's predicted output size for a picture of `fitted`'s shape when `--to-output-size`
  /// asks for it and it is smaller than `current`; `nil` (with a note) when the prediction from
  /// the scaled picture would differ.
  private func outputSize(
    for fitted: FixGeometry.Size, current: FixGeometry.Size, info: MediaInfo,
    notes: inout [String]
  ) -> FixGeometry.Size? {
    guard context.options.toOutputSize, let tier = context.tier else { return nil }
    switch FixGeometry.outputSize(for: fitted, pixelBudget: tier.pixelBudget) {
    case .scaled(let size):
      let smaller =
        size.width.multipliedReportingOverflow(by: size.height).partialValue
        < current.width.multipliedReportingOverflow(by: current.height).partialValue
      return smaller && context.spec.image.side.contains(size.width)
        && context.spec.image.side.contains(size.height) ? size : nil
    case .refused(let size, let predicted):
      notes.append(
        "--to-output-size left \(info.path) at \(current): scaled to \(size), it would predict "
          + "\(predicted) instead of \(size)")
      return nil
    case .none:
      return nil
    }
  }

  private func change(
    _ rule: RuleID, _ info: MediaInfo, _ pointer: String, _ role: MediaRole, _ action: String,
    _ output: String, after: String? = nil
  ) -> FixChange {
    FixChange(
      pointer: pointer, media: role, rule: rule, action: action,
      before: FixFacts.fact(rule, info),
      after: after ?? ".\(output.split(separator: ".").last ?? "")",
      output: output)
  }
}

/// A picture's planned fix, and the shape it ends with (what a last frame must match).
struct PictureFix {
  var fix: MediaFix?
  var shape: FixGeometry.Size?
  var notes: [String] = []
}

/// What a picture's rewrite will give, for the dry run's "after" column.
private struct Planned {
  let format: String
  let pixels: String
  let displayed: FixGeometry.Size
  let fitted: FixGeometry.Size
  let final: FixGeometry.Size
  let target: FixGeometry.AspectTarget?
  let maxBytes: ByteLimit

  /// The action and the planned fact for `rule`.
  func describe(_ rule: RuleID, background: ImageTransform.Color) -> (String, String)? {
    let fit = target.map {
      "\($0.mode == .crop ? "cropped" : "padded") centred to \($0.width):\($0.height)"
    }
    switch rule {
    case .orientation: return ("baked into the pixels", "upright \(displayed)")
    case .imageAlpha: return ("flattened on \(Self.name(of: background))", pixels)
    case .imageFormat: return ("converted to \(format)", format)
    case .imageAnimated: return ("kept the first frame", "1 frame")
    case .imageSize: return ("scaled (Lanczos)", "\(final)")
    case .imageAspect, .lastFrameAspect:
      return (fit ?? "fitted", "\(final)")
    case .imageBytes:
      return ("saved as \(format) within \(maxBytes.stated)", "≤ \(maxBytes.stated)")
    case .extensionMismatch:
      return (
        "written as .\(format == "JPEG" ? "jpg" : "png")",
        format.lowercased() == "jpeg" ? ".jpg" : ".png"
      )
    default: return nil
    }
  }

  /// `white`, `black` or `#rrggbb`.
  static func name(of color: ImageTransform.Color) -> String {
    if color == .white { return "white" }
    if color == .black { return "black" }
    let hex = [color.red, color.green, color.blue].map {
      let digits = String($0, radix: 16)
      return digits.count == 1 ? "0" + digits : digits
    }
    return "#" + hex.joined()
  }
}
