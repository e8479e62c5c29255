import Foundation

/// The request body a fix writes as `DIR/request.json`: the original body with each fixed
/// item's `url` pointing at its new file, each other local item's at the original by a path
/// relative to the folder, and the duration the audio set.
struct FixedRequest {
  /// The body to write.
  let body: BodyValue

  /// The body of `request` with `outputs` (pointer → file name in `folder`) and `duration`
  /// applied; local media not rewritten keep pointing at their files, relatively.
  init(
    _ request: JobRequest, report: Report, outputs: [String: String], duration: Int?,
    folder: String
  ) {
    var body = request.document.flatMap { BodyValue($0.root) } ?? .object([])
    let base = LocalPath.absolute(folder)
    for entry in report.media {
      let url: String
      if let output = outputs[entry.pointer] {
        url = output
      } else if entry.source == .local, let path = entry.path {
        url = LocalPath.path(to: LocalPath.absolute(path), from: base)
      } else {
        continue
      }
      body = body.setting(.string(url), at: JSONPointer.tokens(entry.pointer + "/url"))
    }
    if let duration {
      body = body.setting(.number(String(duration)), at: ["parameters", "duration"])
    }
    self.body = body
  }

  /// The body as the pretty JSON `build` writes.
  func bytes() throws -> [UInt8] {
    var sink = MemorySink()
    try BodyWriter.write(body, to: &sink)
    return sink.bytes
  }
}

extension BodyValue {
  /// The value with `value` at `tokens` (object keys and array indices), adding missing object
  /// members on the way; an index past an array's end, or a step into a scalar, changes nothing.
  func setting(_ value: BodyValue, at tokens: some Collection<String>) -> BodyValue {
    guard let token = tokens.first else { return value }
    let rest = tokens.dropFirst()
    switch self {
    case .object(var members):
      if let index = members.firstIndex(where: { $0.key == token }) {
        members[index].value = members[index].value.setting(value, at: rest)
      } else {
        members.append((token, BodyValue.object([]).setting(value, at: rest)))
      }
      return .object(members)
    case .array(var items):
      guard let index = JSONPointer.arrayIndex(token), index < items.count else { return self }
      items[index] = items[index].setting(value, at: rest)
      return .array(items)
    default:
      return self
    }
  }
}
