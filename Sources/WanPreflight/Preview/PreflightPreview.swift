import Foundation
import MediaProbe
import MediaTransform

extension Preflight {
  /// Checks `request`, then renders what the service will work from into
  /// `options.outputDirectory`: the pictures at the predicted output size (``Preview``), and
  /// `index.html`, one self-contained page with the plan, the diagnostics, the frames, the
  /// timeline and the waveform.
  ///
  /// ```swift
  /// let result = await Preflight().preview(
  ///   JobRequest.load(file: "requests/cat.json"), options: PreviewOptions(outputDirectory: "pv"))
  /// for path in result.written { print(path) }
  /// ```
  ///
  /// A request with errors is still rendered as far as it can be; media the probe refuses get
  /// no picture and say why. Inputs are only read: no file is written over the request or a
  /// medium it names. The decoding runs off the cooperative thread pool.
  public func preview(_ request: JobRequest, options: PreviewOptions) async -> PreviewReport {
    // The check keeps the pictures it decodes, and the renderer draws those very pixels.
    var checker = self
    checker.cache = cache.keepingPictures()
    var fields: RequestFields?
    if case .parsed(let document) = request.content {
      var reader = RequestReader(spec: spec, baseDirectory: request.baseDirectory)
      reader.read(document.root)
      fields = reader.fields
    }
    let early = fields.flatMap {
      EarlyLastFrame.start($0, preflight: checker, cache: checker.cache)
    }
    let report = await checker.check(request)
    let preview = Preview(report: report, prompt: fields?.prompt)
    var drawing = PreviewRenderer(
      options: cache.probeOptions, waveformPeaks: options.waveformPeaks)
    for picture in preview.pictures where drawing.decodedPictures[picture.source] == nil {
      drawing.decodedPictures[picture.source] = await checker.cache.picture(for: picture.source)
    }
    if let early = await early?.value { drawing.earlyFits[early.path] = early.fit }
    let renderer = drawing
    let rendering = await withCheckedContinuation { continuation in
      DispatchQueue.global(qos: .userInitiated).async {
        continuation.resume(returning: renderer.render(preview))
      }
    }
    var result = PreviewReport(
      report: report, preview: preview, rendering: rendering, written: [], failures: [])
    let folder = options.outputDirectory
    if let failure = Self.prepare(folder) {
      result.failures = [failure]
      return result
    }
    let inputs = ([request.file] + report.media.map(\.path)).compactMap { $0 }
    var files = rendering.files.map { ($0.picture.name, $0.png) }
    let page = renderer.page(preview, rendering, inline: options.inline)
    files.append(("index.html", Array(page.utf8)))
    for (name, bytes) in files {
      let path = LocalPath.child(name, of: folder)
      do throws(TransformError) {
        try GuardedFile.write(bytes, to: path, notOver: inputs)
        result.written.append(path)
      } catch {
        result.failures.append(
          Preview.Skipped(pointer: "", role: nil, code: error.code, reason: error.description))
      }
    }
    return result
  }

  /// Why `folder` cannot take the preview, if it cannot: it is a file, or cannot be made.
  private static func prepare(_ folder: String) -> Preview.Skipped? {
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
      guard isFolder.boolValue else {
        return Preview.Skipped(
          pointer: "", role: nil, code: "write_failed",
          reason: "\(folder) is a file, not a folder")
      }
      return nil
    }
    do {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    } catch {
      return Preview.Skipped(
        pointer: "", role: nil, code: "write_failed",
        reason: "\(folder): cannot create the folder: \(error.localizedDescription)")
    }
    return nil
  }
}
