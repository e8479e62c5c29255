/// The extremes of a sound's samples in runs, gathered as the samples are decoded, in bounded
/// memory: the samples themselves while there are at most ``exactLimit`` of them (runs are then
/// exact to the sample), then the lowest and highest of each block of ``blockSize`` (runs are
/// then exact to the block: a 16-minute audiobook at 48 kHz holds 1.5 MB, not 95 MB).
struct PeakAccumulator {
  /// How many samples are kept one by one.
  static let exactLimit = 1 << 22
  /// How many samples a block's extremes stand for once the samples are no longer kept.
  static let blockSize = 64

  /// How many samples were added.
  private(set) var count = 0
  private var samples: [Int16] = []
  private var lows: [Int16] = []
  private var highs: [Int16] = []
  private var collapsed = false

  /// Adds `new` samples, in order.
  mutating func append(_ new: [Int16]) {
    count += new.count
    samples += new
    if !collapsed, samples.count <= Self.exactLimit { return }
    collapsed = true
    let whole = samples.count / Self.blockSize * Self.blockSize
    for start in stride(from: 0, to: whole, by: Self.blockSize) {
      let block = samples[start..<start + Self.blockSize]
      lows.append(block.min() ?? 0)
      highs.append(block.max() ?? 0)
    }
    samples.removeFirst(whole)
  }

  /// The extremes of `runs` equal runs (fewer when there are fewer samples or blocks).
  func peaks(_ runs: Int) -> [Waveform.Peak] {
    var lows = self.lows
    var highs = self.highs
    if collapsed {
      if let low = samples.min(), let high = samples.max() {
        lows.append(low)
        highs.append(high)
      }
    } else {
      (lows, highs) = (samples, samples)
    }
    let count = min(runs, lows.count)
    guard count > 0 else { return [] }
    return (0..<count).map { run in
      let start = run * lows.count / count
      let end = max(start + 1, (run + 1) * lows.count / count)
      let low = lows[start..<end].min() ?? 0
      let high = highs[start..<end].max() ?? 0
      return Waveform.Peak(low: Double(low) / 32768, high: Double(high) / 32768)
    }
  }
}
