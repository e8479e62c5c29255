import Foundation
import MediaProbe

@testable import WanPreflight

/// Builds requests over the fixtures and checks them.
enum CheckSupport {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  /// `fixtures/media`; request media paths in tests are relative to it.
  static let media = root.appendingPathComponent("fixtures/media").path

  /// A request body with the given media (`type: path` pairs), parameters and input extras.
  static func body(
    media: [(String, String)] = [("first_frame", "image/png_640x480.png")],
    parameters: String = #""resolution": "720P", "duration": 5"#, input: String = "",
    model: String = "wan2.7-i2v"
  ) -> String {
    let items = media.map { #"{"type": "\#($0.0)", "url": "\#($0.1)"}"# }.joined(separator: ", ")
    let extra = input.isEmpty ? "" : input + ", "
    return
      #"{"model": "\#(model)", "input": {\#(extra)"media": [\#(items)]}, "parameters": {\#(parameters)}}"#
  }

  /// Checks a JSON body as if it were `request.json` in `fixtures/media`.
  static func check(
    _ json: String, spec: ModelSpec = .wan27i2v, region: Region = .beijing, roots: [String]? = nil
  ) async -> Report {
    let request: JobRequest
    do {
      let document = try JSONSourceParser.parse(Array(json.utf8))
      request = JobRequest(document: document, file: "request.json", baseDirectory: media)
    } catch {
      request = JobRequest(content: .unparsable(error), file: "request.json", baseDirectory: media)
    }
    var preflight = Preflight(spec: spec, region: region)
    preflight.allowedRoots = roots
    return await preflight.check(request)
  }

  /// A `data:` URI of a fixture's bytes with the given MIME type.
  static func dataURI(_ relative: String, mime: String) -> String {
    let data = FileManager.default.contents(atPath: media + "/" + relative) ?? Data()
    return "data:\(mime);base64," + data.base64EncodedString()
  }

  /// Runs `body` with a new empty folder that is removed afterwards.
  static func withTemporaryFolder<T>(_ body: (URL) async throws -> T) async throws -> T {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("wan-preflight-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try await body(folder)
  }

  /// The size in bytes of a fixture.
  static func fileSize(_ relative: String) -> Int {
    FileManager.default.contents(atPath: media + "/" + relative)?.count ?? -1
  }

  /// The spec with a change, for limits no small fixture can reach (20 MB images, …).
  static func spec(_ change: (inout ModelSpec) -> Void) -> ModelSpec {
    var spec = ModelSpec.wan27i2v
    change(&spec)
    return spec
  }
}
