#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A ``ByteSource`` that serves bytes only until the probe's deadline: after it, every read fails
/// with `ETIMEDOUT`, so that every walk of the probe's own (PNG chunks, JPEG segments, ISO boxes,
/// sample tables, integrity checks) ends at its next read. Those walks treat a failed read as
/// "no verdict"; the probe then checks the deadline before it uses what they found.
struct TimeBoundSource: ByteSource {
  let base: any ByteSource
  let deadline: Deadline

  var count: Int64 { base.count }

  func bytes(at offset: Int64, length: Int) throws(ByteSourceError) -> [UInt8] {
    if deadline.hasPassed { throw ByteSourceError(code: ETIMEDOUT) }
    return try base.bytes(at: offset, length: length)
  }
}
