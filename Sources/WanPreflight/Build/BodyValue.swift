/// A JSON value of the request body, with object keys in the order the API documents them and
/// images that are base64-encoded only while being written (never held whole as a string).
indirect enum BodyValue: Equatable {
  case string(String)
  /// A number, written as its literal.
  case number(String)
  case bool(Bool)
  case object([(key: String, value: BodyValue)])
  case array([BodyValue])
  /// `data:{mime};base64,{the file's bytes}`, read from `path` when written.
  case dataURI(mime: String, path: String)

  static func == (lhs: BodyValue, rhs: BodyValue) -> Bool {
    switch (lhs, rhs) {
    case (.string(let a), .string(let b)), (.number(let a), .number(let b)): a == b
    case (.bool(let a), .bool(let b)): a == b
    case (.array(let a), .array(let b)): a == b
    case (.object(let a), .object(let b)):
      a.map(\.key) == b.map(\.key) && a.map(\.value) == b.map(\.value)
    case (.dataURI(let a, let p), .dataURI(let b, let q)): a == b && p == q
    default: false
    }
  }

  /// A request value as a body value; `nil` for `null`, which the body leaves out (in arrays and
  /// objects too).
  init?(_ node: SourceNode) {
    switch node.value {
    case .null: return nil
    case .bool(let flag): self = .bool(flag)
    case .number(let literal): self = .number(literal)
    case .string(let text): self = .string(text)
    case .array(let items): self = .array(items.compactMap(BodyValue.init))
    case .object(let members):
      self = .object(
        members.compactMap { member in BodyValue(member.value).map { (member.key, $0) } })
    }
  }
}
