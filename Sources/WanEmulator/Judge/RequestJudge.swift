import Foundation
import MediaProbe
import WanPreflight

/// What judging a creation request decided.
enum Verdict: Sendable {
  /// Refused at creation: HTTP 400 with the service's top-level code and message.
  case rejected(ServiceError)
  /// Accepted: a task that will succeed with `job` or fail with `failure`.
  case accepted(Acceptance)
}

/// An accepted request: what its task will become.
struct Acceptance: Sendable {
  var model: String
  var prompt: String?
  var job: RenderJob?
  var usage: TaskUsage?
  var failure: ServiceError?
  var finding: RuleFinding?
  /// Files written for the task (decoded `data:` URIs).
  var scratchFiles: [String] = []
}

/// Judges a task creation body with the same reader and rules as `check`.
///
/// The split (inferred: the service documents neither side): findings about the request's
/// shape and values (the `request` family) refuse the request with HTTP 400; findings about the
/// media (the `reference` and `content` families) let it be created and make the task fail, as
/// the service fails what it finds only when it downloads the media. A legacy body
/// (`input.img_url`) is accepted and fails with "Field required: input.media", as reported of
/// the service.
struct RequestJudge: Sendable {
  let configuration: EmulatorConfiguration
  let folders: EmulatorFolders
  let store: any TaskStore
  let prober: Prober

  /// The verdict on `body`; `ossResolve` says whether `X-DashScope-OssResourceResolve: enable`
  /// came with it.
  func judge(_ body: [UInt8], ossResolve: Bool, forced: ForcedFailure?) async -> Verdict {
    let document: SourceDocument
    do {
      document = try JSONSourceParser.parse(
        body, limits: ParseLimits(maxBytes: max(configuration.maxBodyBytes, 1)))
    } catch {
      return .rejected(ServiceErrors.bodyInvalid)
    }
    var media = MediaRewrite()
    let root = await rewrite(document.root, path: [], media: &media)
    if let refusal = media.refusal(ossResolve: ossResolve) { return .rejected(refusal) }
    let report = await preflight().check(JobRequest(body: root, baseDirectory: folders.uploads))
    let errors = report.diagnostics.filter { $0.severity == .error }
    let model = root["model"]?.stringValue ?? ""
    let prompt = root["input"]?["prompt"]?.stringValue
    var acceptance = Acceptance(model: model, prompt: prompt)
    if errors.contains(where: { $0.rule == .legacyFields }) {
      acceptance.failure = ServiceErrors.error(for: .mediaMissing, serverError: nil, detail: nil)
      acceptance.finding = errors.first { $0.rule == .legacyFields }.map(Self.finding)
      return .accepted(acceptance)
    }
    if let shape = errors.first(where: { $0.rule.family == .request }) {
      return .rejected(
        ServiceErrors.error(for: shape.rule, serverError: shape.serverError, detail: shape.message))
    }
    if let download = media.downloadFailure {
      acceptance.failure = download
      return .accepted(acceptance)
    }
    if let unmapped = report.media.first(where: {
      $0.source == .url && $0.probe == nil && $0.error == nil
    }) {
      acceptance.failure = ServiceErrors.download
      acceptance.finding = RuleFinding(
        rule: RuleID.urlUnverified.rawValue,
        detail: "\(unmapped.url ?? "the URL") is not mapped to a local folder (--map); "
          + "the dry run never downloads")
      return .accepted(acceptance)
    }
    if let media = errors.first {
      acceptance.failure = ServiceErrors.error(
        for: media.rule, serverError: media.serverError, detail: media.message)
      acceptance.finding = Self.finding(media)
      return .accepted(acceptance)
    }
    if let forcedError = forced?.taskError {
      acceptance.failure = forcedError
      acceptance.finding = forced.flatMap {
        guard case .rule(let rule) = $0 else { return nil }
        return RuleFinding(
          rule: rule.rawValue, detail: "forced by \(ForcedFailure.header) or --fail")
      }
      return .accepted(acceptance)
    }
    guard let plan = report.plan, let width = plan.output.width, let height = plan.output.height
    else {
      acceptance.failure = ServiceErrors.urlError
      return .accepted(acceptance)
    }
    do {
      let files = try writeMedia(report, root: root)
      acceptance.scratchFiles = files.scratch
      var job = RenderJob(
        width: width, height: height, seconds: plan.output.seconds,
        watermark: root["parameters"]?["watermark"]?.boolValue ?? false,
        resolution: plan.resolution)
      job.firstFrame = files.byRole[.firstFrame]
      job.lastFrame = files.byRole[.lastFrame]
      job.clip = files.byRole[.firstClip]
      job.audio = files.byRole[.drivingAudio]
      acceptance.job = job
    } catch {
      acceptance.failure = ServiceErrors.internalError
      return .accepted(acceptance)
    }
    let clipSeconds = plan.continuationSeconds.map { Double(plan.output.seconds) - $0 } ?? 0
    acceptance.usage = TaskUsage(
      duration: plan.billedSeconds, inputVideoDuration: Self.wholeSeconds(clipSeconds),
      outputVideoDuration: plan.output.seconds,
      resolution: plan.resolution.uppercased() == "1080P" ? 1080 : 720)
    return .accepted(acceptance)
  }

