#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Random access to the bytes of a file (or of memory) without loading it whole.
protocol ByteSource {
  /// Total size in bytes.
  var count: Int64 { get }
  /// Up to `length` bytes from `offset`: fewer at the end of the data, none past it.
  func bytes(at offset: Int64, length: Int) throws(ByteSourceError) -> [UInt8]
}

/// A read that failed.
struct ByteSourceError: Error, Equatable {
  /// The `errno` of the failed call.
  let code: Int32
}

/// Bytes held in memory (``Prober/probe(bytes:name:)``, `data:` URIs, tests), in a buffer of its
/// own whose address stays put, so that FFmpeg can read them through a custom `AVIOContext`.
final class MemoryByteSource: ByteSource, @unchecked Sendable {
  /// The bytes; valid as long as this object lives.
  let buffer: UnsafeBufferPointer<UInt8>
  private let storage: UnsafeMutableBufferPointer<UInt8>

  /// Copies `bytes`.
  init(_ bytes: some Collection<UInt8>) {
    storage = .allocate(capacity: max(bytes.count, 1))
    let end = storage.initialize(fromContentsOf: bytes)
    buffer = UnsafeBufferPointer(rebasing: storage[..<end])
  }

  deinit { storage.deallocate() }

  var count: Int64 { Int64(buffer.count) }

  func bytes(at offset: Int64, length: Int) throws(ByteSourceError) -> [UInt8] {
    guard offset >= 0, offset < count, length > 0 else { return [] }
    let start = Int(offset)
    return Array(buffer[start..<start + min(length, buffer.count - start)])
  }
}

/// A regular file read with `pread(2)` through a descriptor it owns and closes.
///
/// Opened with `O_NONBLOCK` so that opening a FIFO never blocks (the probe refuses FIFOs before,
/// but a path can change between the check and the open).
final class FileByteSource: ByteSource {
  let count: Int64
  /// The open descriptor, lent to FFmpeg's `AVIOContext` (which reads it with `pread`).
  let descriptor: Int32

  /// Takes ownership of `descriptor`, a regular file of `count` bytes (as `fstat` gave them).
  init(descriptor: Int32, count: Int64) {
    self.descriptor = descriptor
    self.count = count
  }

  /// Opens `path` for reading.
  init(path: String) throws(ByteSourceError) {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard descriptor >= 0 else { throw ByteSourceError(code: errno) }
    var status = stat()
    guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
      let code = errno == 0 ? EINVAL : errno
      close(descriptor)
      throw ByteSourceError(code: code)
    }
    self.descriptor = descriptor
    count = Int64(status.st_size)
  }

  deinit { close(descriptor) }

  func bytes(at offset: Int64, length: Int) throws(ByteSourceError) -> [UInt8] {
    guard offset >= 0, offset < count, length > 0 else { return [] }
    let wanted = Int(min(Int64(length), count - offset))
    var buffer = [UInt8](repeating: 0, count: wanted)
    var filled = 0
    while filled < wanted {
      let read = buffer.withUnsafeMutableBytes { raw -> Int in
        guard let base = raw.baseAddress else { return 0 }
        return pread(descriptor, base + filled, wanted - filled, off_t(offset) + off_t(filled))
      }
      if read < 0 {
        if errno == EINTR { continue }
        throw ByteSourceError(code: errno)
      }
      if read == 0 { break }
      filled += read
    }
    return filled == wanted ? buffer : Array(buffer[..<filled])
  }
}

extension Array where Element == UInt8 {
  /// The big-endian unsigned integer of `width` bytes at `index`, or nil past the end.
  func bigEndian(at index: Int, width: Int) -> UInt64? {
    guard index >= 0, width > 0, index <= count - width else { return nil }
    return self[index..<index + width].reduce(0) { $0 << 8 | UInt64($1) }
  }

  /// The little-endian unsigned integer of `width` bytes at `index`, or nil past the end.
  func littleEndian(at index: Int, width: Int) -> UInt64? {
    guard index >= 0, width > 0, index <= count - width else { return nil }
    return self[index..<index + width].reversed().reduce(0) { $0 << 8 | UInt64($1) }
  }

  /// Whether the bytes at `index` spell `text` in ASCII.
  func matches(_ text: String, at index: Int) -> Bool {
    let pattern = Array(text.utf8)
    guard index >= 0, index <= count - pattern.count else { return false }
    return self[index..<index + pattern.count].elementsEqual(pattern)
  }
}
