import Foundation
import MediaProbe
import Testing

@testable import MediaTransform

@Suite("refusals: hostile and unsupported inputs, the source as destination")
struct RefusalTests {
  typealias Support = TransformSupport

  /// Every hostile fixture and the code the probe must refuse it with.
  static let hostile: [(String, String)] = {
    let table =
      (try? String(contentsOfFile: Support.fixture("hostile/expected.tsv"), encoding: .utf8)) ?? ""
    return table.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line in
      let fields = line.split(separator: "\t").map(String.init)
      return fields.count >= 2 ? (fields[0], fields[1]) : nil
    }
  }()

  /// Transforms `source` into a new folder, expecting the probe's error `code` and nothing
  /// written there, and the source unchanged.
  static func expectRefused(_ source: String, code: String) throws {
    let before = try? Data(contentsOf: URL(fileURLWithPath: source))
    try Support.withFolder { folder in
      let out = folder.appendingPathComponent("out.jpg").path
      do throws(TransformError) {
        _ = try ImageTransformer().transform(
          source, ImageTransform(output: .jpeg(maxBytes: nil)), to: out)
        Issue.record("\(source) was transformed")
      } catch {
        guard case .input(let probeError) = error else {
          Issue.record("\(source): \(error)")
          return
        }
        #expect(probeError.code == code, "\(source)")
        #expect(error.code == code)
      }
      #expect(Support.names(in: folder).isEmpty, "\(source)")
    }
    #expect((try? Data(contentsOf: URL(fileURLWithPath: source))) == before)
  }

  @Test("every hostile fixture is refused with the probe's code and nothing is written")
  func hostileFixtures() throws {
    #expect(Self.hostile.count > 20)
    for (name, code) in Self.hostile {
      try Self.expectRefused(Support.fixture("hostile/files/\(name)"), code: code)
    }
  }

  @Test(
    "broken and non-picture inputs are refused with the probe's code",
    arguments: [
      "broken/text_named.png", "broken/truncated.jpg", "broken/truncated.png",
      "broken/empty.png", "broken/hls_playlist.mp4",
    ])
  func broken(name: String) throws {
    let path = Support.fixture("media/\(name)")
    let code: String
    do throws(ProbeError) {
      _ = try Prober().probe(path)
      code = "not_a_picture"
    } catch {
      code = error.code
    }
    try Self.expectRefused(path, code: code)
  }

  @Test("HEIC and SVG are refused with the code the probe gives them, nothing written")
  func heicAndSvg() throws {
    // An ISO-BMFF file with a `heic` brand, and a small SVG drawing.
    var heic: [UInt8] = [0, 0, 0, 24] + Array("ftypheic".utf8) + [0, 0, 0, 0]
    heic += Array("mif1heic".utf8) + [0, 0, 0, 8] + Array("mdat".utf8)
    let svg = Array(
      (#"<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240">"#
        + #"<circle cx="160" cy="120" r="80" fill="red"/></svg>"#).utf8)
    try Support.withFolder { inputs in
      for (name, bytes, sniffed) in [("photo.heic", heic, "heif"), ("drawing.svg", svg, "svg")] {
        let path = inputs.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let probeError = try #require(throws: ProbeError.self) { try Prober().probe(path) }
        #expect(probeError.sniffedFormat?.name == sniffed)
        try Self.expectRefused(path, code: probeError.code)
      }
    }
  }

  @Test("a directory and a missing file are refused like the probe refuses them")
  func notFiles() throws {
    try Support.withFolder { folder in
      try Self.expectRefused(folder.path, code: "not_a_file")
    }
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("never-\(UUID()).png")
    #expect(throws: TransformError.self) {
      try ImageTransformer().transform(
        "/nonexistent/picture.png", ImageTransform(output: .png), to: out.path)
    }
    #expect(!FileManager.default.fileExists(atPath: out.path))
  }

  @Test("the source as destination is refused: same path, through a symlink, a hard link, ./")
  func destinationIsSource() throws {
    try Support.withFolder { folder in
      let source = folder.appendingPathComponent("photo.png").path
      try FileManager.default.copyItem(
        atPath: Support.fixture("media/image/png_640x480.png"), toPath: source)
      let link = folder.appendingPathComponent("link.png").path
      try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: source)
      let hard = folder.appendingPathComponent("hard.png").path
      try FileManager.default.linkItem(atPath: source, toPath: hard)
      let before = try Data(contentsOf: URL(fileURLWithPath: source))
      let dotted = folder.path + "/./photo.png"
      for destination in [source, link, hard, dotted] {
        #expect(throws: TransformError.destinationIsSource(destination)) {
          try ImageTransformer().transform(source, ImageTransform(output: .png), to: destination)
        }
        #expect(throws: TransformError.destinationIsSource(source)) {
          try ImageTransformer().transform(destination, ImageTransform(output: .png), to: source)
        }
      }
      #expect(try Data(contentsOf: URL(fileURLWithPath: source)) == before)
      #expect(Support.names(in: folder) == ["hard.png", "link.png", "photo.png"])
    }
  }

  @Test("an output folder inside the input's folder is fine; an existing output is replaced")
  func besideTheInput() throws {
    try Support.withFolder { folder in
      let source = folder.appendingPathComponent("photo.jpg").path
      try FileManager.default.copyItem(
        atPath: Support.fixture("media/image/jpeg_640x480.jpg"), toPath: source)
      let out = folder.appendingPathComponent("fixed")
      try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
      let target = out.appendingPathComponent("photo.png").path
      try Data("old".utf8).write(to: URL(fileURLWithPath: target))
      let (result, _) = try Support.checked(source, ImageTransform(output: .png), to: target)
      #expect(result.width == 640)
      #expect(Support.names(in: out) == ["photo.png"])
    }
  }

  @Test("impossible transforms are refused before anything is read")
  func invalidTransforms() throws {
    let source = Support.fixture("media/image/png_640x480.png")
    let transforms = [
      ImageTransform(output: .png).scale(maxSide: 0),
      ImageTransform(output: .png).scale(toWidth: 10, height: -1),
      ImageTransform(output: .png).fitAspect(width: 0, height: 1, .crop),
      ImageTransform(output: .jpeg(maxBytes: 0)),
    ]
    try Support.withFolder { folder in
      for transform in transforms {
        let out = folder.appendingPathComponent("out.png").path
        #expect(throws: TransformError.self) {
          try ImageTransformer().transform(source, transform, to: out)
        }
      }
      #expect(Support.names(in: folder).isEmpty)
    }
  }

  @Test("a destination in a missing folder is a write failure, leaving nothing")
  func missingFolder() throws {
    let out = "/nonexistent-\(UUID())/out.png"
    do throws(TransformError) {
      _ = try ImageTransformer().transform(
        Support.fixture("media/image/png_640x480.png"), ImageTransform(output: .png), to: out)
      Issue.record("wrote into a missing folder")
    } catch {
      #expect(error.code == "write_failed")
    }
  }
}
