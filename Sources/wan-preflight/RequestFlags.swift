import ArgumentParser
import Foundation
import MediaProbe
import WanPreflight

/// Request fields given as flags; they build a request or override a request file's fields.
struct RequestFlags: ParsableArguments {
  @Option(name: .customLong("first-frame"), help: "The first frame: a path or URL.")
  var firstFrame: String?

  @Option(name: .customLong("last-frame"), help: "The last frame: a path or URL.")
  var lastFrame: String?

  @Option(help: "Driving audio (WAV or MP3): a path or URL.")
  var audio: String?

  @Option(help: "A clip to continue (MP4 or MOV): a path or URL.")
  var clip: String?

  @Option(help: "The prompt.")
  var prompt: String?

  @Option(name: .customLong("negative-prompt"), help: "The negative prompt.")
  var negativePrompt: String?

  @Option(help: "Seconds of output, a whole number 2 to 15 (the service's default is 5).")
  var duration: Int?

  @Option(help: "720P or 1080P, in any case (the service's default is 1080P).")
  var resolution: String?

  @Option(help: "An integer seed, 0 to 2147483647.")
  var seed: String?

  @Flag(inversion: .prefixedNo, help: "Let the service rewrite the prompt (default: yes).")
  var promptExtend: Bool?

  @Flag(inversion: .prefixedNo, help: "Add the \"AI生成\" watermark (default: no).")
  var watermark: Bool?

  @Option(help: "The model (default: wan2.7-i2v).")
  var model: String?

  /// The flags as words a shell command repeats: `--first-frame cat.png --duration 5`.
  var words: [String] {
    let options: [(String, String?)] =
      mediaFlags.map { ($0.flag, $0.value) } + [
        ("--prompt", prompt), ("--negative-prompt", negativePrompt),
        ("--duration", duration.map(String.init)), ("--resolution", resolution),
        ("--seed", seed), ("--model", model),
      ]
    var words = options.flatMap { flag, value in value.map { [flag, $0] } ?? [] }
    if let promptExtend { words.append(promptExtend ? "--prompt-extend" : "--no-prompt-extend") }
    if let watermark { words.append(watermark ? "--watermark" : "--no-watermark") }
    return words
  }

  /// Whether any media flag is given.
  var hasMedia: Bool { [firstFrame, lastFrame, audio, clip].contains { $0 != nil } }

  /// Whether no field flag is given at all.
  var isEmpty: Bool {
    !hasMedia
      && [prompt, negativePrompt, resolution, seed, model].allSatisfy { $0 == nil }
      && duration == nil
      && promptExtend == nil && watermark == nil
  }

  /// The request to check: the file's (when given) with these flags applied, else one built
  /// from the flags alone; each value a flag gave is located at that flag.
  ///
  /// A request file or local media path given on the command line that cannot be opened
  /// (missing, a folder, not readable) is a usage error naming the path.
  func request(from file: String?) throws -> JobRequest {
    try checkMediaPaths()
    var job = file.map { JobRequest.load(file: $0) } ?? JobRequest(body: SourceNode(.object([])))
    if let file, case .unreadable(let error) = job.content {
      throw UsageError("\(file): \(error.message)")
    }
    if !isEmpty, let document = job.document {
      let workingDirectory = file == nil ? nil : FileManager.default.currentDirectoryPath
      let root = apply(to: document.root, workingDirectory: workingDirectory)
      job.content = .parsed(SourceDocument(root: root, format: document.format))
      job.flagOrigins = origins(in: root)
    }
    return job
  }

  /// The media flags, with their role.
  var mediaFlags: [(flag: String, role: MediaRole, value: String?)] {
    [
      ("--first-frame", .firstFrame, firstFrame), ("--last-frame", .lastFrame, lastFrame),
      ("--audio", .drivingAudio, audio), ("--clip", .firstClip, clip),
    ]
  }

  /// Local media paths given as flags must name readable files: anything else is a mistake on
  /// the command line, not in the request.
  private func checkMediaPaths() throws {
    for case (let flag, _, let value?) in mediaFlags {
      guard case .local(let path) = MediaReference.classify(value, baseDirectory: ".") else {
        continue
      }
      var isFolder: ObjCBool = false
      let problem: String?
      if !FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
        problem = ProbeError.Reason.missing(path).message
      } else if isFolder.boolValue {
        problem = "is a folder, not a media file"
      } else if access(path, R_OK) != 0 {
        problem = "permission denied"
      } else {
        problem = nil
      }
      if let problem { throw UsageError("\(value): \(problem) (given as \(flag))") }
    }
  }

  /// Where each given flag's value went in `root` (after ``apply(to:workingDirectory:)``).
  func origins(in root: SourceNode) -> [FlagOrigin] {
    var origins: [FlagOrigin] = []
    let items = root["input"]?["media"]?.elements ?? []
    for case (let flag, let role, let value?) in mediaFlags {
      if let index = items.firstIndex(where: { $0["type"]?.stringValue == role.rawValue }) {
        origins.append(FlagOrigin(pointer: "/input/media/\(index)", flag: flag, value: value))
      }
    }
    let scalars: [(String, String, String?)] = [
      ("/model", "--model", model), ("/parameters/resolution", "--resolution", resolution),
      ("/parameters/duration", "--duration", duration.map { String($0) }),
      ("/parameters/seed", "--seed", seed),
    ]
    for case (let pointer, let flag, let value?) in scalars {
      origins.append(FlagOrigin(pointer: pointer, flag: flag, value: value))
    }
    if prompt != nil { origins.append(FlagOrigin(pointer: "/input/prompt", flag: "--prompt")) }
    if negativePrompt != nil {
      origins.append(FlagOrigin(pointer: "/input/negative_prompt", flag: "--negative-prompt"))
    }
    if let promptExtend {
      origins.append(
        FlagOrigin(
          pointer: "/parameters/prompt_extend",
          flag: promptExtend ? "--prompt-extend" : "--no-prompt-extend"))
    }
    if let watermark {
      origins.append(
        FlagOrigin(
          pointer: "/parameters/watermark", flag: watermark ? "--watermark" : "--no-watermark"))
    }
    return origins
  }
}
