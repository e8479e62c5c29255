/// Refuses an MP4/MOV whose sample tables claim more than the file can back, before FFmpeg
/// builds its index from them.
///
/// FFmpeg allocates an index entry (24 bytes, more with composition offsets) for every sample a
/// table claims, and fills them in a loop that reads nothing: 35 KB of MP4 whose `stsz` claims 50
/// million one-byte samples cost 1.2 GB and seconds no interrupt can stop; a fragment's `trun`
/// claiming 80 million samples with no per-sample fields costs 2.6 GB. Three checks, all on box
/// headers and table counts, read with bounded reads:
///
/// - a table holds the entries it counts: `count × entry size` fits in its box (`corrupt`);
/// - the samples fit in the file: `count × size` for samples of a fixed size, one byte at least
///   for each (`truncated`, as for a sample table that points past the end);
/// - the whole index stays within ``maxIndexedSamples`` (`sample_budget_exceeded`).
///
/// Uncompressed sound that FFmpeg indexes by chunk (a `soun` track whose `stts` is one entry of
/// duration 1) is counted by chunk, as FFmpeg does: its stated sample count is of PCM frames
/// (and for IMA4, of more frames than there are bytes).
enum SampleTableGuard {
  /// The most samples, all tracks together, the probe lets FFmpeg index: at the 24 to 40 bytes
  /// FFmpeg spends on each (measured: 31 for a fragment's samples), about 160 MB at most.
  static let maxIndexedSamples: UInt64 = 4_000_000

  /// What is wrong with the sample tables in `source`, or `nil` when they are consistent (or the
  /// file is not an ISO media file the guard can walk: FFmpeg then has the last word).
  static func problem(in source: some ByteSource) -> ProbeError.Reason? {
    inspect(source).problem
  }

  /// What ``problem(in:)`` finds, and the furthest chunk offset the `moov`'s `stco` and `co64`
  /// tables state (of their first ``maxOffsetBytesRead`` bytes of entries): FFmpeg leaves out of
  /// its index a sample whose 64-bit offset plus size overflows, so the index alone cannot show
  /// that the tables point past the end of the file.
  static func inspect(
    _ source: some ByteSource
  ) -> (problem: ProbeError.Reason?, furthestChunkOffset: UInt64?) {
    var walk = Walk(source: source)
    let problem = walk.run()
    return (problem, walk.furthestChunkOffset)
  }

  /// How many bytes of a chunk offset table's entries ``inspect(_:)`` reads.
  static let maxOffsetBytesRead = 1 << 20

  /// The sizes of one table's entries, by box type; `nil` for boxes that are not tables.
  static func entrySize(of type: String) -> UInt64? {
    switch type {
    case "stts", "ctts", "sbgp": 8
    case "stsc": 12
    case "stco", "stss", "stps": 4
    case "co64": 8
    default: nil
    }
  }

  /// One box's header: its type, where its payload starts and where the box ends.
  struct Box {
    let type: String
    let payload: Int64
    let end: Int64
    var payloadSize: UInt64 { UInt64(end - payload) }
  }

  /// The state of one walk over a file's boxes.
  private struct Walk<Source: ByteSource> {
    let source: Source
    /// Index entries claimed so far, all tracks and fragments together.
    var indexed: UInt64 = 0
    /// Default sample sizes from `trex`, by track id.
    var trexSampleSize: [UInt32: UInt32] = [:]
    /// The furthest chunk offset an `stco` or `co64` table states, once one was read.
    var furthestChunkOffset: UInt64?

    init(source: Source) { self.source = source }

    mutating func run() -> ProbeError.Reason? {
      guard let top = children(from: 0, to: source.count) else { return nil }
      // trex (in moov/mvex) must be known before any fragment: moov comes first in any file
      // FFmpeg can play as fragmented, but read it first whatever the order.
      for box in top where box.type == "moov" {
        for mvex in children(of: box) ?? [] where mvex.type == "mvex" {
          for trex in children(of: mvex) ?? [] where trex.type == "trex" {
            if let fields = read(trex, count: 24), let id = fields.bigEndian(at: 4, width: 4),
              let size = fields.bigEndian(at: 16, width: 4)
            {
              trexSampleSize[UInt32(id)] = UInt32(size)
            }
          }
        }
      }
      for box in top {
        let problem: ProbeError.Reason?
        switch box.type {
        case "moov": problem = movie(box)
        case "moof": problem = fragment(box)
        default: problem = nil
        }
        if let problem { return problem }
      }
      return nil
    }

