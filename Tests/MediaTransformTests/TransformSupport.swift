import Foundation
import MediaProbe
import Testing

@testable import MediaTransform

/// Paths, scratch folders and checked runs for the transform tests.
enum TransformSupport {
  /// The repository root, found from this file's path.
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The path of a fixture under `fixtures/`, e.g. `fixture("media/image/png_640x480.png")`.
  static func fixture(_ relative: String) -> String {
    root.appendingPathComponent("fixtures").appendingPathComponent(relative).path
  }

  /// Runs `body` with a new empty folder, removed afterwards.
  static func withFolder<T>(_ body: (URL) throws -> T) throws -> T {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("transform-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try body(folder)
  }

  /// The names in `folder`, sorted.
  static func names(in folder: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
  }

  /// Transforms `source` into `destination`, checking that the source's bytes did not change,
  /// that the result's byte count is the file's, and that the output probes as a picture
  /// without orientation or alpha of the result's size; returns the result and the probe.
  static func checked(
    _ source: String, _ transform: ImageTransform, to destination: String
  ) throws -> (result: TransformResult, info: MediaInfo) {
    let before = try Data(contentsOf: URL(fileURLWithPath: source))
    let result = try ImageTransformer().transform(source, transform, to: destination)
    #expect(try Data(contentsOf: URL(fileURLWithPath: source)) == before)
    let written = try Data(contentsOf: URL(fileURLWithPath: destination))
    #expect(written.count == result.byteCount)
    let info = try Prober().probe(destination)
    #expect(info.kind == .image)
    #expect(info.image?.orientation == nil)
    #expect(info.video?.displayWidth == result.width)
    #expect(info.video?.displayHeight == result.height)
    #expect(info.video?.pixelFormat == result.pixelFormat)
    #expect(info.image?.hasTransparentPixels != true)
    return (result, info)
  }

  /// The decoded first frame of `path` as stored (no orientation applied), RGB or RGBA.
  static func pixels(_ path: String) throws -> Bitmap {
    let image = try FirstImageFrame(path: path, options: ProbeOptions())
    return try image.withFrame { (frame) throws(TransformError) in
      try PixelConversion.bitmap(from: frame)
    }
  }

  /// Whether two pixels' channels differ by at most `tolerance` each (RGB only).
  static func close(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>, tolerance: Int = 0) -> Bool {
    zip(a.prefix(3), b.prefix(3)).allSatisfy { abs(Int($0) - Int($1)) <= tolerance }
  }

  /// The mean absolute difference of two same-sized bitmaps' RGB values (255 for other sizes).
  static func meanDifference(_ a: Bitmap, _ b: Bitmap) -> Double {
    guard a.width == b.width, a.height == b.height, a.channels == b.channels else { return 255 }
    let total = zip(a.bytes, b.bytes).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }
    return Double(total) / Double(max(a.bytes.count, 1))
  }
}
