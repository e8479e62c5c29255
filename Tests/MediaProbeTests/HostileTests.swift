import Foundation
import Testing

@testable import MediaProbe

/// Files built to hurt a probe (`fixtures/hostile/make-hostile.sh`), and hostile situations made
/// on the spot. Each test names the guard it proves.
@Suite("Hostile input")
struct HostileTests {
  static let folder = TestPaths.root.appendingPathComponent("fixtures/hostile/files").path
  static let files = TestPaths.names(in: "fixtures/hostile/files")

  /// `fixtures/hostile/expected.tsv`: each generated file and the error code it must fail with.
  static func expectedCodes() throws -> [String: String] {
    let text = try String(
      contentsOfFile: TestPaths.root.appendingPathComponent("fixtures/hostile/expected.tsv").path,
      encoding: .utf8)
    var codes: [String: String] = [:]
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
      let fields = line.split(separator: "\t")
      if fields.count == 2 { codes[String(fields[0])] = String(fields[1]) }
    }
    return codes
  }

  @Test("every generated hostile file has exactly one expected code, and every code a file")
  func expectedTableIsComplete() throws {
    let codes = try Self.expectedCodes()
    #expect(!codes.isEmpty)
    #expect(Set(codes.keys) == Set(Self.files))
  }

  @Test("every hostile file fails with exactly its expected code, none by running out of time")
  func everyFileFails() async throws {
    // Guards: DemuxerPolicy, the header pixel budget and metadata inflation limit,
    // IntegrityCheck, the index and duration truncation checks, the decode of the first frame.
    let codes = try Self.expectedCodes()
    let paths = Self.files.map { Self.folder + "/" + $0 }
    let results = await Prober().probe(paths)
    for (name, result) in zip(Self.files, results) {
      switch result {
      case .success(let info):
        Issue.record("\(name) probed as valid \(info.kind) \(info.format)")
      case .failure(let error):
        // Each file is refused on its merits, not by running out of its 10 s budget.
        #expect(error.code != "timed_out", "\(name)")
        #expect(error.code == codes[name], "\(name)")
      }
    }
  }

  @Test("a PNG whose text chunk inflates to 64 MB is refused before FFmpeg inflates it")
  func decompressionBomb() {
    // Guard: ImageHeaderReader measures zTXt/iCCP/iTXt with zlib before any decoder runs.
    let path = Self.folder + "/png_ztxt_bomb.png"
    #expect(throws: ProbeError(path: path, reason: .decompressionBomb(limit: 16 << 20))) {
      try Prober().probe(path)
    }
  }

  @Test("a playlist naming a loopback URL never connects to it")
  func noNetwork() throws {
    // Guards: DemuxerPolicy (hls refused before any header is read) and protocol_whitelist=file.
    let listener = try LoopbackListener()
    let playlist = FileManager.default.temporaryDirectory
      .appendingPathComponent("wan-preflight-hls-\(UUID().uuidString).mp4")
    defer { try? FileManager.default.removeItem(at: playlist) }
    let text =
      "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nhttp://127.0.0.1:\(listener.port)/seg.ts\n"
      + "#EXT-X-ENDLIST\n"
    try Data(text.utf8).write(to: playlist)
    #expect(throws: ProbeError.self) { try Prober().probe(playlist.path) }
    #expect(!listener.hasPendingConnection(waitingMilliseconds: 300))
  }

  @Test("a playlist naming a FIFO never opens it (opening one would block for ever)")
  func noOtherFileOpened() throws {
    // Guard: DemuxerPolicy. If FFmpeg followed the playlist, open(2) on the FIFO would block
    // until a writer came, and this test would hang instead of failing fast.
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("wan-preflight-fifo-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    #expect(mkfifo(directory.appendingPathComponent("segment.ts").path, 0o644) == 0)
    let playlist = directory.appendingPathComponent("list.mp4")
    try Data("#EXTM3U\n#EXTINF:2,\nsegment.ts\n#EXT-X-ENDLIST\n".utf8).write(to: playlist)
    let concat = directory.appendingPathComponent("list.mov")
    try Data("ffconcat version 1.0\nfile 'segment.ts'\n".utf8).write(to: concat)
    for path in [playlist.path, concat.path] {
      #expect(throws: ProbeError.self) { try Prober().probe(path) }
    }
  }

  @Test("inputs are byte-identical after probing")
  func inputsUnchanged() throws {
    // Guard: every file is opened read-only (O_RDONLY, avio AVIO_FLAG_READ).
    let paths =
      (Self.files.map { Self.folder + "/" + $0 })
      + ["image/jpeg_exif_orientation6.jpg", "video/mp4_h264_aac_3s_320x240.mp4"].map(
        TestPaths.fixture)
    let before = paths.map { FileManager.default.contents(atPath: $0) }
    for path in paths { _ = try? Prober().probe(path) }
    #expect(paths.map { FileManager.default.contents(atPath: $0) } == before)
  }

  @Test("odd names: very long, a symlink loop, not UTF-8, a folder named like a file")
  func oddNames() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("wan-preflight-names-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let long = directory.appendingPathComponent(String(repeating: "a", count: 250) + ".png").path
    try FileManager.default.copyItem(
      atPath: TestPaths.fixture("image/png_640x480.png"), toPath: long)
    #expect(try Prober().probe(long).format == "png")
    let loop = directory.appendingPathComponent("loop.png").path
    try FileManager.default.createSymbolicLink(atPath: loop, withDestinationPath: loop)
    #expect(throws: ProbeError.self) { try Prober().probe(loop) }
    // Guard: FileGate. A name read as text (argv, a folder listing) holds U+FFFD where its
    // bytes were not UTF-8; such a file cannot be opened by that name, and the error says why.
    let notUTF8 = directory.appendingPathComponent("caf\u{FFFD}.png").path
    #expect(throws: ProbeError(path: notUTF8, reason: .nameNotUTF8)) { try Prober().probe(notUTF8) }
    let missing = directory.appendingPathComponent("cafe.png").path
    #expect(throws: ProbeError(path: missing, reason: .notFound)) { try Prober().probe(missing) }
    let folderLikeFile = directory.appendingPathComponent("clip.mp4")
    try FileManager.default.createDirectory(at: folderLikeFile, withIntermediateDirectories: true)
    #expect(throws: ProbeError(path: folderLikeFile.path, reason: .notAFile("a directory"))) {
      try Prober().probe(folderLikeFile.path)
    }
  }
}

/// A TCP listener on 127.0.0.1 with a port the kernel picks, to prove nothing connects.
final class LoopbackListener {
  let port: UInt16
  private let socketDescriptor: Int32

  init() throws {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard descriptor >= 0, bound == 0, listen(descriptor, 8) == 0 else {
      close(descriptor)
      throw POSIXError(.EADDRINUSE)
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
    }
    socketDescriptor = descriptor
    port = UInt16(bigEndian: address.sin_port)
  }

  deinit { close(socketDescriptor) }

  /// Whether a connection is waiting to be accepted within `milliseconds`.
  func hasPendingConnection(waitingMilliseconds milliseconds: Int32) -> Bool {
    var descriptor = pollfd(fd: socketDescriptor, events: Int16(POLLIN), revents: 0)
    return poll(&descriptor, 1, milliseconds) > 0
  }
}
