import Foundation
import Testing

@testable import MediaProbe

/// Naming formats from content: signatures, ISO brands, RIFF forms, EBML DocTypes.
@Suite("Content sniffer")
struct ContentSnifferTests {
  static func ftyp(_ major: String, _ compatible: [String]) -> [UInt8] {
    let body = Array(major.utf8) + [0, 0, 0, 0] + compatible.flatMap { Array($0.utf8) }
    let size = UInt32(8 + body.count)
    return withUnsafeBytes(of: size.bigEndian, Array.init) + Array("ftyp".utf8) + body
  }

  @Test(
    "ISO media: brands tell MP4, MOV, M4A, 3GP, AVIF and HEIF apart",
    arguments: [
      (["isom", "isom", "avc1", "mp41"], "mp4"), (["qt  ", "qt  "], "mov"),
      (["M4A ", "M4A ", "mp42"], "m4a"), (["3gp4", "isom"], "3gp"),
      (["avif", "mif1", "miaf"], "avif"), (["mif1", "avif"], "avif"),
      (["heic", "mif1"], "heif"), (["mp42", "isom"], "mp4"),
    ])
  func isoBrands(brands: [String], name: String) {
    let head = Self.ftyp(brands[0], Array(brands.dropFirst())) + [UInt8](repeating: 0, count: 16)
    #expect(ContentSniffer.sniff(head)?.name == name)
  }

  @Test("a QuickTime file without ftyp is a MOV")
  func quickTimeWithoutFtyp() {
    let head: [UInt8] = [0, 0, 0, 8] + Array("wide".utf8) + [0, 0, 0, 8] + Array("mdat".utf8)
    #expect(ContentSniffer.sniff(head)?.name == "mov")
  }

  @Test(
    "signatures",
    arguments: [
      ([0xFF, 0xD8, 0xFF, 0xE0], "jpeg"),
      ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "png"),
      (Array("GIF89a".utf8), "gif"),
      (Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8), "webp"),
      (Array("RIFF\u{0}\u{0}\u{0}\u{0}WAVEfmt ".utf8), "wav"),
      (Array("RF64\u{0}\u{0}\u{0}\u{0}WAVEds64".utf8), "wav"),
      (Array("RIFF\u{0}\u{0}\u{0}\u{0}AVI LIST".utf8), "avi"),
      (Array("fLaC\u{0}".utf8), "flac"),
      (Array("OggS\u{0}".utf8), "ogg"),
      ([0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x82, 0x84] + Array("webm".utf8), "webm"),
      ([0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x82, 0x88] + Array("matroska".utf8), "mkv"),
      ([0xFF, 0xFB, 0x90, 0x64], "mp3"),
      ([0xFF, 0xF1, 0x50, 0x80, 0x02, 0x1F, 0xFC], "aac"),
    ] as [([UInt8], String)])
  func signatures(head: [UInt8], name: String) {
    #expect(ContentSniffer.sniff(head + [UInt8](repeating: 0, count: 32))?.name == name)
  }

  @Test("text, playlists and random bytes are not media")
  func notMedia() {
    for text in ["#EXTM3U\n#EXTINF:2,\na.ts\n", "ffconcat version 1.0\n", "{\"a\": 1}", ""] {
      #expect(ContentSniffer.sniff(Array(text.utf8)) == nil, "\(text)")
    }
  }

  @Test("image MIME types are the ones the API checks data: URIs against")
  func imageMimeTypes() throws {
    let jpeg = try #require(ContentSniffer.sniff([0xFF, 0xD8, 0xFF, 0xE0, 0, 0]))
    #expect(jpeg.mimeType == "image/jpeg" && jpeg.family == .image && jpeg.demuxer == "jpeg_pipe")
  }

  @Test(
    "corpus files by content",
    .enabled(if: TestPaths.corpusIsPresent),
    arguments: [
      ("images/unsupported/avif_irot_rot1mir0.avif", "avif"),
      ("images/unsupported/avif_sequence.avif", "avif"),
      ("images/unsupported/heic_still_photo.heic", "heif"),
      ("audio/aac/aac_lc_8khz.m4a", "m4a"),
      ("video/anamorphic/h263_sar_63x44.3gp", "3gp"),
      ("video/mov/iphone_dolby_vision_hevc.MOV", "mov"),
      ("video/webm/vp9_bear.webm", "webm"),
      ("video/mkv/h264_ac3.mkv", "mkv"),
      ("audio/wav/rf64.wav", "wav"),
      ("images/unsupported/svg_smallest.svg", "svg"),
      ("video/other/mpegts_h264.ts", "mpegts"),
    ])
  func corpus(relative: String, name: String) throws {
    let source = try FileByteSource(path: TestPaths.corpus(relative))
    let head = try source.bytes(at: 0, length: ContentSniffer.headLength)
    #expect(ContentSniffer.sniff(head)?.name == name)
  }

  @Test(
    "an ID3 tag longer than the head leaves the choice to FFmpeg's probe",
    .enabled(if: TestPaths.corpusIsPresent))
  func longID3Tag() throws {
    let path = TestPaths.corpus("audio/mp3/id3v2_apic_bear.mp3")
    let source = try FileByteSource(path: path)
    #expect(ContentSniffer.sniff(try source.bytes(at: 0, length: ContentSniffer.headLength)) == nil)
    #expect(try Prober().probe(path).format == "mp3")
  }

  @Test(
    "mislabelled corpus files are not what their names say", .enabled(if: TestPaths.corpusIsPresent)
  )
  func mislabelled() throws {
    for relative in ["broken/mislabeled/json_named.webp", "broken/mislabeled/garbage_named.mp3"] {
      let source = try FileByteSource(path: TestPaths.corpus(relative))
      #expect(ContentSniffer.sniff(try source.bytes(at: 0, length: 4096)) == nil, "\(relative)")
    }
  }
}

