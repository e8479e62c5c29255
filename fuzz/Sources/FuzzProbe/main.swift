import FuzzProbeMutator
import MediaProbe

/// Probes the fuzzer's bytes from memory. Any input must end in a `MediaInfo` or a typed
/// `ProbeError`; a crash, a leak, a memory error or a hang is a finding. The probe's time limit
/// is shorter than libFuzzer's (`-timeout=30` in `fuzz/run.sh`), so a slow input ends as a
/// `timed_out` error, and only a real hang (one that ignores the deadline) as a finding.
private let prober = Prober(options: ProbeOptions(timeLimitSeconds: 5))

/// libFuzzer looks the structure-aware mutator up by name; this reference keeps the linker from
/// dropping it.
private let mutator: @convention(c) (UnsafeMutablePointer<UInt8>?, Int, Int, UInt32) -> Int =
  LLVMFuzzerCustomMutator

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProbe(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  withExtendedLifetime(mutator) {}
  let bytes = UnsafeRawBufferPointer(start: start, count: count)
  do {
    let info = try prober.probe(bytes: bytes, name: "fuzz-input")
    // What a probe returns must be internally consistent.
    precondition(info.byteSize == Int64(count), "byteSize \(info.byteSize) for \(count) bytes")
    for index in [info.primaryVideoStream, info.primaryAudioStream].compactMap({ $0 }) {
      precondition(info.streams.indices.contains(index), "stream \(index) of \(info.streams.count)")
    }
    if let video = info.video {
      precondition((video.displayWidth ?? 0) > 0 && (video.displayHeight ?? 0) > 0)
    }
    if let seconds = info.durationSeconds { precondition(seconds.isFinite && seconds >= 0) }
  } catch {
    precondition(!error.message.isEmpty && error.path == "fuzz-input")
  }
  return 0
}
