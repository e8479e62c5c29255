import MediaProbe

/// Warns when a local file's name ends in an extension its content does not have.
enum ExtensionMismatch {
  /// The `extension_mismatch` warning for `item`, probed as `info`, if its name misleads.
  static func check(_ item: MediaItem, info: MediaInfo) -> Diagnostic? {
    let expected = extensions[info.format] ?? [info.format]
    guard !info.fileExtension.isEmpty, !expected.contains(info.fileExtension) else { return nil }
    return Diagnostic(
      .extensionMismatch, at: item.pointer + "/url",
      "\(info.path) is named .\(info.fileExtension) but its content is \(info.format)",
      hint: "rename it to .\(expected[0]); the checks use the content")
  }

  /// The extensions each content format goes by, the usual one first.
  static let extensions: [String: [String]] = [
    "jpeg": ["jpg", "jpeg", "jpe", "jfif"], "png": ["png", "apng"], "bmp": ["bmp", "dib"],
    "webp": ["webp"], "gif": ["gif"], "tiff": ["tif", "tiff"], "mp4": ["mp4", "m4v"],
    "mov": ["mov", "qt"], "m4a": ["m4a", "m4b", "mp4"], "mp3": ["mp3"], "wav": ["wav", "wave"],
    "aac": ["aac"], "webm": ["webm"], "mkv": ["mkv"], "avif": ["avif"], "heif": ["heic", "heif"],
  ]
}
