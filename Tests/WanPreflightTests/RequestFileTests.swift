import Foundation
import Testing

@testable import WanPreflight

/// Request files are read through one descriptor, checked with `fstat` (issue #10, item 4).
@Suite("Request files")
struct RequestFileTests {
  @Test("a request file is opened once and refused from its descriptor unless it is regular")
  func oneDescriptor() throws {
    // Guard: RequestFile.read opens with O_NONBLOCK and decides from fstat on that descriptor,
    // so a FIFO (even one put in place after any other check) is refused at once instead of
    // blocking the reader, and a folder is named as one.
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("wan-preflight-request-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("request.json").path
    try Data(#"{"model": "wan2.7-i2v"}"#.utf8).write(to: URL(fileURLWithPath: file))
    let fifo = directory.appendingPathComponent("fifo.json").path
    #expect(mkfifo(fifo, 0o644) == 0)
    let folder = directory.appendingPathComponent("folder.json").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)

    #expect(try RequestFile.read(file, upTo: 100).get() == Data(#"{"model": "wan2.7-i2v"}"#.utf8))
    #expect(try RequestFile.read(file, upTo: 5).get() == Data(#"{"mod"#.utf8))
    let problems = [fifo, folder, directory.appendingPathComponent("missing.json").path].map {
      path -> String? in
      if case .failure(let problem) = RequestFile.read(path, upTo: 100) { return problem.message }
      return nil
    }
    #expect(
      problems == ["is not a regular file", "is a directory, not a request file", "no such file"])
    if case .unreadable(let error) = JobRequest.load(file: fifo).content {
      #expect(error.message == "is not a regular file")
    } else {
      Issue.record("a FIFO named as the request file is not unreadable")
    }
  }

  @Test("lint of a folder holding a FIFO named .json skips it instead of blocking on it")
  func lintSkipsFIFO() throws {
    // Guard: Linter.candidate reads an unparsable file's head with RequestFile.read. It used
    // FileHandle, whose open(2) of a FIFO waits for a writer for ever (lint hung).
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("wan-preflight-lint-fifo-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let fifo = directory.appendingPathComponent("pipe.json").path
    #expect(mkfifo(fifo, 0o644) == 0)
    guard case .other = Linter.candidate(fifo) else {
      Issue.record("a FIFO named .json was taken for a request")
      return
    }
  }
}
