import Dispatch

/// Runs probes on threads of its own, at most ``width`` at once, never on Swift's cooperative
/// thread pool: FFmpeg's calls block (reads, header parsing, decoding), and a blocked
/// cooperative thread starves every other task of the process.
///
/// Jobs wait in a first-in, first-out queue and each runs on a thread of its own
/// (``WorkerThread``). A job's
/// slot is given back when it finishes or when it is abandoned at its hard deadline
/// (``ProbeJob``), so a worker stuck in FFmpeg does not hold up the probes behind it: for a
/// while, that worker and the ``width`` live ones run side by side.
final class ProbeExecutor: @unchecked Sendable {
  /// The executor every ``Prober`` uses: one job per online processor.
  static let shared = ProbeExecutor(width: Prober.concurrency)

  /// How many jobs run at once.
  let width: Int
  /// Guards ``pending`` and ``running``.
  private let control = DispatchQueue(label: "MediaProbe.ProbeExecutor.control")
  private var pending: [ProbeJob] = []
  private var running = 0

  /// An executor running at most `width` jobs at once (at least one).
  init(width: Int) {
    self.width = max(1, width)
  }

  /// Queues `job`; it starts as soon as a slot is free.
  func submit(_ job: ProbeJob) {
    control.async {
      self.pending.append(job)
      self.startWaitingJobs()
    }
  }

  /// Starts queued jobs while slots are free. Runs on ``control``.
  private func startWaitingJobs() {
    while running < width, !pending.isEmpty {
      let job = pending.removeFirst()
      running += 1
      WorkerThread.start {
        job.run { self.control.async { self.finished() } }
      }
    }
  }

  /// A job gave its slot back. Runs on ``control``.
  private func finished() {
    running -= 1
    startWaitingJobs()
  }
}