/// Header facts read before any decoder runs.
@Suite("Image headers")
struct ImageHeaderReaderTests {
  static func png(_ chunks: [(String, [UInt8])]) -> [UInt8] {
    var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    for (type, data) in chunks {
      bytes += withUnsafeBytes(of: UInt32(data.count).bigEndian, Array.init)
      bytes += Array(type.utf8) + data + [0, 0, 0, 0]  // CRC is not checked here
    }
    return bytes
  }

  static func ihdr(_ width: UInt32, _ height: UInt32) -> (String, [UInt8]) {
    (
      "IHDR",
      withUnsafeBytes(of: width.bigEndian, Array.init)
        + withUnsafeBytes(of: height.bigEndian, Array.init) + [8, 2, 0, 0, 0]
    )
  }

  @Test("a PNG claiming 65536x65536 is read from IHDR alone")
  func hugePNG() {
    let bytes = Self.png([Self.ihdr(65536, 65536), ("IEND", [])])
    let header = ImageHeaderReader.read(MemoryByteSource(bytes), format: "png")
    #expect(header?.width == 65536 && header?.height == 65536)
  }

  @Test("PNG orientation from eXIf, else from XMP; animation from acTL")
  func pngChunks() {
    let exif: [UInt8] =
      Array("MM\u{0}*".utf8) + [0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]
    let withExif = Self.png([Self.ihdr(10, 20), ("eXIf", exif), ("IEND", [])])
    let exifHeader = ImageHeaderReader.read(MemoryByteSource(withExif), format: "png")
    #expect(exifHeader?.orientation == 6 && exifHeader?.orientationSource == "exif")
    let xmp = Array("XML:com.adobe.xmp\u{0}\u{0}\u{0}\u{0}\u{0}<x tiff:Orientation=\"3\"/>".utf8)
    let withXMP = Self.png([Self.ihdr(10, 20), ("iTXt", xmp), ("IEND", [])])
    let xmpHeader = ImageHeaderReader.read(MemoryByteSource(withXMP), format: "png")
    #expect(xmpHeader?.orientation == 3 && xmpHeader?.orientationSource == "xmp")
    let animated = Self.png([Self.ihdr(10, 20), ("acTL", [0, 0, 0, 4, 0, 0, 0, 0]), ("IEND", [])])
    let animatedHeader = ImageHeaderReader.read(MemoryByteSource(animated), format: "png")
    #expect(animatedHeader?.isAnimated == true && animatedHeader?.frameCount == 4)
  }

  @Test("a chunk length past the end of the file stops the walk without a trap")
  func lyingChunkLength() {
    var bytes = Self.png([Self.ihdr(10, 20)])
    bytes += [0xFF, 0xFF, 0xFF, 0xF0] + Array("zTXt".utf8) + [1, 2, 3]
    let header = ImageHeaderReader.read(MemoryByteSource(bytes), format: "png")
    #expect(header?.width == 10 && header?.height == 20)
  }

  @Test("truncated headers give nil, never a trap")
  func truncated() {
    for format in ["jpeg", "png", "webp", "bmp", "gif"] {
      for length in [0, 1, 3, 9, 17] {
        let bytes = [UInt8](repeating: 0xFF, count: length)
        _ = ImageHeaderReader.read(MemoryByteSource(bytes), format: format)
      }
    }
  }

  @Test("EXIF orientation in both byte orders; out-of-range values are absent")
  func exifOrientation() {
    let big: [UInt8] =
      Array("MM\u{0}*".utf8) + [0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 8, 0, 0]
    let little: [UInt8] =
      Array("II*\u{0}".utf8) + [8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 5, 0, 0, 0]
    let zero: [UInt8] =
      Array("MM\u{0}*".utf8) + [0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 0, 0, 0]
    #expect(ExifOrientationReader.orientation(inTIFF: big) == 8)
    #expect(ExifOrientationReader.orientation(inTIFF: Array("Exif\u{0}\u{0}".utf8) + little) == 5)
    #expect(ExifOrientationReader.orientation(inTIFF: zero) == nil)
    #expect(ExifOrientationReader.orientation(inTIFF: Array(big.prefix(12))) == nil)
  }

  @Test("corpus headers", .enabled(if: TestPaths.corpusIsPresent))
  func corpus() throws {
    func header(_ relative: String, _ format: String) throws -> ImageHeader? {
      ImageHeaderReader.read(try FileByteSource(path: TestPaths.corpus(relative)), format: format)
    }
    let giant = try header("images/jpeg/giant_20000x14000.jpg", "jpeg")
    #expect(giant?.width == 20000 && giant?.height == 14000)
    let bomb = try header("images/png/decompression_dos_ztxt.png", "png")
    #expect(bomb?.width == 1 && bomb?.height == 1)
    #expect(try header("images/webp/exif_orientation6.webp", "webp")?.orientation == 6)
    #expect(try header("images/webp/animated_loop3.webp", "webp")?.isAnimated == true)
    #expect(try header("images/png/apng_ball.png", "png")?.isAnimated == true)
    #expect(try header("images/png/exif_orientation3_eXIf.png", "png")?.orientation == 3)
    #expect(try header("images/bmp/pal8topdown.bmp", "bmp")?.height == 64)
    #expect(try header("broken/image/bmp_huge_height.bmp", "bmp")?.height == 2_147_483_647)
    let gif = try header("images/unsupported/gif_animated_loop3.gif", "gif")
    #expect(gif?.isAnimated == true && gif?.frameCount == 10)
  }
}
