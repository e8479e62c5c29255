#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Probes local media files with FFmpeg's libraries, safely and truthfully.
///
/// ```swift
/// let info = try Prober().probe("cat.jpg")
/// print(info.video?.displayWidth ?? 0)
/// ```
///
/// A probe opens the named file once and reads only that descriptor (no playlists, no network,
/// no second lookup of the path), never decodes a frame over ``ProbeOptions/maxPixels``, never
/// lets FFmpeg index more samples than the file can back, gives up after
/// ``ProbeOptions/timeLimitSeconds``, and never writes to the terminal. Distinct files may be
/// probed concurrently.
public struct Prober: Sendable {
  /// The limits every probe runs with.
  public var options: ProbeOptions

  /// Creates a prober.
  public init(options: ProbeOptions = ProbeOptions()) {
    self.options = options
  }

  /// Probes one file.
  ///
  /// - Parameter path: A local file path, absolute or relative to the working directory.
  /// - Returns: What the file is, with its streams; only for a file whose first frame decoded.
  /// - Throws: ``ProbeError`` naming the path and what is wrong.
  public func probe(_ path: String) throws(ProbeError) -> MediaInfo {
    FFmpegLibrary.ensureConfigured()
    return try ProbeRun(input: .file(path: path), options: options).run()
  }

  /// Probes media held in memory, with the same checks as a file: an upload, the bytes of a
  /// `data:` URI, a file read by other means. No file is opened and no temporary file written.
  ///
  /// ```swift
  /// let info = try Prober().probe(bytes: upload, name: "upload.png")
  /// ```
  ///
  /// - Parameters:
  ///   - bytes: The whole file's content.
  ///   - name: What errors and the result call the bytes (``MediaInfo/path``); its extension, if
  ///     any, is reported as ``MediaInfo/fileExtension`` but never decides the format.
  /// - Returns: What the bytes are, with their streams; only when the first frame decoded.
  /// - Throws: ``ProbeError`` naming `name` and what is wrong.
  public func probe(bytes: some Collection<UInt8>, name: String) throws(ProbeError) -> MediaInfo {
    FFmpegLibrary.ensureConfigured()
    return try ProbeRun(input: .memory(MemoryByteSource(bytes), name: name), options: options)
      .run()
  }

  /// Probes many files concurrently (one task per core) and returns the results in the order of
  /// `paths`. A path named twice is probed once.
  public func probe(_ paths: [String]) async -> [Result<MediaInfo, ProbeError>] {
    let unique = Array(Set(paths))
    var results: [String: Result<MediaInfo, ProbeError>] = [:]
    await withTaskGroup(of: (String, Result<MediaInfo, ProbeError>).self) { group in
      var next = 0
      func startNext() {
        guard next < unique.count else { return }
        let path = unique[next]
        next += 1
        group.addTask { (path, Result { () throws(ProbeError) in try self.probe(path) }) }
      }
      for _ in 0..<Self.concurrency { startNext() }
      for await (path, result) in group {
        results[path] = result
        startNext()
      }
    }
    return paths.map { results[$0] ?? .failure(ProbeError(path: $0, reason: .other("not probed"))) }
  }

  /// How many files are probed at once: the number of online processors.
  static var concurrency: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}

/// Probes one file with the library's default options.
public func probe(_ path: String) throws(ProbeError) -> MediaInfo {
  try Prober().probe(path)
}
