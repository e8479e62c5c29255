import Foundation
import MediaProbe
import Testing

@testable import MediaTransform

@Suite("every picture fixture transforms")
struct FixtureTableTests {
  typealias Support = TransformSupport

  /// The picture fixtures (`fixtures/media/image/`).
  static let names: [String] =
    ((try? FileManager.default.contentsOfDirectory(
      atPath: Support.fixture("media/image"))) ?? []).sorted()

  @Test("to PNG and to a JPEG under 200 kB, scaled to a 1024 px side: upright, opaque, probed")
  func everyFixture() throws {
    #expect(Self.names.count >= 15)
    let transforms = [
      ("png", ImageTransform(output: .png).scale(maxSide: 1024)),
      ("jpg", ImageTransform(output: .jpeg(maxBytes: 200_000)).scale(maxSide: 1024)),
    ]
    try Support.withFolder { folder in
      for name in Self.names {
        let source = Support.fixture("media/image/\(name)")
        let facts = try Prober().probe(source)
        let swaps = facts.image?.orientation?.swapsAxes == true
        let width = try #require(facts.video?.width)
        let height = try #require(facts.video?.height)
        let shown = swaps ? (height, width) : (width, height)
        let expected = Geometry.scaled(width: shown.0, height: shown.1, .maxSide(1024))
        for (suffix, transform) in transforms {
          let out = folder.appendingPathComponent("\(name).\(suffix)").path
          let (result, _) = try Support.checked(source, transform, to: out)
          #expect(result.width == expected.width && result.height == expected.height, "\(name)")
          #expect(result.byteCount <= 200_000 || suffix == "png", "\(name)")
        }
      }
    }
  }
}
