import Foundation
import MediaProbe

/// Checks wan2.7-i2v requests before anyone pays for them.
///
/// ```swift
/// let report = await Preflight().check(JobRequest.load(file: "requests/cat.json"))
/// if !report.ok { for d in report.diagnostics { print(d.message) } }
/// ```
///
/// Probing of distinct local files runs concurrently; a file referenced twice is probed once.
/// Nothing leaves the machine: remote URLs are checked for form only.
public struct Preflight: Sendable {
  /// The model's rules.
  public var spec: ModelSpec
  /// The region the request will be sent to (prices, `oss://` availability).
  public var region: Region
  /// Where probes of local media come from; share one between checks to probe each file once.
  public var cache: ProbeCache
  /// When set, local media must lie inside one of these folders; others are reported with
  /// `media_outside` and never read (a request in a pull request cannot make lint read
  /// `../../etc/passwd`).
  public var allowedRoots: [String]?
  /// Remote URL prefixes whose files have local copies (prefix → folder), so hosted media can be
  /// checked offline against the copy. Scheme and host compare case-insensitively; the query
  /// and fragment are dropped and `..` resolved before the longest prefix is chosen. A copy is
  /// read only inside ``allowedRoots``.
  public var urlMappings: [String: String] = [:]
  /// The configuration whose rule settings every report follows. Set it with
  /// ``init(configuration:region:probeOptions:cache:)`` or ``applying(_:region:)``, which also
  /// take its prices, region and URL mappings.
  public private(set) var configuration = Configuration()

  /// Creates a checker. Pass a `cache` to share probes with other checks (as `lint` does).
  public init(
    spec: ModelSpec = .wan27i2v, region: Region = .beijing,
    probeOptions: ProbeOptions = ProbeOptions(), cache: ProbeCache? = nil
  ) {
    self.spec = spec
    self.region = region
    self.cache = cache ?? ProbeCache(prober: Prober(options: probeOptions))
  }

  /// Creates a checker that follows `configuration` as `check`, `build` and `lint` do: its
  /// prices, its URL mappings, its region unless `region` is given, and its rule settings on
  /// every report.
  public init(
    configuration: Configuration, region: Region? = nil,
    probeOptions: ProbeOptions = ProbeOptions(), cache: ProbeCache? = nil
  ) {
    self = Preflight(probeOptions: probeOptions, cache: cache).applying(
      configuration, region: region)
  }

  /// This checker following `configuration` too (see ``init(configuration:region:probeOptions:cache:)``);
  /// the region stays this checker's when neither `region` nor the configuration names one.
  public func applying(_ configuration: Configuration, region: Region? = nil) -> Preflight {
    var configured = self
    configured.configuration = configuration
    configured.spec = configuration.apply(to: spec)
    configured.region = region ?? configuration.region ?? self.region
    configured.urlMappings.merge(configuration.resolvedURLMappings) { _, configured in configured }
    return configured
  }

  /// Checks `request` and applies the configuration's rule settings to the report; the hint of
  /// each finding `fix` removes starts with the `wan-preflight fix` command.
  public func check(_ request: JobRequest) async -> Report {
    let report = configuration.apply(to: await checkAllRules(request))
    return FixHints.adding(to: report, request: request, spec: spec)
  }

  /// Checks `request`, stage by stage: the request's fields, the references' media probed, every
  /// rule, the predicted output, the report.
  private func checkAllRules(_ request: JobRequest) async -> Report {
    guard case .parsed(let document) = request.content else {
      return Report(
        request: request.file, diagnostics: request.loadDiagnostics, plan: nil, media: [])
    }
    var reader = RequestReader(spec: spec, baseDirectory: request.baseDirectory)
    reader.read(document.root)
    let fields = reader.fields
    let outcomes = await probe(fields.media)
    let probed = ProbedMedia(media: fields.media, outcomes: outcomes)
    let source = probed.info(for: [.firstClip, .firstFrame])
    let diagnostics = reader.diagnostics + rules(fields, probed: probed, source: source)
    let plan = PlanBuilder.plan(
      fields: fields, source: source,
      clipSeconds: probed.info(for: [.firstClip])?.presentedSeconds, spec: spec, region: region)
    return Report(
      request: request.file, diagnostics: locate(diagnostics, in: document, file: request.file),
      plan: plan, media: mediaEntries(fields, outcomes: outcomes)
    )
    .locatingFlags(request.flagOrigins)
  }

  /// Every rule past the reader's: prompts and defaults, each media item, the media together.
  private func rules(_ fields: RequestFields, probed: ProbedMedia, source: MediaInfo?)
    -> [Diagnostic]
  {
    var diagnostics = PromptRules.defaults(fields, spec: spec, region: region)
    diagnostics += PromptRules.check(fields, spec: spec)
    let duration = fields.duration ?? spec.defaultDuration
    let media = MediaRules(spec: spec, region: region, duration: duration)
    for (index, item) in fields.media.enumerated() {
      diagnostics += media.check(item, outcome: probed.outcomes[index])
    }
    return diagnostics + LastFrameAspect.check(probed, source: source)
  }

  /// Adds the request file and each pointer's line and column.
  private func locate(_ diagnostics: [Diagnostic], in document: SourceDocument, file: String?)
    -> [Diagnostic]
  {
    diagnostics.map { diagnostic in
      var located = diagnostic
      located.file = file
      if file != nil, let position = document.position(for: diagnostic.pointer) {
        located.line = position.line
        located.column = position.column
      }
      return located
    }
  }

  private func mediaEntries(_ fields: RequestFields, outcomes: [MediaOutcome?])
    -> [Report.MediaEntry]
  {
    fields.media.enumerated().map { index, item in
      var entry = Report.MediaEntry(
        pointer: item.pointer, type: item.role, source: item.reference?.source)
      switch item.reference {
      case .local(let path): entry.path = path
      case .remote(let url), .oss(let url): entry.url = url
      default: break
      }
      switch outcomes[index] {
      case .probed(let info)?: entry.probe = info
      case .failed(let error)?: entry.error = error
      default: break
      }
      return entry
    }
  }
}

extension Report {
  /// The report with each diagnostic about a flag-given value located at that flag (the
  /// origin with the longest pointer that is the diagnostic's or an ancestor of it).
  func locatingFlags(_ origins: [FlagOrigin]) -> Report {
    guard !origins.isEmpty else { return self }
    var report = self
    report.diagnostics = diagnostics.map { diagnostic in
      let origin = origins.filter {
        diagnostic.pointer == $0.pointer || diagnostic.pointer.hasPrefix($0.pointer + "/")
      }.max { $0.pointer.count < $1.pointer.count }
      guard let origin else { return diagnostic }
      var located = diagnostic
      located.flag = origin.flag
      located.flagValue = origin.value
      located.file = nil
      located.line = nil
      located.column = nil
      return located
    }
    return report
  }
}
