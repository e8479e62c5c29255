import Foundation
import MediaProbe
import MediaTransform

extension Preflight {
  /// The plan ``fix(_:options:)`` follows for a request whose check gave `report`: what it
  /// would write for each media item, and what it cannot fix and why. Nothing is read or
  /// written.
  public func fixPlan(for report: Report, options: FixOptions) -> FixPlan {
    FixPlanner(spec: spec, options: options).plan(report)
  }

  /// Fixes what it can of `request`: checks it, plans the smallest rewrite of each media item
  /// for each fixable finding, writes the rewritten media and `request.json` (pointing at
  /// them by relative paths) into `options.outputDirectory`, and checks that request again.
  ///
  /// ```swift
  /// let report = await Preflight().fix(
  ///   JobRequest.load(file: "requests/cat.json"), options: FixOptions(outputDirectory: "fixed"))
  /// print(report.ok ? "fixed: \(report.fixedRequest!)" : "not fixed")
  /// ```
  ///
  /// Inputs are only ever read. Nothing is written in a dry run, nor when an error is about a
  /// local file fix cannot rewrite (``UnfixableFinding/blocksWriting``); errors in the
  /// request's own fields are listed and stay in `request.json` (the report is then not
  /// ``FixReport/ok``). When a rewrite fails, the files already written are removed, so the
  /// folder holds either the whole fix or none of it.
  public func fix(_ request: JobRequest, options: FixOptions) async -> FixReport {
    // The check keeps the pictures it decodes, and the writer scales those very pixels.
    var checker = self
    checker.cache = cache.keepingPictures()
    let before = await checker.check(request)
    let plan = fixPlan(for: before, options: options)
    var report = FixReport(
      request: request.file, outputDirectory: options.outputDirectory, dryRun: options.dryRun,
      fixedRequest: nil, written: [], changes: plan.media.flatMap(\.changes),
      duration: plan.duration, unfixable: plan.unfixable, failures: [], notes: plan.notes,
      before: before, after: nil, ok: plan.fixesEveryError)
    if let duration = plan.duration {
      report.changes.append(durationChange(duration, plan: before.plan))
    }
    guard !options.dryRun, plan.canWrite, request.document != nil else {
      report.ok = options.dryRun && plan.fixesEveryError && request.document != nil
      return report
    }
    let folder = options.outputDirectory
    let requestPath = LocalPath.child("request.json", of: folder)
    if let failure = refusal(of: requestPath, request: request, folder: folder) {
      report.failures = [failure]
      report.ok = false
      return report
    }
    var writer = MediaFixWriter(
      spec: spec, probeOptions: cache.probeOptions, folder: folder, progress: options.progress)
    for fix in plan.media {
      writer.pictures[fix.source] = await checker.cache.picture(for: fix.source)
    }
    var outputs: [String: String] = [:]
    for fix in plan.media {
      switch await writer.write(fix) {
      case .success(let name): outputs[fix.pointer] = name
      case .failure(let error):
        report.failures.append(
          FixFailure(pointer: fix.pointer, code: error.code, message: error.description))
      }
      if !report.failures.isEmpty { break }
    }
    if report.failures.isEmpty {
      do {
        let body = FixedRequest(
          request, report: before, outputs: outputs, duration: plan.duration?.to, folder: folder)
        let bytes = try body.bytes()
        try AtomicFile.write(requestPath) { handle in try handle.write(contentsOf: Data(bytes)) }
      } catch {
        report.failures.append(
          FixFailure(pointer: "", code: "write_failed", message: "\(requestPath): \(error)"))
      }
    }
    guard report.failures.isEmpty else {
      for name in outputs.values {
        try? FileManager.default.removeItem(atPath: LocalPath.child(name, of: folder))
      }
      report.ok = false
      return report
    }
    report.written = plan.media.compactMap { outputs[$0.pointer] } + ["request.json"]
    report.fixedRequest = requestPath
    let after = await check(JobRequest.load(file: requestPath))
    report.after = after
    report.changes = measured(report.changes, outputs: outputs, after: after)
    report.ok = after.ok
    return report
  }

  /// The changes with each "after" fact read from the written file's probe.
  private func measured(_ changes: [FixChange], outputs: [String: String], after: Report)
    -> [FixChange]
  {
    changes.map { change in
      guard let output = outputs[change.pointer] else { return change }
      var measured = change
      measured.output = output
      if let info = after.media.first(where: { $0.pointer == change.pointer })?.probe {
        measured.after = FixFacts.fact(change.rule, info)
      }
      return measured
    }
  }

  /// The duration change as a row of the table, with what it does to the list price.
  private func durationChange(_ change: DurationChange, plan: Plan?) -> FixChange {
    var action = "duration set to the audio's length"
    if let price = plan?.price, let old = plan?.billedSeconds, old > 0 {
      let perSecond = price.amount / Double(old)
      action +=
        "; list price \(Units.money(price.amount)) → "
        + "\(Units.money(perSecond * Double(change.to))) \(price.currency)"
    }
    return FixChange(
      pointer: "/parameters/duration", media: nil, rule: .audioVsDuration, action: action,
      before: "\(change.from) s", after: "\(change.to) s", output: nil)
  }

  /// Why the fix cannot write `requestPath` in `folder`, if it cannot: the folder is a file,
  /// cannot be made, or `request.json` there is the request being fixed.
  private func refusal(of requestPath: String, request: JobRequest, folder: String)
    -> FixFailure?
  {
    if let file = request.file, LocalPath.resolved(file) == LocalPath.resolved(requestPath) {
      return FixFailure(
        pointer: "", code: "destination_is_source",
        message: "\(requestPath) is the request being fixed: choose another --out folder")
    }
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
      guard isFolder.boolValue else {
        return FixFailure(
          pointer: "", code: "write_failed", message: "\(folder) is a file, not a folder")
      }
      return nil
    }
    do {
      try FileManager.default.createDirectory(
        atPath: folder, withIntermediateDirectories: true)
    } catch {
      return FixFailure(
        pointer: "", code: "write_failed",
        message: "\(folder): cannot create the folder: \(error.localizedDescription)")
    }
    return nil
  }
}
