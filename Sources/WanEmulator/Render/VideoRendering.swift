import Foundation

/// Renders the placeholder video of a task: a real MP4 of the job's size and length.
///
/// Called on a thread of its own (rendering blocks), at most ``EmulatorConfiguration/renderers``
/// at once.
public protocol VideoRendering: Sendable {
  /// Writes the video of `job` to `destination`; `comment` goes into the MP4's `comment` tag.
  func render(_ job: RenderJob, comment: String, to destination: String) throws
}

/// Runs blocking renders off the concurrency pool, at most `limit` at once; the others wait
/// their turn in order.
actor RenderQueue {
  private let limit: Int
  private var running = 0
  private var waiting: [CheckedContinuation<Void, Never>] = []

  init(limit: Int) {
    self.limit = max(1, limit)
  }

  /// Runs `work` on a dispatch thread once a slot is free.
  func run(_ work: @escaping @Sendable () throws -> Void) async throws {
    if running >= limit {
      await withCheckedContinuation { waiting.append($0) }
    } else {
      running += 1
    }
    defer { release() }
    try await withCheckedThrowingContinuation {
      (continuation: CheckedContinuation<Void, any Error>) in
      DispatchQueue.global(qos: .utility).async {
        continuation.resume(with: Result { try work() })
      }
    }
  }

  /// Hands the slot to the next waiting render, or frees it.
  private func release() {
    if waiting.isEmpty {
      running -= 1
    } else {
      waiting.removeFirst().resume()
    }
  }
}