    // MARK: moov

    private mutating func movie(_ moov: Box) -> ProbeError.Reason? {
      for trak in children(of: moov) ?? [] where trak.type == "trak" {
        guard let mdia = children(of: trak)?.first(where: { $0.type == "mdia" }) else { continue }
        let parts = children(of: mdia) ?? []
        let handler = parts.first { $0.type == "hdlr" }.flatMap { read($0, count: 12) }
        let isSound = handler?.matches("soun", at: 8) == true
        guard let minf = parts.first(where: { $0.type == "minf" }),
          let stbl = children(of: minf)?.first(where: { $0.type == "stbl" }),
          let tables = children(of: stbl)
        else { continue }
        if let problem = track(tables, isSound: isSound) { return problem }
      }
      return nil
    }

    private mutating func track(_ tables: [Box], isSound: Bool) -> ProbeError.Reason? {
      var samples: UInt64 = 0
      var sampleSize: UInt64 = 0
      var chunks: UInt64 = 0
      var oneTickPerSample = false
      for table in tables {
        guard let head = read(table, count: 16) else { continue }
        if let size = SampleTableGuard.entrySize(of: table.type) {
          let skip: Int64 = table.type == "sbgp" ? (head.first == 1 ? 12 : 8) : 4
          guard let count = head.bigEndian(at: Int(skip), width: 4) else { continue }
          if let problem = holds(table, count: count, of: size, after: UInt64(skip) + 4) {
            return problem
          }
          if table.type == "stco" || table.type == "co64" {
            chunks = count
            noteChunkOffsets(table, count: count, of: size)
          }
          if table.type == "stts", count == 1, head.bigEndian(at: 12, width: 4) == 1 {
            oneTickPerSample = true
          }
        } else if table.type == "stsz" {
          guard let size = head.bigEndian(at: 4, width: 4),
            let count = head.bigEndian(at: 8, width: 4)
          else { continue }
          if size == 0, let problem = holds(table, count: count, of: 4, after: 12) {
            return problem
          }
          (samples, sampleSize) = (count, size)
        } else if table.type == "stz2" {
          guard let bits = head.bigEndian(at: 7, width: 1),
            let count = head.bigEndian(at: 8, width: 4)
          else { continue }
          let bytes = (count * max(bits, 1) + 7) / 8
          if bytes > table.payloadSize - min(table.payloadSize, 12) {
            return tableTooShort(table, count: count)
          }
          samples = count
        }
      }
      if isSound, oneTickPerSample, sampleSize > 0 {
        // FFmpeg indexes uncompressed sound by chunk, in pieces of at most 1024 samples.
        return index(chunks + samples / 1024)
      }
      if sampleSize > 0, let problem = backed(samples: samples, of: sampleSize) {
        return problem
      }
      return index(samples)
    }

    /// Records the furthest of the (first ``maxOffsetBytesRead`` bytes of) offsets in `table`,
    /// `count` entries of `size` bytes after its version, flags and count.
    private mutating func noteChunkOffsets(_ table: Box, count: UInt64, of size: UInt64) {
      let length = min(count * size, UInt64(SampleTableGuard.maxOffsetBytesRead))
      guard length > 0, let bytes = read(table, count: 8 + Int(length)) else { return }
      var offset = 8
      while offset + Int(size) <= bytes.count {
        if let entry = bytes.bigEndian(at: offset, width: Int(size)) {
          furthestChunkOffset = max(furthestChunkOffset ?? 0, entry)
        }
        offset += Int(size)
      }
    }

    // MARK: moof

