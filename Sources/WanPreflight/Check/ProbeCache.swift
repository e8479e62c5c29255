import MediaProbe

/// Probes each file once, however many requests name it and however many checks run at once.
///
/// Share one cache between the checks of many requests (as `lint` does): a media file referenced
/// by several requests is probed once, and ``probeCount`` says how many probes really ran.
///
/// A cache made with `keepingPictures()` also keeps the decoded first frame of each still
/// image it probes, for `fix` and `preview`, which then scale and draw the very pixels the check
/// judged instead of decoding each picture again.
public actor ProbeCache {
  private let prober: Prober
  private let keepsPictures: Bool
  private var entries: [String: Task<Result<ProbeAnswer, ProbeError>, Never>] = [:]

  /// How many files have been probed (not answered from the cache).
  public private(set) var probeCount = 0

  /// The limits every probe of this cache runs with (what a fix decodes its inputs with too).
  public nonisolated var probeOptions: ProbeOptions { prober.options }

  /// Creates an empty cache probing with `prober`.
  public init(prober: Prober = Prober()) {
    self.init(prober: prober, keepsPictures: false)
  }

  private init(prober: Prober, keepsPictures: Bool) {
    self.prober = prober
    self.keepsPictures = keepsPictures
  }

  /// An empty cache with this one's prober that keeps each still image's decoded first frame
  /// (``picture(for:)``): for one request that is fixed or drawn after its check, not for a
  /// whole repository, since it holds every picture's pixels until it is released.
  package nonisolated func keepingPictures() -> ProbeCache {
    ProbeCache(prober: prober, keepsPictures: true)
  }

  /// The probe of `path`: the cached one, the one under way, or a new one.
  public func result(for path: String) async -> Result<MediaInfo, ProbeError> {
    await answer(for: path).map(\.info)
  }

  /// The decoded first frame of the still image at `path`, when this cache keeps pictures and
  /// its probe of `path` succeeded; `nil` otherwise.
  package func picture(for path: String) async -> FirstImageFrame? {
    guard keepsPictures, let entry = entries[path] else { return nil }
    return try? await entry.value.get().picture
  }

  /// The probe's answer for `path`: the cached one, the one under way, or a new one.
  private func answer(for path: String) async -> Result<ProbeAnswer, ProbeError> {
    if let entry = entries[path] { return await entry.value }
    let prober = self.prober
    let keepsPictures = self.keepsPictures
    // The probe itself runs on MediaProbe's own executor; the task only awaits it.
    let entry = Task { () async -> Result<ProbeAnswer, ProbeError> in
      do throws(ProbeError) {
        return .success(try await prober.answer(forFile: path, keepingPicture: keepsPictures))
      } catch {
        return .failure(error)
      }
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
