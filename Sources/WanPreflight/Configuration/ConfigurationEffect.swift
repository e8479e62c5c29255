import Foundation

/// What a configuration does to a check: prices, severities, mapped folders, selected files.
extension Configuration {
  /// The folder the configuration's relative paths and globs are relative to.
  public var baseDirectory: String {
    file.map(LocalPath.folder(of:)) ?? "."
  }

  /// `spec` with the configured prices.
  public func apply(to spec: ModelSpec) -> ModelSpec {
    var spec = spec
    for (region, tiers) in prices.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
      for (name, amount) in tiers.sorted(by: { $0.key < $1.key }) {
        guard let tier = ResolutionTier(rawValue: name) else { continue }
        spec.prices.removeAll { $0.region == region && $0.tier == tier }
        spec.prices.append(Price(region: region, tier: tier, perSecond: amount, currency: "CNY"))
      }
    }
    return spec
  }

  /// `report` with rule severities overridden and rules turned off.
  public func apply(to report: Report) -> Report {
    guard !rules.isEmpty else { return report }
    var report = report
    report.diagnostics = report.diagnostics.compactMap { diagnostic in
      guard let setting = rules[diagnostic.rule] else { return diagnostic }
      var changed = diagnostic
      switch setting {
      case .off: return nil
      case .note: changed.severity = .note
      case .warning: changed.severity = .warning
      case .error: changed.severity = .error
      }
      return changed
    }
    return report
  }

  /// The URL mappings with each folder resolved against ``baseDirectory``.
  public var resolvedURLMappings: [String: String] {
    urlMappings.mapValues { LocalPath.resolving($0, against: baseDirectory) }
  }

  /// Whether lint should check `path` (relative to the working directory, or absolute) by the
  /// globs, which are relative to the configuration's folder; a path outside that folder is
  /// matched by its absolute form.
  public func selects(_ path: String) -> Bool {
    let relative = relativeToBase(path)
    // Patterns were validated when the configuration was read; one that is not valid matches
    // nothing.
    let includeGlobs = include.compactMap { try? Glob($0) }
    let excludeGlobs = exclude.compactMap { try? Glob($0) }
    if !includeGlobs.isEmpty && !includeGlobs.contains(where: { $0.covers(relative) }) {
      return false
    }
    return !excludeGlobs.contains { $0.covers(relative) }
  }

  private func relativeToBase(_ path: String) -> String {
    LocalPath.relative(LocalPath.absolute(path), to: LocalPath.absolute(baseDirectory))
  }

  /// The configuration in effect, spelled out: the region (`beijing` unless set) and every
  /// price, built-in or configured. What `dump-config` prints.
  public var effective: Configuration {
    var effective = self
    effective.region = region ?? .beijing
    var prices = self.prices  // a tier the model lacks is kept as configured
    for price in apply(to: .wan27i2v).prices {
      prices[price.region, default: [:]][price.tier.rawValue] = price.perSecond
    }
    effective.prices = prices
    return effective
  }

  /// A mapped folder that lies outside every one of `roots` (symbolic links resolved), if any:
  /// lint refuses such a configuration, since it would read files outside the repository.
  public func mappingOutside(_ roots: [String]) -> (prefix: String, folder: String)? {
    let resolvedRoots = roots.map(LocalPath.resolved)
    for (prefix, folder) in resolvedURLMappings.sorted(by: { $0.key < $1.key }) {
      let target = LocalPath.resolved(folder)
      if !resolvedRoots.contains(where: { LocalPath.isInside(target, $0) }) {
        return (prefix, urlMappings[prefix] ?? folder)
      }
    }
    return nil
  }
}
