// What a Swift program that embeds wan-preflight does: probe the media, check the request, and
// build the body it would POST. Usage: preflight-example REQUEST [MEDIA ...]
import Foundation
import MediaProbe
import WanPreflight

let arguments = CommandLine.arguments.dropFirst()
guard let requestPath = arguments.first else {
  FileHandle.standardError.write(Data("usage: preflight-example REQUEST [MEDIA ...]\n".utf8))
  exit(2)
}

// MediaProbe: what FFmpeg reads of each file, or why it cannot.
let prober = Prober()
for path in arguments.dropFirst() {
  do {
    let info = try prober.probe(path)
    let size = info.video.map { " \($0.displayWidth ?? 0)x\($0.displayHeight ?? 0)" } ?? ""
    let seconds = info.durationSeconds.map { String(format: " %.3f s", $0) } ?? ""
    print("probe \(path): \(info.kind.rawValue) \(info.format)\(size)\(seconds)")
  } catch {
    print("probe \(path): \(error)")
  }
}

// WanPreflight: the verdict `check` gives, and the plan the service would follow.
let request = JobRequest.load(file: requestPath)
let report = await Preflight(region: .beijing).check(request)
for diagnostic in report.diagnostics {
  print("\(diagnostic.severity.rawValue) \(diagnostic.rule.rawValue) at \(diagnostic.pointer)")
}
if let plan = report.plan {
  let width = plan.output.width.map(String.init) ?? "?"
  let height = plan.output.height.map(String.init) ?? "?"
  print(
    "check \(requestPath): \(report.ok ? "ok" : "fails"), task \(plan.task),"
      + " output \(width)x\(height) (\(plan.output.basis.rawValue)),"
      + " \(plan.output.frames) frames, billed \(plan.billedSeconds) s")
} else {
  print("check \(requestPath): \(report.ok ? "ok" : "fails"), no plan")
}
guard report.ok else { exit(1) }

// The body of the POST, with local images inlined as data: URIs.
do {
  let built = try RequestBuilder(workingDirectory: FileManager.default.currentDirectoryPath)
    .build(request, report: report)
  let body = try built.bytes()
  let json = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
  print("build: \(body.count) bytes, model \(json?["model"] as? String ?? "?")")
} catch {
  print("build: \(error)")
  exit(1)
}
