internal import CFFmpeg

/// A read-only, seekable `AVIOContext` of our own, owned: FFmpeg reads through it the descriptor
/// the probe opened (``FileGate``) or bytes in memory, never a path. Every read fails with
/// `AVERROR_EXIT` once the deadline has passed or the probe was cancelled.
///
/// Owns the context (and its buffer), the C struct its callbacks move (position, size, source)
/// and keeps the source they point into alive; frees them in `deinit`, which must come after
/// every format context reading through it has been closed.
final class IOContext {
  private var io: UnsafeMutablePointer<AVIOContext>?
  private let input: Input

  /// The position FFmpeg's read and seek callbacks move, and the source they read.
  private enum Input {
    case file(UnsafeMutablePointer<cffmpeg_file_input>, FileByteSource)
    case memory(UnsafeMutablePointer<cffmpeg_memory_input>, MemoryByteSource)
  }

  /// How many bytes FFmpeg reads at a time (what `avio_open2` uses for files).
  private static let readSize: Int32 = 32 << 10

  /// Reads the opened file `file` with `pread`, so the probe's own readers, which do too, are
  /// not disturbed; `nil` when out of memory.
  init?(file: FileByteSource, deadline: Deadline) {
    let state = UnsafeMutablePointer<cffmpeg_file_input>.allocate(capacity: 1)
    state.initialize(
      to: cffmpeg_file_input(
        descriptor: file.descriptor, size: file.count, position: 0, deadline: deadline.state))
    input = .file(state, file)
    io = cffmpeg_file_io_alloc(state, Self.readSize)
    if io == nil { return nil }
  }

  /// Reads `bytes` from memory; `nil` when out of memory.
  init?(bytes: MemoryByteSource, deadline: Deadline) {
    let state = UnsafeMutablePointer<cffmpeg_memory_input>.allocate(capacity: 1)
    state.initialize(
      to: cffmpeg_memory_input(
        data: bytes.buffer.baseAddress, size: bytes.count, position: 0, deadline: deadline.state))
    input = .memory(state, bytes)
    io = cffmpeg_memory_io_alloc(state, Self.readSize)
    if io == nil { return nil }
  }

  deinit {
    cffmpeg_io_free(&io)
    switch input {
    case .file(let state, _):
      state.deinitialize(count: 1)
      state.deallocate()
    case .memory(let state, _):
      state.deinitialize(count: 1)
      state.deallocate()
    }
  }

  /// Runs `body` with the context; the pointer is valid only inside `body` (a format context
  /// given it must not outlive this object).
  func withContext<Result, Failure: Error>(
    _ body: (UnsafeMutablePointer<AVIOContext>?) throws(Failure) -> Result
  ) throws(Failure) -> Result {
    try body(io)
  }
}
