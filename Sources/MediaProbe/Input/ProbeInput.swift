/// What one probe reads.
enum ProbeInput {
  /// A file, by its path.
  case file(path: String)
  /// Bytes in memory, and the name that errors and results call them by.
  case memory(MemoryByteSource, name: String)

  /// The path, or the name of the bytes.
  var name: String {
    switch self {
    case .file(let path): path
    case .memory(_, let name): name
    }
  }
}

/// A probe's input once opened: the file's descriptor, or the bytes.
enum OpenedInput {
  case file(FileByteSource)
  case memory(MemoryByteSource)

  /// What the probe's own readers read.
  var source: any ByteSource {
    switch self {
    case .file(let file): file
    case .memory(let bytes): bytes
    }
  }

  var byteSize: Int64 { source.count }

  /// The same bytes, for libavformat.
  func inputFile(name: String, deadline: Deadline) throws(ProbeError) -> InputFile {
    switch self {
    case .file(let file): try InputFile(file: file, name: name, deadline: deadline)
    case .memory(let bytes): try InputFile(bytes: bytes, name: name, deadline: deadline)
    }
  }
}
