import Foundation
import Testing

@testable import MediaProbe

/// Numbers read from a file that our own parsers add, multiply or convert: crafted sizes at the
/// edges of their types end a walk with a verdict, never with a trap. Each test names the guard.
@Suite("Sizes read from a file (overflow)")
struct OverflowTests {
  static let hostile = TestPaths.root.appendingPathComponent("fixtures/hostile/files").path

  /// A box header: a 32-bit size and a type, or size 1, the type and a 64-bit `largesize`.
  static func box(_ type: String, size: UInt32, largesize: UInt64? = nil) -> [UInt8] {
    var bytes = withUnsafeBytes(of: size.bigEndian, Array.init) + Array(type.utf8)
    if let largesize { bytes += withUnsafeBytes(of: largesize.bigEndian, Array.init) }
    return bytes
  }

  /// `ftyp` (16 bytes), `moov` (8 bytes), then `tail`.
  static func isoFile(_ tail: [UInt8]) -> [UInt8] {
    box("ftyp", size: 16) + Array("isom".utf8) + [0, 0, 2, 0] + box("moov", size: 8) + tail
  }

  // MARK: IsoBoxScanner

  @Test("a 64-bit mdat size near Int64.max ends the walk with the box that overruns, no trap")
  func largesizeNearInt64Max() throws {
    // Guard: IsoBoxScanner compares a stated size with the bytes left instead of adding it to
    // the offset (offset 24 + 0x7FFF_FFFF_FFFF_FFF0 overflowed Int64 and trapped).
    let bytes = Self.isoFile(Self.box("mdat", size: 1, largesize: 0x7FFF_FFFF_FFFF_FFF0) + [0])
    let source = MemoryByteSource(bytes)
    #expect(!IsoBoxScanner.containsTopLevelBox("moof", in: source))
    let box = try #require(IsoBoxScanner.boxPastEnd(in: source))
    #expect(box.typeName == "mdat" && box.offset == 24)
    #expect(box.statedSize == 0x7FFF_FFFF_FFFF_FFF0 && box.end == nil)
  }

  @Test("a 64-bit size past Int64.max, and one that lands the offset on Int64.max, never trap")
  func largesizeEdges() throws {
    // Guard: IsoBoxScanner keeps stated sizes as UInt64 and never forms offset + size.
    let past = MemoryByteSource(Self.isoFile(Self.box("mdat", size: 1, largesize: .max)))
    #expect(try #require(IsoBoxScanner.boxPastEnd(in: past)).statedSize == .max)
    // 24 + (Int64.max - 24) is exactly Int64.max; the next header read (+ 8) would overflow.
    let exact = UInt64(Int64.max - 24)
    let landing = MemoryByteSource(Self.isoFile(Self.box("free", size: 1, largesize: exact)))
    #expect(!IsoBoxScanner.containsTopLevelBox("moof", in: landing))
    #expect(try #require(IsoBoxScanner.boxPastEnd(in: landing)).typeName == "free")
  }

  @Test("size 0 runs to the end; sizes under the header, cut headers and junk are no verdict")
  func sizeTokens() {
    // Guard: IsoBoxScanner's walk stops without a verdict where the structure ends or is nonsense.
    let toEnd = Self.isoFile(Self.box("mdat", size: 0) + [1, 2, 3] + Self.box("moof", size: 8))
    #expect(IsoBoxScanner.boxPastEnd(in: MemoryByteSource(toEnd)) == nil)
    #expect(!IsoBoxScanner.containsTopLevelBox("moof", in: MemoryByteSource(toEnd)))
    let underHeader = Self.isoFile(Self.box("mdat", size: 1, largesize: 15))
    #expect(IsoBoxScanner.boxPastEnd(in: MemoryByteSource(underHeader)) == nil)
    let cutLargesize = Self.isoFile(Self.box("mdat", size: 1) + [0xFF, 0xFF])
    #expect(IsoBoxScanner.boxPastEnd(in: MemoryByteSource(cutLargesize)) == nil)
    let junk = Self.isoFile([0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x9A, 0xFE, 0x01])
    #expect(IsoBoxScanner.boxPastEnd(in: MemoryByteSource(junk)) == nil)
    let fragmented = Self.isoFile(Self.box("moof", size: 0xFFFF_FFFF))
    #expect(IsoBoxScanner.containsTopLevelBox("moof", in: MemoryByteSource(fragmented)))
  }

  @Test("every MP4, MOV and M4A fixture (and corpus file) has all its top-level boxes in the file")
  func wellFormedFilesFit() throws {
    // Guard: boxPastEnd refuses no good file.
    var paths = ["video", "audio"].flatMap { folder in
      TestPaths.names(in: "fixtures/media/\(folder)").map { "fixtures/media/\(folder)/\($0)" }
    }
    .filter { [".mp4", ".mov", ".m4a"].contains(where: $0.hasSuffix) }
    .map { TestPaths.root.appendingPathComponent($0).path }
    if TestPaths.corpusIsPresent {
      paths += try corpusFiles(extensions: ["mp4", "mov", "m4a", "3gp"])
    }
    #expect(paths.count >= 6)
    for path in paths {
      let box = IsoBoxScanner.boxPastEnd(in: try FileByteSource(path: path))
      #expect(box == nil, "\(path): \(box.map { "\($0.typeName) at \($0.offset)" } ?? "")")
    }
  }

  @Test("probe of a faststart MP4 whose mdat states a 64-bit size near Int64.max: truncated")
  func probeLargesizeMdat() {
    // Guard: ProbeRun refuses a QuickTime file with a top-level box past its end (exit 132
    // before: IsoBoxScanner trapped), from a path and from memory.
    let path = Self.hostile + "/overflow_mdat_64bit.mp4"
    let message = "the 'mdat' box at byte 4477 states 9223372036854775792 bytes; the file has 39255"
    #expect(throws: ProbeError(path: path, reason: .truncated(message))) {
      try Prober().probe(path)
    }
    let bytes = FileManager.default.contents(atPath: path) ?? Data()
    #expect(throws: ProbeError(path: "upload.mp4", reason: .truncated(message))) {
      try bytes.withUnsafeBytes { try Prober().probe(bytes: $0, name: "upload.mp4") }
    }
  }

  // MARK: ByteSource

  @Test("reading an integer at an index near Int.max gives nil, no trap")
  func integerAtHugeIndex() {
    // Guard: Array.bigEndian/littleEndian/matches compare the index with count - width
    // (index + width overflowed for an index near Int.max).
    let bytes: [UInt8] = [1, 2, 3, 4]
    #expect(bytes.bigEndian(at: .max - 1, width: 4) == nil)
    #expect(bytes.littleEndian(at: .max, width: 2) == nil)
    #expect(!bytes.matches("ab", at: .max))
    #expect(bytes.bigEndian(at: 0, width: 4) == 0x0102_0304)
    #expect(bytes.littleEndian(at: 2, width: 2) == 0x0403)
  }

  /// The corpus files whose extension is one of `extensions` (none without the corpus).
  func corpusFiles(extensions: Set<String>) throws -> [String] {
    guard TestPaths.corpusIsPresent else { return [] }
    let root = TestPaths.corpus("")
    let enumerator = FileManager.default.enumerator(atPath: root)
    var paths: [String] = []
    while let relative = enumerator?.nextObject() as? String {
      let name = relative.lowercased()
      guard !name.hasPrefix("broken/"), extensions.contains(where: { name.hasSuffix("." + $0) })
      else { continue }
      paths.append(root + "/" + relative)
    }
    return paths.sorted()
  }
}
