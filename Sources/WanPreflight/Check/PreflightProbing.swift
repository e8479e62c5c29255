import MediaProbe

/// The probe stage of a check: which media are read, and reading them.
extension Preflight {
  /// Probes every local file once and every decoded `data:` URI from memory, concurrently.
  func probe(_ media: [MediaItem]) async -> [MediaOutcome?] {
    var outsideItems: Set<Int> = []
    var pathForItem: [Int: String] = [:]
    var bytesForItem: [Int: [UInt8]] = [:]
    for (index, item) in media.enumerated() {
      switch item.reference {
      case .local(let path):
        guard isAllowed(path) else {
          outsideItems.insert(index)
          continue
        }
        pathForItem[index] = path
      case .remote(let url):
        guard let local = HostedURL.localCopy(of: url, in: urlMappings) else { continue }
        guard isAllowed(local) else {
          outsideItems.insert(index)
          continue
        }
        pathForItem[index] = local
      case .data(_, let bytes?) where item.role == .firstFrame || item.role == .lastFrame:
        // A data: URI is checked like a file, from its bytes: no temporary file is written.
        bytesForItem[index] = bytes
      default:
        continue
      }
    }
    let cache = self.cache
    let (byPath, byItem) = await withTaskGroup(of: ProbeKey.Outcome.self) { group in
      for path in Set(pathForItem.values) {
        group.addTask { (.path(path), await cache.result(for: path)) }
      }
      for (index, bytes) in bytesForItem {
        let name = "data: URI of \(media[index].pointer)"
        group.addTask { (.item(index), await cache.result(forBytes: bytes, name: name)) }
      }
      var byPath: [String: Result<MediaInfo, ProbeError>] = [:]
      var byItem: [Int: Result<MediaInfo, ProbeError>] = [:]
      for await (key, result) in group {
        switch key {
        case .path(let path): byPath[path] = result
        case .item(let index): byItem[index] = result
        }
      }
      return (byPath, byItem)
    }
    return media.indices.map { index -> MediaOutcome? in
      if outsideItems.contains(index) { return .outside }
      let result = byItem[index] ?? pathForItem[index].flatMap { byPath[$0] }
      switch result {
      case .success(let info)?:
        return .probed(info)
      case .failure(let error)?:
        return .failed(error)
      case nil:
        switch media[index].reference {
        case .remote, .oss: return .remote
        default: return nil
        }
      }
    }
  }

  /// Whether a local path lies inside ``allowedRoots`` (always, when there are none), compared
  /// with every symbolic link resolved, so a link inside pointing outside is outside.
  func isAllowed(_ path: String) -> Bool {
    guard let roots = allowedRoots else { return true }
    let target = LocalPath.resolved(path)
    return roots.contains { LocalPath.isInside(target, LocalPath.resolved($0)) }
  }

}

/// What one probe in ``Preflight`` was of: a file (probed once however many items name it) or
/// one item's `data:` URI.
private enum ProbeKey {
  case path(String)
  case item(Int)

  typealias Outcome = (ProbeKey, Result<MediaInfo, ProbeError>)
}
