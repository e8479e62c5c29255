import MediaProbe

/// Probes each file once, however many requests name it and however many checks run at once.
///
/// Share one cache between the checks of many requests (as `lint` does): a media file referenced
/// by several requests is probed once, and ``probeCount`` says how many probes really ran.
public actor ProbeCache {
  private let prober: Prober
  private var entries: [String: Task<Result<MediaInfo, ProbeError>, Never>] = [:]

  /// How many files have been probed (not answered from the cache).
  public private(set) var probeCount = 0

  /// The limits every probe of this cache runs with (what a fix decodes its inputs with too).
  public nonisolated var probeOptions: ProbeOptions { prober.options }

  /// Creates an empty cache probing with `prober`.
  public init(prober: Prober = Prober()) {
    self.prober = prober
  }

  /// The probe of `path`: the cached one, the one under way, or a new one.
  public func result(for path: String) async -> Result<MediaInfo, ProbeError> {
    if let entry = entries[path] { return await entry.value }
    let prober = self.prober
    // The probe itself runs on MediaProbe's own executor; the task only awaits it.
    let entry = Task {
      await Self.result(of: { () async throws(ProbeError) in try await prober.probe(path) })
    }
    entries[path] = entry
    probeCount += 1
    return await entry.value
  }

  /// The probe of bytes in memory (a `data:` URI's), called `name` in the result. Never cached:
  /// bytes have no path to share them by.
  public func result(forBytes bytes: [UInt8], name: String) async -> Result<MediaInfo, ProbeError> {
    let prober = self.prober
    probeCount += 1
    return await Self.result(of: { () async throws(ProbeError) in
      try await prober.probe(bytes: bytes, name: name)
    })
  }

  /// What `probe` returns or throws, as a value.
  private static func result(
    of probe: () async throws(ProbeError) -> MediaInfo
  ) async -> Result<MediaInfo, ProbeError> {
    do {
      return .success(try await probe())
    } catch {
      return .failure(error)
    }
  }
}
