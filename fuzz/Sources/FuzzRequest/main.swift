import Dispatch
import Foundation
import WanPreflight

/// The repository's fixtures, found from this file's path: requests resolve their relative
/// paths against `fixtures/requests` (as the seed requests do, `../media/…`), and only
/// `fixtures/media` may be read, so mutated paths reach real media but never a file elsewhere.
private let fixtures = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().appendingPathComponent("fixtures")
private let requestFolder = fixtures.appendingPathComponent("requests").path
private let mediaFolder = fixtures.appendingPathComponent("media").path

/// Probes of the fixtures, shared between inputs; renewed now and then, since every mutated
/// path that names no file is cached too.
nonisolated(unsafe) private var cache = ProbeCache()
nonisolated(unsafe) private var inputsSinceNewCache = 0

/// Parses the fuzzer's bytes as a JSON and as a YAML request file, checks what parses, and
/// renders the report as text and JSON. Any input must end in a report; a crash, a leak, a
/// memory error, a hang or a parse error placed outside the file is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequest(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let bytes = UnsafeRawBufferPointer(start: start, count: count)
  let lines = lineCountBound(bytes)
  let documents: [Result<SourceDocument, DocumentParseError>] = [
    Result { () throws(DocumentParseError) in try JSONSourceParser.parse(bytes) },
    Result { () throws(DocumentParseError) in try YAMLSourceParser.parse(bytes) },
  ]
  for parsed in documents {
    switch parsed {
    case .success(let document):
      check(JobRequest(document: document, file: "fuzz.json", baseDirectory: requestFolder))
    case .failure(let error):
      // A parse error points into the file: a line that exists, a column from 1.
      precondition(error.position.line >= 1 && error.position.line <= lines + 1, "\(error)")
      precondition(error.position.column >= 1, "\(error)")
      precondition(!error.message.isEmpty)
    }
  }
  return 0
}

/// The most lines `bytes` can have for either parser: YAML also breaks lines at a lone CR,
/// NEL (U+0085), LS (U+2028) and PS (U+2029), so every one of them is counted.
private func lineCountBound(_ bytes: UnsafeRawBufferPointer) -> Int {
  var breaks = 0
  for (index, byte) in bytes.enumerated() {
    switch byte {
    case UInt8(ascii: "\n"), UInt8(ascii: "\r"): breaks += 1
    case 0x85 where index > 0 && bytes[index - 1] == 0xC2: breaks += 1
    case 0xA8 where index > 1 && bytes[index - 2] == 0xE2 && bytes[index - 1] == 0x80:
      breaks += 1
    case 0xA9 where index > 1 && bytes[index - 2] == 0xE2 && bytes[index - 1] == 0x80:
      breaks += 1
    default: break
    }
  }
  return breaks + 1
}

/// What one check needs, handed to its task and taken out of this box, so that the task alone
/// holds it and can drop it before the input ends.
private final class Handoff: @unchecked Sendable {
  private var work: (request: JobRequest, preflight: Preflight)?

  init(request: JobRequest, preflight: Preflight) {
    work = (request, preflight)
  }

  /// The request and the preflight; `nil` after the first call.
  func take() -> (request: JobRequest, preflight: Preflight)? {
    defer { work = nil }
    return work
  }
}

/// Runs the whole check on `request` and both reporters on its report.
private func check(_ request: JobRequest) {
  inputsSinceNewCache += 1
  if inputsSinceNewCache > 4096 {
    cache = ProbeCache()
    inputsSinceNewCache = 0
  }
  var preflight = Preflight(cache: cache)
  preflight.allowedRoots = [mediaFolder]
  let finished = DispatchSemaphore(value: 0)
  nonisolated(unsafe) var report: Report?
  // The task takes the request and the preflight out of the handoff and drops them before it
  // signals: the task itself is released later, on another thread, and libFuzzer looks for
  // leaks as soon as this function returns. A document still held by the finishing task was
  // reported as leaked (its nodes are reached only through enum payload pointers, which
  // LeakSanitizer cannot follow), at random.
  let handoff = Handoff(request: request, preflight: preflight)
  Task {
    var work = handoff.take()
    if let job = work { report = await job.preflight.check(job.request) }
    work = nil
    finished.signal()
  }
  finished.wait()
  guard let report else { preconditionFailure("no report") }
  precondition(report.ok == (report.errors == 0))
  _ = ReportText().render(report)
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.sortedKeys]
  do {
    _ = try encoder.encode(report)
  } catch {
    preconditionFailure("the report does not encode: \(error)")
  }
}
