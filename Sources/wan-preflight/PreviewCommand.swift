import ArgumentParser
import Foundation
import WanPreflight

/// `wan-preflight preview [REQUEST] [flags] --out DIR`: render what the service will work from.
struct PreviewCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "preview",
    abstract: "Render the frames at the output size, the crops and the timeline (into a folder).",
    discussion: """
      Checks the request, then writes into DIR what the service will work from: \
      first_frame.png (or clip_first_frame.png and clip_last_frame.png for a continuation) at \
      exactly the predicted output size, upright and scaled bicubically without a crop; \
      last_frame.png fitted to that size by a centred crop and last_frame_crop.png, the last \
      frame as given with the part that survives outlined; alternate_*.png when another \
      reading of orientation or pixel aspect gives another size; and index.html, one page \
      with the plan, every diagnostic, the frames, the timeline and the audio's waveform (no \
      script, no network). Prints the paths written, one a line. A request with errors is \
      still rendered as far as it can be; media the probe refuses get no picture and say \
      why. No input is ever written over.

      Examples:
        wan-preflight preview fixtures/requests/first_last_frame.json --out pv
        wan-preflight preview fixtures/requests/first_clip_last_frame.json --out pv
        wan-preflight preview --first-frame cat.jpg --duration 5 --out pv --open
        wan-preflight preview job.json --out pv --inline --format json

      Exit status: 0 no errors and every file written; 1 the request has errors (what can be \
      rendered still is) or a file could not be written; 2 usage error; 3 internal fault.
      """
  )

  @OptionGroup var input: RequestInput

  @Option(
    name: .long,
    help: ArgumentHelp("The folder to write into (created if missing).", valueName: "DIR"))
  var out: String?

  @Flag(help: "Inline the pictures into index.html as data: URIs (one file to share).")
  var inline = false

  @Flag(help: "Open index.html with the platform's opener (xdg-open, open) when there is one.")
  var open = false

  @Option(help: "The region the request goes to: beijing or singapore.")
  var region: Region?

  @Option(name: .shortAndLong, help: "Output format: text or json.")
  var format: TextOrJSON = .text

  func validate() throws {
    try input.requireRequest()
    guard out != nil else { throw ValidationError("Give the folder to write into: --out DIR.") }
  }

  func run() async throws {
    let preflight = try input.preflight(region: region)
    var options = PreviewOptions(outputDirectory: out ?? "preview")
    options.inline = inline
    let result = await preflight.preview(try input.job(), options: options)
    switch format {
    case .text: Terminal.write(result.text)
    case .json: Terminal.write(try result.jsonText() + "\n")
    }
    if open, let page = result.written.last, page.hasSuffix("index.html") {
      PageOpener.open(page)
    }
    if !result.ok { throw ExitCode(ExitStatus.failure) }
  }
}

/// Opens a file with the platform's opener, when one is on `PATH`; never waits for it.
enum PageOpener {
  /// The openers tried, in order.
  static let openers = ["xdg-open", "open"]

  /// Starts the first opener found on `PATH` with `path`; does nothing when there is none.
  static func open(_ path: String) {
    let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
    for name in openers {
      for folder in folders {
        let executable = "\(folder)/\(name)"
        guard FileManager.default.isExecutableFile(atPath: executable) else { continue }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        if (try? process.run()) != nil { return }
      }
    }
  }
}
