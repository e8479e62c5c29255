import MediaProbe
import MediaTransform

/// What every planner of a media kind needs to know of the request.
struct FixContext {
  let spec: ModelSpec
  let options: FixOptions
  /// The requested duration (or the default).
  let duration: Int
  /// The requested tier, for `--to-output-size`.
  let tier: OutputTier?
}

/// Turns a check's report into a ``FixPlan``: for each media item, the smallest rewrite that
/// removes its fixable findings; for the rest, why no fix removes them.
struct FixPlanner {
  let spec: ModelSpec
  let options: FixOptions

  /// Every rule some fix removes.
  static let fixableRules = ImageFixPlanner.rules.union(AudioFixPlanner.rules)
    .union(ClipFixPlanner.rules)

  func plan(_ report: Report) -> FixPlan {
    let duration = report.plan?.output.seconds ?? spec.defaultDuration
    let context = FixContext(
      spec: spec, options: options, duration: duration,
      tier: report.plan.flatMap { spec.tier(named: $0.resolution) })
    var plan = FixPlan()
    let order = report.media.indices.sorted { lhs, rhs in
      (report.media[lhs].type ?? .drivingAudio) < (report.media[rhs].type ?? .drivingAudio)
    }
    var shape: FixGeometry.Size?
    var fixes: [Int: MediaFix] = [:]
    for index in order {
      let entry = report.media[index]
      guard let role = entry.type, entry.source == .local, let info = entry.probe else { continue }
      let findings = wantedFindings(report, for: entry)
      switch role {
      case .firstFrame, .lastFrame:
        let picture = ImageFixPlanner(context: context).plan(
          pointer: entry.pointer, role: role, info: info, findings: findings,
          shape: role == .lastFrame ? shape : nil)
        if role == .firstFrame { shape = picture?.shape ?? Self.displayed(info) }
        fixes[index] = picture?.fix
        plan.notes += picture?.notes ?? []
      case .firstClip:
        let (fix, final) = ClipFixPlanner(context: context).plan(
          pointer: entry.pointer, info: info, findings: findings)
        shape = final ?? Self.displayed(info)
        fixes[index] = fix
      case .drivingAudio:
        let (fix, change) = AudioFixPlanner(context: context).plan(
          pointer: entry.pointer, info: info, findings: findings)
        fixes[index] = fix
        plan.duration = change
      }
    }
    plan.media = report.media.indices.compactMap { fixes[$0] }
    plan.unfixable = unfixable(report, plan: plan)
    return plan
  }

  /// The rules of the findings about `entry` that the fix should remove.
  private func wantedFindings(_ report: Report, for entry: Report.MediaEntry) -> [RuleID] {
    report.diagnostics.filter { diagnostic in
      guard belongs(diagnostic, to: entry) else { return false }
      switch diagnostic.severity {
      case .error: return true
      // A warning some rewrite removes (orientation, the last frame's shape, audio against
      // the duration, a misleading name…, or an error a configuration made a warning).
      case .warning: return !options.errorsOnly && Self.fixableRules.contains(diagnostic.rule)
      case .note: return false
      }
    }.map(\.rule)
  }

  /// Whether `diagnostic` is about `entry`: at its pointer or below it, or a clip's
  /// `clip_vs_duration` (reported at the duration).
  private func belongs(_ diagnostic: Diagnostic, to entry: Report.MediaEntry) -> Bool {
    if diagnostic.rule == .clipVsDuration { return entry.type == .firstClip }
    return diagnostic.pointer == entry.pointer || diagnostic.pointer.hasPrefix(entry.pointer + "/")
  }

  /// Every warning or error no change removes, except the warnings `--errors-only` leaves.
  private func unfixable(_ report: Report, plan: FixPlan) -> [UnfixableFinding] {
    report.diagnostics.compactMap { diagnostic in
      guard diagnostic.severity != .note else { return nil }
      let entry = report.media.first { belongs(diagnostic, to: $0) }
      let covered = plan.media.contains { fix in
        fix.pointer == entry?.pointer && fix.changes.contains { $0.rule == diagnostic.rule }
      }
      if covered { return nil }
      if diagnostic.rule == .audioVsDuration, plan.duration != nil { return nil }
      if options.errorsOnly, diagnostic.severity == .warning,
        Self.fixableRules.contains(diagnostic.rule)
      {
        return nil
      }
      return UnfixableFinding(
        diagnostic: diagnostic, reason: reason(diagnostic, entry: entry),
        blocksWriting: diagnostic.severity == .error && entry?.source == .local)
    }
  }

  /// Why no fix removes `diagnostic`.
  private func reason(_ diagnostic: Diagnostic, entry: Report.MediaEntry?) -> String {
    if let entry {
      switch entry.source {
      case .url?, .oss?:
        return "remote media are not downloaded: fix a local copy and upload that"
      case .data?:
        return "fix rewrites files: save the data: URI's bytes to a file and name the file"
      case .unsupported?: return "the URL's scheme is not one the API takes"
      default: break
      }
      if let error = entry.error {
        return "the file cannot be decoded here (\(error.code)), so fix cannot rewrite it"
      }
    }
    switch diagnostic.rule {
    case .audioVsDuration where options.audioFit == .trim || options.audioFit == .pad:
      return "--audio-fit \(options.audioFit.rawValue) leaves audio "
        + (options.audioFit == .trim ? "shorter" : "longer") + " than the duration as it is"
    case .clipDuration: return "a clip cannot be lengthened: give one of at least 2 s"
    case .clipVsDuration:
      return "duration 2 leaves no room after a clip of at least 2 s: raise the duration"
    case .clipNoVideo, .imageFormat, .audioFormat:
      return "the file holds no \(entry?.type == .drivingAudio ? "sound" : "picture") to convert"
    default: break
    }
    switch diagnostic.rule.family {
    case .request: return "fix rewrites media, not the request's fields: edit the request"
    case .reference: return "fix rewrites media it can read: correct the reference"
    case .content: return "no fix for this finding: see its hint"
    }
  }

  /// The size `info` is displayed at.
  static func displayed(_ info: MediaInfo) -> FixGeometry.Size? {
    guard let video = info.video else { return nil }
    return FixGeometry.Size(
      width: video.displayWidth ?? video.width ?? 0,
      height: video.displayHeight ?? video.height ?? 0)
  }
}
