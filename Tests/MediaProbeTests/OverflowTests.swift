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

  @Test("an MP4 whose last co64 chunk offset is Int64.max is truncated, not 90 readable frames")
  func co64OffsetPastEnd() {
    // Guard: SampleTableGuard.inspect's furthest chunk offset, checked where the index is.
    // FFmpeg drops that sample from its index (offset plus size overflows) and reads 89 of the
    // 90 frames the container counts; before, the probe reported 90.
    let path = Self.hostile + "/overflow_co64_offset_int64max.mp4"
    let message = "the sample table points to byte 9223372036854775807; the file has 39967 bytes"
    #expect(throws: ProbeError(path: path, reason: .truncated(message))) {
      try Prober().probe(path)
    }
  }

  @Test("the same MP4 with a true 64-bit mdat size, or mdat size 0, probes as 3 s of video")
  func goodSizeFormsProbe() throws {
    // Guard: boxPastEnd refuses no good file: a largesize that fits, and size 0 (to the end).
    let path = TestPaths.fixture("video/mp4_h264_aac_3s_320x240.mp4")
    let faststart = [UInt8](try #require(FileManager.default.contents(atPath: path)))
    // ftyp, moov, then free (8 bytes at 4477) and the mdat (at 4485, 34,770 bytes).
    #expect(faststart.matches("free", at: 4481) && faststart.matches("mdat", at: 4489))
    let largesize =
      Array(faststart[..<4477]) + Self.box("mdat", size: 1, largesize: 34_778)
      + faststart[4493...]
    let toEnd = Array(faststart[..<4485]) + [0, 0, 0, 0] + faststart[4489...]
    for (name, bytes) in [("largesize.mp4", largesize), ("size0.mp4", toEnd)] {
      #expect(bytes.count == 39255)
      let info = try bytes.withUnsafeBytes { try Prober().probe(bytes: $0, name: name) }
      #expect(info.durationSeconds == 3 && info.video?.frameCount == 90, "\(name)")
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

  // MARK: PNG compressed metadata

  static func pngHeader(_ name: String) throws -> ImageHeader? {
    ImageHeaderReader.read(try FileByteSource(path: Self.hostile + "/" + name), format: "png")
  }

  @Test("a compressed iTXt (flag 1) that inflates to 64 MB is a bomb, like zTXt")
  func compressedITXtIsCounted() throws {
    // Guard: ImageHeaderReader counts every compressed chunk; an iTXt under 1 MiB used to be
    // read for XMP only, and its compressed text was never measured.
    let header = try #require(try Self.pngHeader("overflow_png_itxt_bomb.png"))
    #expect(header.metadataBomb)
    #expect(header.inflatedMetadata == ImageHeaderReader.maxInflatedMetadata + 1)
  }

  @Test("each chunk inflates only what is left of the budget; the walk stops at the verdict")
  func remainingBudget() throws {
    // Guard: ImageHeaderReader caps each inflation at the budget left and returns at the first
    // bomb verdict: two 12 MiB zTXt chunks measure 12 MiB + 4 MiB + 1 (not 24 MiB), and the
    // acTL chunk after them is never read.
    let header = try #require(try Self.pngHeader("overflow_png_ztxt_split_bomb.png"))
    #expect(header.metadataBomb)
    #expect(header.inflatedMetadata == (16 << 20) + 1)
    #expect(header.frameCount == nil && !header.isAnimated)
  }

  @Test("an uncompressed iTXt larger than 8 MiB is not a bomb; a compressed one is")
  func largeStoredITXt() {
    // Guard: ImageHeaderReader reads an unreadably large chunk's header to tell stored from
    // compressed text, instead of counting every large iTXt as over the budget.
    func header(flag: UInt8) -> ImageHeader? {
      let text = Array("XML:com.adobe.xmp".utf8) + [0, flag, 0, 0, 0]
      let data = text + [UInt8](repeating: UInt8(ascii: "a"), count: 9 << 20)
      let bytes = ImageHeaderReaderTests.png([
        ImageHeaderReaderTests.ihdr(2, 3), ("iTXt", data), ("IEND", []),
      ])
      return ImageHeaderReader.read(MemoryByteSource(bytes), format: "png")
    }
    #expect(header(flag: 0)?.metadataBomb == false)
    #expect(header(flag: 0)?.inflatedMetadata == 0)
    #expect(header(flag: 1)?.metadataBomb == true)
  }

  @Test("no corpus PNG is a bomb; Pillow's DoS file measures its three 2 MiB zTXt chunks")
  func corpusCompressedChunks() throws {
    // Guard: the remaining-budget cap refuses no good file, and counts every chunk in full
    // while the budget lasts.
    let pngs = try corpusFiles(extensions: ["png"])
    for path in pngs {
      let header = ImageHeaderReader.read(try FileByteSource(path: path), format: "png")
      #expect(header?.metadataBomb == false, "\(path)")
      if path.hasSuffix("decompression_dos_ztxt.png") {
        #expect(header?.inflatedMetadata == 6_291_456)  // 3 × 2 MiB
      }
    }
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
