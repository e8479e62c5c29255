// WanPreflight checks wan2.7-i2v image-to-video requests, and the media they name, offline,
// before a task is paid for; then builds exactly the body the API expects.
//
// The entry points, in the order a request goes through them:
//
// 1. A request: `JobRequest.load(file:)` reads a JSON or YAML file; `JobRequest(body:)` takes
//    a body built in code. Its `content` is `.parsed(SourceDocument)`, `.unreadable(_)` or
//    `.unparsable(_)` (Request/, with the body's reader and `MediaReference`).
// 2. A check: `Preflight(region:).check(_:) async -> Report` reads the body's shape, classifies
//    each media reference, probes local media once each through `ProbeCache` (MediaProbe,
//    FFmpeg), runs every rule (Rules/, against `ModelSpec`) and predicts the output (`Plan`).
//    `Preflight.applying(_:)` follows a `Configuration` (`Configuration.resolve`/`load`).
// 3. A report: `Report` holds the diagnostics (`Diagnostic`, `RuleID`), the plan and the probed
//    media, and encodes to JSON; the reporters render it (and lint runs) as text, json, sarif,
//    github or junit.
// 4. A build: `RequestBuilder().build(_:report:) throws(BuildError) -> BuiltRequest` turns a
//    checked request into the body (`BuiltRequest.write(to:)`, written with `AtomicFile`), and
//    `CurlScript` renders the script that submits it and waits for the video (Build/).
//
// For many files, `Linter().lint(_:) async throws(LintError) -> LintRun` finds the requests
// under paths and checks each with its own configuration; for media alone, `ProbeReport` and
// `ProbeTable` describe what `MediaProbe` found.

/// Facts about this toolkit.
public enum WanPreflightVersion {
  /// The version of wan-preflight, shown by `wan-preflight --version` and written into reports.
  public static let current = "0.1.0"
}
