import MediaTransform

/// What ``Preflight/preview(_:options:)`` did: the check's report, what it rendered, the files
/// written, and what it could not render or write.
public struct PreviewReport: Sendable {
  /// The check of the request.
  public var report: Report
  /// The values rendered.
  public var preview: Preview
  /// The pictures drawn and the waveform.
  public var rendering: PreviewRenderer.Rendering
  /// The paths written, pictures first, `index.html` last.
  public var written: [String]
  /// Why a file could not be written (the folder, an input in the way), if one could not.
  public var failures: [Preview.Skipped]

  /// Whether the request has no errors and everything was written.
  public var ok: Bool { report.ok && failures.isEmpty }

  /// One line per file written, then one per picture not drawn or file not written (with its
  /// code in brackets).
  public var text: String {
    var lines = written
    for skipped in preview.skipped + rendering.failures + failures {
      let pointer = skipped.pointer.isEmpty ? "-" : skipped.pointer
      lines.append("\(pointer): \(skipped.reason) [\(skipped.code)]")
    }
    return lines.map { $0 + "\n" }.joined()
  }

  /// The report as one JSON object (`wan-preflight.preview/1`): the check's report, the paths
  /// written, the pictures (name, kind, size) and what was not drawn.
  public func jsonText() throws -> String {
    let document = Document(
      report: report, written: written,
      pictures: rendering.files.map {
        Document.Picture(
          name: $0.picture.name, kind: $0.picture.kind.rawValue, pointer: $0.picture.pointer,
          width: $0.picture.width, height: $0.picture.height)
      },
      lastFrameCrop: rendering.lastFrameCrop,
      skipped: (preview.skipped + rendering.failures + failures).map {
        Document.Skip(pointer: $0.pointer, code: $0.code, reason: $0.reason)
      })
    return try JSONOutput.text(document)
  }

  private struct Document: Encodable {
    var schema = "wan-preflight.preview/1"
    var report: Report
    var written: [String]
    var pictures: [Picture]
    var lastFrameCrop: PixelBox?
    var skipped: [Skip]

    init(
      report: Report, written: [String], pictures: [Picture], lastFrameCrop: PixelBox?,
      skipped: [Skip]
    ) {
      (self.report, self.written, self.pictures) = (report, written, pictures)
      (self.lastFrameCrop, self.skipped) = (lastFrameCrop, skipped)
    }

    struct Picture: Encodable {
      var name, kind, pointer: String
      var width, height: Int
    }

    struct Skip: Encodable {
      var pointer, code, reason: String
    }

    enum CodingKeys: String, CodingKey {
      case schema, report, written, pictures, skipped
      case lastFrameCrop = "last_frame_crop"
    }
  }
}
