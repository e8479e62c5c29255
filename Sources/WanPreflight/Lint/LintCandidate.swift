import Foundation

extension Linter {
  /// What a file is to lint.
  enum Candidate {
    case request(JobRequest)
    case otherModel
    case other
  }

  /// Whether the `.json`/`.yaml`/`.yml` file at `path` is a wan2.7-i2v request, another Wan
  /// model's, or something else.
  static func candidate(_ path: String) -> Candidate {
    let lowered = path.lowercased()
    guard lowered.hasSuffix(".json") || lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml")
    else { return .other }
    let request = JobRequest.load(file: path)
    guard let root = request.document?.root else {
      // Unparsable: a request only if its text says so. Read as the request was (a FIFO is refused, not waited on).
      let head =
        (try? RequestFile.read(path, upTo: 4096).get()).map {
          String(decoding: $0, as: UTF8.self)
        } ?? ""
      return head.contains("\"model\"") && head.contains("wan") ? .request(request) : .other
    }
    let model = root["model"]?.stringValue?.lowercased() ?? ""
    // A misspelt snapshot (`wan2.7-i2v-2026-4-25`) is still meant for this model: model_unknown
    // says so.
    if model.hasPrefix(ModelSpec.wan27i2v.name) { return .request(request) }
    if model.hasPrefix("wan") { return .otherModel }
    let looksLikeRequest = root["input"]?["media"] != nil || root["input"]?["img_url"] != nil
    return looksLikeRequest ? .request(request) : .other
  }
}
