import ArgumentParser
import MediaProbe
import WanPreflight

/// `wan-preflight probe FILE...`: what FFmpeg finds in media files.
struct ProbeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "probe",
    abstract: "Show what local media files really are: kind, format, size, orientation, duration.",
    discussion: """
      The format comes from the content, not the file name. STORED is the coded size; DISPLAY \
      is what a viewer shows after EXIF orientation, a clip's rotation matrix and (for video) \
      the pixel aspect ratio. A duration marked * was counted from the packets because the \
      file's header gave none or only an estimate.

      Examples:
        wan-preflight probe cat.jpg
        wan-preflight probe --format json clip.mov voice.mp3 > probe.json
        wan-preflight probe assets/*.png

      Exit status: 0 every file probed; 1 a file could not be probed (each is named on \
      standard error); 2 usage error; 3 internal fault.
      """
  )

  @Argument(help: "The media files to probe.")
  var files: [String]

  @Option(name: .shortAndLong, help: "Output format.")
  var format: ProbeOutputFormat = .table

  @Option(
    help: ArgumentHelp("Seconds one file may take before the probe gives up.", valueName: "seconds")
  )
  var timeout: Double = ProbeOptions().timeLimitSeconds

  @Flag(name: .shortAndLong, help: "Let FFmpeg's own log messages through to standard error.")
  var verbose = false

  func validate() throws {
    guard !files.isEmpty else { throw ValidationError("Give at least one file to probe.") }
    guard timeout > 0, timeout.isFinite else {
      throw ValidationError("--timeout must be a positive number of seconds; found \(timeout).")
    }
  }

  func run() async throws {
    FFmpegLibrary.setLogging(verbose: verbose)
    let prober = Prober(options: ProbeOptions(timeLimitSeconds: timeout))
    let results = await prober.probe(files)
    let report = ProbeReport(paths: files, results: results)
    for case .failure(let error) in results {
      Terminal.writeError("wan-preflight: error: \(error)")
    }
    switch format {
    case .table:
      let media = results.compactMap { try? $0.get() }
      if !media.isEmpty { Terminal.write(ProbeTable.render(media)) }
    case .json:
      Terminal.write(try report.jsonText())
    }
    if report.failedCount > 0 { throw ExitCode(ExitStatus.failure) }
  }
}

/// How `probe` prints its results.
enum ProbeOutputFormat: String, ExpressibleByArgument, CaseIterable {
  case table, json
}