    private mutating func fragment(_ moof: Box) -> ProbeError.Reason? {
      for traf in children(of: moof) ?? [] where traf.type == "traf" {
        let parts = children(of: traf) ?? []
        var defaultSize: UInt64 = 0
        if let tfhd = parts.first(where: { $0.type == "tfhd" }), let head = read(tfhd, count: 32),
          let flags = head.bigEndian(at: 1, width: 3), let id = head.bigEndian(at: 4, width: 4)
        {
          defaultSize = UInt64(trexSampleSize[UInt32(id)] ?? 0)
          // Optional fields in order: base offset (8), description index, duration, size.
          var at = 8
          if flags & 0x01 != 0 { at += 8 }
          if flags & 0x02 != 0 { at += 4 }
          if flags & 0x08 != 0 { at += 4 }
          if flags & 0x10 != 0, let size = head.bigEndian(at: at, width: 4) {
            defaultSize = size
          }
        }
        for trun in parts where trun.type == "trun" {
          guard let head = read(trun, count: 8), let flags = head.bigEndian(at: 1, width: 3),
            let count = head.bigEndian(at: 4, width: 4)
          else { continue }
          let fixed: UInt64 = 8 + (flags & 0x01 != 0 ? 4 : 0) + (flags & 0x04 != 0 ? 4 : 0)
          let perSample = UInt64([0x100, 0x200, 0x400, 0x800].filter { flags & $0 != 0 }.count * 4)
          if let problem = holds(trun, count: count, of: perSample, after: fixed) { return problem }
          if flags & 0x200 == 0, let problem = backed(samples: count, of: defaultSize) {
            return problem
          }
          if let problem = index(count) { return problem }
        }
      }
      return nil
    }

    // MARK: checks

    /// `corrupt` when `table` cannot hold `count` entries of `size` bytes after `header` bytes.
    private func holds(
      _ table: Box, count: UInt64, of size: UInt64, after header: UInt64
    ) -> ProbeError.Reason? {
      let room = table.payloadSize - min(table.payloadSize, header)
      return count * size > room ? tableTooShort(table, count: count) : nil
    }

    private func tableTooShort(_ table: Box, count: UInt64) -> ProbeError.Reason {
      .corrupt(
        "the \(table.type) box claims \(count) entries; its \(table.payloadSize) bytes hold fewer")
    }

    /// `truncated` when `samples` samples of `size` bytes (one at least) exceed the file.
    private func backed(samples: UInt64, of size: UInt64) -> ProbeError.Reason? {
      let (bytes, overflow) = samples.multipliedReportingOverflow(by: max(size, 1))
      guard overflow || bytes > UInt64(source.count) else { return nil }
      let each = size > 1 ? "\(size) bytes" : "at least 1 byte"
      return .truncated(
        "the sample tables claim \(samples) samples of \(each) each; the file has "
          + "\(source.count) bytes")
    }

    /// Adds `samples` to the index FFmpeg would build; the budget error once it is exceeded.
    private mutating func index(_ samples: UInt64) -> ProbeError.Reason? {
      indexed += samples  // each term is below 2^33, and the walk stops past the budget
      let limit = SampleTableGuard.maxIndexedSamples
      guard indexed > limit else { return nil }
      return .sampleBudgetExceeded(samples: Int(clamping: indexed), limit: Int(limit))
    }

    // MARK: boxes

    /// The first `count` bytes of `box`'s payload (fewer if the box is shorter).
    private func read(_ box: Box, count: Int) -> [UInt8]? {
      let length = Int(min(Int64(count), box.end - box.payload))
      return try? source.bytes(at: box.payload, length: length)
    }

    private func children(of box: Box) -> [Box]? {
      children(from: box.payload, to: box.end)
    }

    /// The boxes between `start` and `end`; stops at the first header that does not fit (or a
    /// read refused at the deadline). At most 1,000,000 a level: each costs one read.
    private func children(from start: Int64, to end: Int64) -> [Box]? {
      var boxes: [Box] = []
      var offset = start
      while end - offset >= 8, boxes.count < 1_000_000 {
        guard let header = try? source.bytes(at: offset, length: 16), header.count >= 8,
          let small = header.bigEndian(at: 0, width: 4)
        else { break }
        var size = small
        var headerSize: Int64 = 8
        if small == 1 {
          guard let large = header.bigEndian(at: 8, width: 8) else { break }
          (size, headerSize) = (large, 16)
        } else if small == 0 {
          size = UInt64(end - offset)  // to the end of the enclosing box
        }
        guard size >= UInt64(headerSize), size <= UInt64(end - offset) else { break }
        let type = String(decoding: header[4..<8], as: UTF8.self)
        boxes.append(Box(type: type, payload: offset + headerSize, end: offset + Int64(size)))
        offset += Int64(size)
      }
      return boxes
    }
  }
}
