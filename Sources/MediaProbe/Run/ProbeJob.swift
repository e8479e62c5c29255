import Dispatch

/// One probe handed to the ``ProbeExecutor``, and its single answer.
///
/// The answer is the first of three: the probe's own result; ``ProbeError/Reason/cancelled``
/// as soon as ``cancel()`` is called (the running probe also stops at its next deadline check,
/// read or FFmpeg interrupt callback); or ``ProbeError/Reason/timedOut(_:)`` from a watchdog
/// ``hardDeadlineGrace`` seconds after the time budget, for a probe stuck where nothing checks
/// the deadline (an FFmpeg demuxer in a CPU loop). A probe answered early keeps running on its
/// worker until it returns by itself, then frees its own FFmpeg handles; what it returns is
/// dropped.
final class ProbeJob: @unchecked Sendable {
  typealias Outcome = Result<ProbeAnswer, ProbeError>

  /// The queue every job's watchdog fires on.
  private static let watchdogs = DispatchQueue(label: "MediaProbe.ProbeJob.watchdogs")

  /// How long after the time budget the watchdog answers for a probe that has not returned.
  static let hardDeadlineGrace = 0.25

  /// The path, or the name of the bytes, for the errors the job makes itself.
  let name: String
  /// The time budget, as ``Deadline`` applies it.
  let seconds: Double
  private let work: @Sendable (Deadline) throws(ProbeError) -> ProbeAnswer
  /// For tests: called on the answering thread the moment the answer is known.
  private let answered: (@Sendable () -> Void)?
  /// Guards everything below.
  private let lock = DispatchQueue(label: "MediaProbe.ProbeJob")
  private var outcome: Outcome?
  private var receiver: (@Sendable (Outcome) -> Void)?
  private var cancelled = false
  private var deadline: Deadline?
  private var slotReturned = false

  /// A job that runs `work` with a deadline of `seconds` from when it starts.
  init(
    name: String, seconds: Double, answered: (@Sendable () -> Void)? = nil,
    work: @escaping @Sendable (Deadline) throws(ProbeError) -> ProbeAnswer
  ) {
    self.name = name
    self.seconds = Deadline.budget(seconds)
    self.answered = answered
    self.work = work
  }

  /// Calls `receiver` once with the answer: now if it is known, else when it is.
  func onAnswer(_ receiver: @escaping @Sendable (Outcome) -> Void) {
    let known: Outcome? = lock.sync {
      if outcome == nil { self.receiver = receiver }
      return outcome
    }
    if let known { receiver(known) }
  }

  /// Answers ``ProbeError/Reason/cancelled`` now and stops the probe at its next check; safe
  /// from any thread.
  func cancel() {
    let deadline: Deadline? = lock.sync {
      cancelled = true
      return self.deadline
    }
    deadline?.cancel()
    answer(.failure(ProbeError(path: name, reason: .cancelled)))
  }

  /// Runs the probe on the calling (worker) thread; `returnSlot` is called once, when the
  /// probe returns or the watchdog gives up on it, whichever comes first.
  func run(returnSlot: @escaping @Sendable () -> Void) {
    let deadline = Deadline(seconds: seconds)
    let alreadyCancelled: Bool = lock.sync {
      self.deadline = deadline
      return cancelled
    }
    guard !alreadyCancelled else { return giveBackSlot(returnSlot) }
    // A serial queue of its own: Dispatch gives it a thread even when every pooled thread is
    // taken (by probes stuck in FFmpeg, or by callers blocked on answers).
    let watchdog = DispatchSource.makeTimerSource(queue: Self.watchdogs)
    watchdog.schedule(deadline: .now() + seconds + Self.hardDeadlineGrace)
    watchdog.setEventHandler {
      self.answer(.failure(ProbeError(path: self.name, reason: .timedOut(self.seconds))))
      self.giveBackSlot(returnSlot)
    }
    watchdog.resume()
    let result = Outcome { () throws(ProbeError) in try work(deadline) }
    watchdog.cancel()
    answer(result)
    giveBackSlot(returnSlot)
  }

  /// Records `result` if no answer came before, and hands it to the receiver.
  private func answer(_ result: Outcome) {
    let (first, receiver): (Bool, (@Sendable (Outcome) -> Void)?) = lock.sync {
      guard outcome == nil else { return (false, nil) }
      outcome = result
      defer { self.receiver = nil }
      return (true, self.receiver)
    }
    if first { answered?() }
    receiver?(result)
  }

  private func giveBackSlot(_ returnSlot: @Sendable () -> Void) {
    let first: Bool = lock.sync {
      defer { slotReturned = true }
      return !slotReturned
    }
    if first { returnSlot() }
  }
}
