#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A detached thread of its own for one probe.
///
/// Not a Dispatch worker: libdispatch's pool for concurrent queues is sized to the processors,
/// and a probe stuck in FFmpeg (abandoned at its hard deadline) would keep one of those threads,
/// so later probes, and the watchdogs that time them, would wait for a thread that never comes.
/// A thread per probe costs tens of microseconds against milliseconds of probing.
enum WorkerThread {
  /// Runs `body` on a new detached thread; if no thread can be made, runs it on this one.
  static func start(_ body: @escaping @Sendable () -> Void) {
    let box = Unmanaged.passRetained(Body(body)).toOpaque()
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
    #if canImport(Glibc)
      var thread = pthread_t()
    #else
      var thread: pthread_t?
    #endif
    let created = pthread_create(
      &thread, &attributes,
      { context in
        guard let context else { return nil }
        let body = Unmanaged<Body>.fromOpaque(context).takeRetainedValue()
        body.run()
        return nil
      }, box)
    if created != 0 {
      Unmanaged<Body>.fromOpaque(box).takeRetainedValue().run()
    }
  }

  /// The closure, boxed to cross into C.
  private final class Body: Sendable {
    let run: @Sendable () -> Void
    init(_ run: @escaping @Sendable () -> Void) { self.run = run }
  }
}
