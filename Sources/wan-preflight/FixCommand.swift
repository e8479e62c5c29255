import ArgumentParser
import Foundation
import MediaTransform
import WanPreflight

/// `wan-preflight fix [REQUEST] [flags] --out DIR`: rewrite the media so the request passes.
struct FixCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fix",
    abstract: "Rewrite a request's media so that it passes check (into a new folder).",
    discussion: """
      Checks the request, plans the smallest change for each fixable finding, writes the fixed \
      media and DIR/request.json (pointing at them by relative paths) into DIR, and checks that \
      request again. Inputs are only read, never written; nothing is written in a dry run, nor \
      when some error has no fix.

      Fixable: orientation (baked in), image_alpha, image_format (GIF's first frame, TIFF, \
      AVIF…), image_size, image_aspect, image_bytes, audio_format, audio_duration, \
      audio_bytes, audio_vs_duration, clip_format, clip_duration, clip_vs_duration, clip_size, \
      clip_aspect, clip_bytes, clip_start, last_frame_aspect, extension_mismatch. Prompt \
      rules, media combinations and remote URLs are listed with the reason.

      Examples:
        wan-preflight fix requests/cat.json --out fixed
        wan-preflight fix --first-frame phone.png --audio voice.m4a --out fixed --dry-run
        wan-preflight fix job.json --out fixed --audio-fit duration --aspect pad
        wan-preflight fix job.json --out fixed --to-output-size --format json

      Exit status: 0 the fixed request passes check (dry run: every error has a fix); 1 it \
      does not, or a rewrite failed; 2 usage error; 3 internal fault.
      """
  )

  @OptionGroup var input: RequestInput

  @Option(
    name: .long,
    help: ArgumentHelp("The folder to write into (created if missing).", valueName: "DIR"))
  var out: String?

  @Flag(help: "Print the plan; write nothing.")
  var dryRun = false

  @Flag(help: "Fix errors only; leave the warnings a fix could remove.")
  var errorsOnly = false

  @Option(
    help:
      "Audio against the duration: fit (trim longer, pad shorter), trim, pad, or duration (set the duration to the audio's length)."
  )
  var audioFit: FixOptions.AudioFit = .fit

  @Option(help: "How a picture or clip reaches an allowed aspect ratio: crop (centred) or pad.")
  var aspect: ImageTransform.AspectFit.Mode = .crop

  @Option(
    help: "The colour alpha is flattened onto and padding is filled with: white, black or #RRGGBB.")
  var background: BackgroundColor = BackgroundColor(color: .white)

  @Flag(help: "Scale each picture down to its tier's predicted output size (a much smaller body).")
  var toOutputSize = false

  @Option(
    help: "The x264 preset a clip is re-encoded with: ultrafast … veryslow (slower: smaller).")
  var preset: String = "medium"

  @Option(help: "The region the request goes to: beijing or singapore.")
  var region: Region?

  @Option(name: .shortAndLong, help: "Output format: text or json.")
  var format: TextOrJSON = .text

  func validate() throws {
    try input.requireRequest()
    guard VideoTransform.presets.contains(preset) else {
      throw ValidationError(
        "--preset \(preset) is not an x264 preset; allowed: "
          + VideoTransform.presets.joined(separator: ", "))
    }
    guard out != nil || dryRun else {
      throw ValidationError("Give the folder to write into: --out DIR (or --dry-run).")
    }
  }

  func run() async throws {
    let preflight = try input.preflight(region: region)
    var options = FixOptions(outputDirectory: out ?? "fixed")
    options.dryRun = dryRun
    options.errorsOnly = errorsOnly
    options.audioFit = audioFit
    options.aspect = aspect
    options.background = background.color
    options.toOutputSize = toOutputSize
    options.clipPreset = preset
    let bar = ProgressBar.forStandardError()
    if let bar {
      options.progress = { @Sendable progress in bar.show(progress) }
    }
    let report = await preflight.fix(try input.job(), options: options)
    bar?.finish()
    switch format {
    case .text: Terminal.write(FixReportText().render(report))
    case .json: Terminal.write(try FixReportJSON().render(report))
    }
    if !report.ok { throw ExitCode(ExitStatus.failure) }
  }
}

/// `--background white|black|#RRGGBB`.
struct BackgroundColor: ExpressibleByArgument {
  let color: ImageTransform.Color

  init(color: ImageTransform.Color) {
    self.color = color
  }

  init?(argument: String) {
    switch argument.lowercased() {
    case "white": color = .white
    case "black": color = .black
    default:
      let hex = argument.hasPrefix("#") ? argument.dropFirst() : Substring(argument)
      guard hex.count == 6, let value = UInt32(hex, radix: 16) else { return nil }
      color = ImageTransform.Color(
        red: UInt8(value >> 16 & 0xFF), green: UInt8(value >> 8 & 0xFF), blue: UInt8(value & 0xFF))
    }
  }

  var defaultValueDescription: String { "white" }
}

extension FixOptions.AudioFit: ExpressibleByArgument {}

extension ImageTransform.AspectFit.Mode: ExpressibleByArgument {}
