import Foundation
import Testing

@testable import WanPreflight

/// A picture in a format the API does not take is named from what the probe sniffed, whether it
/// came as a file or as a `data:` URI's bytes.
@Suite("Unaccepted pictures")
struct UnacceptedPictureTests {
  typealias S = CheckSupport
  /// A small drawing (computed each time: LeakSanitizer reports a `static let` Data global).
  static var svg: Data {
    Data(
      (#"<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240">"#
        + #"<circle cx="160" cy="120" r="80" fill="red"/></svg>"#).utf8)
  }

  @Test("an SVG in a data: URI is image_format, with a hint that names no command")
  func svgDataURI() async {
    let uri = "data:image/png;base64," + Self.svg.base64EncodedString()
    let report = await S.check(S.body(media: [("first_frame", uri)]))
    let found = report.diagnostics.filter { $0.rule == .imageFormat }
    #expect(found.count == 1)
    #expect(found.first?.pointer == "/input/media/0")
    #expect(found.first?.severity == .error)
    #expect(found.first?.message.contains("is SVG, which the API does not accept") == true)
    #expect(found.first?.hint == "not accepted; render the drawing to PNG and send that")
    #expect(found.first?.serverError == "image format error")
    #expect(!report.diagnostics.contains { $0.rule == .mediaUnreadable })
  }

  @Test("an SVG file is image_format, with the rsvg-convert command for that file")
  func svgFile() async throws {
    try await S.withTemporaryFolder { folder in
      let path = folder.appendingPathComponent("drawing.svg").path
      try Self.svg.write(to: URL(fileURLWithPath: path))
      let report = await S.check(S.body(media: [("first_frame", path)]))
      let found = report.diagnostics.filter { $0.rule == .imageFormat }
      #expect(found.count == 1)
      let hint = found.first?.hint ?? ""
      #expect(hint.hasPrefix("not accepted; render it with e.g. `rsvg-convert"))
      #expect(hint.contains(path))
    }
  }
}
