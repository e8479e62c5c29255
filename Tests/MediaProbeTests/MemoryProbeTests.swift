import Foundation
import Testing

@testable import MediaProbe

/// `Prober.probe(bytes:name:)`: the same probe over a read-only `AVIOContext` of our own.
@Suite("Probing from memory")
struct MemoryProbeTests {
  /// Every file of a folder tree, sorted.
  static func files(under folder: URL) -> [String] {
    let enumerator = FileManager.default.enumerator(
      at: folder, includingPropertiesForKeys: [.isRegularFileKey])
    var paths: [String] = []
    while let url = enumerator?.nextObject() as? URL {
      if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
        paths.append(url.path)
      }
    }
    return paths.sorted()
  }

  /// Probes `path` from disk and from memory and asserts the two agree: the same facts for a
  /// file that probes, the same reason for one that does not. (FFmpeg's own message for content
  /// no demuxer recognises differs between its file protocol and a custom context.)
  static func expectSameVerdict(_ path: String) throws {
    let bytes = try #require(FileManager.default.contents(atPath: path), "\(path)")
    let fromFile = Result { () throws(ProbeError) in try Prober().probe(path) }
    let fromMemory = Result { () throws(ProbeError) in
      try Prober().probe(bytes: bytes, name: path)
    }
    switch (fromFile, fromMemory) {
    case (.success(let file), .success(let memory)):
      #expect(memory == file, "\(path)")
    case (.failure(let file), .failure(let memory)):
      #expect(memory.reason == file.reason, "\(path)")
    default:
      Issue.record("\(path): from its file \(fromFile), from memory \(fromMemory)")
    }
  }

  @Test("every fixture probes from memory exactly as from its file")
  func fixturesAgree() throws {
    // Guard: the memory AVIOContext's read and seek (an MP4 with its index at the end needs
    // both), and the byte source every header reader and integrity check uses.
    let paths = Self.files(under: TestPaths.media)
    #expect(paths.count == 47)
    for path in paths { try Self.expectSameVerdict(path) }
  }

  @Test("every hostile file fails from memory for the same reason as from its file")
  func hostileFilesAgree() throws {
    let paths = HostileTests.files.map { HostileTests.folder + "/" + $0 }
    #expect(paths.count == HostileTests.files.count)
    for path in paths {
      try Self.expectSameVerdict(path)
      #expect(throws: ProbeError.self) {
        try Prober().probe(bytes: FileManager.default.contents(atPath: path) ?? Data(), name: path)
      }
    }
  }

  @Test("the real-world corpus probes from memory exactly as from its files")
  func corpusAgrees() throws {
    guard TestPaths.corpusIsPresent else { return }
    let paths = Self.files(under: TestPaths.corpus).filter {
      !$0.hasSuffix(".tsv") && !$0.hasSuffix(".md")
    }
    #expect(paths.count == 187)
    for path in paths { try Self.expectSameVerdict(path) }
  }

  @Test("exact facts from memory: an MP4 with its index at the end, a rotated JPEG")
  func exactFacts() throws {
    // The moov box follows 2 s of samples: reading it needs the seek callback.
    let clip = try Prober().probe(
      bytes: try Self.contents("video/mp4_h264_rot90_320x240.mp4"), name: "upload.mp4")
    #expect(clip.path == "upload.mp4")
    #expect(clip.fileExtension == "mp4")
    #expect(clip.byteSize == Int64(try Self.contents("video/mp4_h264_rot90_320x240.mp4").count))
    #expect(clip.video?.width == 320)
    #expect(clip.video?.displayWidth == 240)
    #expect(clip.video?.displayHeight == 320)
    #expect(clip.video?.rotation == 90)
    #expect(clip.durationSeconds == 2)
    let photo = try Prober().probe(
      bytes: try Self.contents("image/jpeg_exif_orientation6.jpg"), name: "photo")
    #expect(photo.fileExtension == "")
    #expect(photo.format == "jpeg")
    #expect(photo.image?.orientation?.value == 6)
  }

  static func contents(_ fixture: String) throws -> Data {
    try Data(contentsOf: URL(fileURLWithPath: TestPaths.fixture(fixture)))
  }

  @Test("no bytes is an empty input, not a crash")
  func emptyBytes() {
    #expect(throws: ProbeError(path: "nothing.png", reason: .empty)) {
      try Prober().probe(bytes: [], name: "nothing.png")
    }
  }

  @Test("bytes named like URLs open nothing and connect nowhere")
  func nameIsNeverOpened() throws {
    // Guard: the memory input hands FFmpeg no URL at all (and DemuxerPolicy refuses hls), so
    // neither the name nor a playlist's entries can open a file or a connection.
    let listener = try LoopbackListener()
    let url = "http://127.0.0.1:\(listener.port)/clip.png"
    let png = try Self.contents("image/png_640x480.png")
    let playlist = Array(
      "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\n\(url)\n#EXT-X-ENDLIST\n".utf8)
    for name in [url, "concat:\(url)|\(url)", "subfile,,start,0,end,0,,:\(url)"] {
      let info = try Prober().probe(bytes: png, name: name)
      #expect(info.path == name)
      #expect(info.video?.width == 640)
      #expect(throws: ProbeError.self) { try Prober().probe(bytes: playlist, name: name) }
    }
    #expect(!listener.hasPendingConnection(waitingMilliseconds: 300))
  }
}