  /// A checker following the configuration, with a probe cache of its own (an upload replaced
  /// under the same name is probed again, and memory does not grow with requests).
  private func preflight() -> Preflight {
    var configuration = self.configuration.configuration
    configuration.urlMappings.merge(self.configuration.urlMappings) { _, flag in flag }
    var preflight = Preflight(configuration: configuration, cache: ProbeCache(prober: prober))
    preflight.allowedRoots = [folders.uploads] + Array(preflight.urlMappings.values)
    return preflight
  }

  private static func finding(_ diagnostic: Diagnostic) -> RuleFinding {
    RuleFinding(rule: diagnostic.rule.rawValue, detail: diagnostic.message)
  }

  /// The file extension of a picture's MIME type (the renderer's decoder sniffs the content).
  private static func fileExtension(mimeType: String?) -> String {
    switch mimeType {
    case "image/png": "png"
    case "image/jpeg": "jpg"
    case "image/bmp": "bmp"
    case "image/webp": "webp"
    default: "bin"
    }
  }

  /// Whole seconds of a clip, never trapping on an absurd value.
  private static func wholeSeconds(_ seconds: Double) -> Int {
    guard seconds.isFinite, seconds > 0 else { return 0 }
    return seconds >= 1_000_000 ? 1_000_000 : Int(seconds.rounded())
  }

  /// The local file of each role: probed paths as they are, `data:` URIs written to the scratch
  /// folder.
  private func writeMedia(_ report: Report, root: SourceNode) throws -> (
    byRole: [MediaRole: String], scratch: [String]
  ) {
    var byRole: [MediaRole: String] = [:]
    var scratch: [String] = []
    let items = root["input"]?["media"]?.elements ?? []
    for entry in report.media {
      guard let role = entry.type else { continue }
      if entry.source == .data {
        guard let index = Int(entry.pointer.split(separator: "/").last ?? ""),
          items.indices.contains(index), let url = items[index]["url"]?.stringValue,
          case .data(_, let bytes?) = MediaReference.classify(url, baseDirectory: "/")
        else { continue }
        let extensionName = Self.fileExtension(mimeType: entry.probe?.mimeType)
        let path = folders.scratch + "/" + UUID().uuidString.lowercased() + "." + extensionName
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        scratch.append(path)
        byRole[role] = path
      } else if let path = entry.probe?.path ?? entry.path {
        byRole[role] = path
      }
    }
    return (byRole, scratch)
  }

  /// `node` with each `input.media[].url` that names an upload (`oss://key`) replaced by the
  /// upload's file; what else the URLs hold is noted in `media`.
  private func rewrite(_ node: SourceNode, path: [String], media: inout MediaRewrite) async
    -> SourceNode
  {
    switch node.value {
    case .object(let members):
      var rewritten: [SourceMember] = []
      for member in members {
        var value = member.value
        if path == ["input", "media", "*"], member.key == "url", let url = member.value.stringValue
        {
          value = SourceNode(.string(await media.note(url, store: store, folders: folders)))
        } else if path.count < 3 {
          value = await rewrite(member.value, path: path + [member.key], media: &media)
        }
        rewritten.append(
          SourceMember(key: member.key, keyPosition: member.keyPosition, value: value))
      }
      return SourceNode(.object(rewritten), at: node.position)
    case .array(let items) where path == ["input", "media"]:
      var rewritten: [SourceNode] = []
      for item in items { rewritten.append(await rewrite(item, path: path + ["*"], media: &media)) }
      return SourceNode(.array(rewritten), at: node.position)
    default:
      return node
    }
  }
}

/// What the media URLs of a request hold, noted while `oss://` keys are replaced by files.
struct MediaRewrite {
  private(set) var usesOSS = false
  private(set) var localPath = false
  private(set) var downloadFailure: ServiceError?

  /// The URL to check in place of `url`: an upload's file for a known `oss://` key.
  mutating func note(_ url: String, store: any TaskStore, folders: EmulatorFolders) async -> String
  {
    switch MediaReference.classify(url, baseDirectory: "/") {
    case .oss:
      usesOSS = true
      let key = String(url.dropFirst("oss://".count))
      if let upload = try? await store.upload(key: key),
        let file = folders.uploadFile(upload.file)
      {
        return file
      }
      downloadFailure = downloadFailure ?? ServiceErrors.download
      return url
    case .local:
      localPath = true
      return url
    default:
      return url
    }
  }

  /// The 400 the request gets for its URLs: `oss://` without the resolve header, or a path of
  /// the client's own disk, which the service cannot read.
  func refusal(ossResolve: Bool) -> ServiceError? {
    if usesOSS && !ossResolve { return ServiceErrors.ossNotResolved }
    if localPath { return ServiceErrors.urlError }
    return nil
  }
}
