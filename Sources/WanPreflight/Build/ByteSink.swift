import Foundation

/// Where a body's bytes go: a file, standard output, or memory.
protocol ByteSink {
  mutating func write(_ bytes: some Collection<UInt8>) throws
}

/// Collects bytes in memory (tests, small bodies).
struct MemorySink: ByteSink {
  var bytes: [UInt8] = []
  mutating func write(_ bytes: some Collection<UInt8>) { self.bytes.append(contentsOf: bytes) }
}

/// Writes straight to a file handle.
struct FileSink: ByteSink {
  let handle: FileHandle
  mutating func write(_ bytes: some Collection<UInt8>) throws {
    try handle.write(contentsOf: Data(bytes))
  }
}
