import ArgumentParser

/// `--format text|json` of `fix`, `preview` and `rules`: a table for a person, or the command's JSON
/// document.
enum TextOrJSON: String, ExpressibleByArgument, CaseIterable {
  case text, json
}
