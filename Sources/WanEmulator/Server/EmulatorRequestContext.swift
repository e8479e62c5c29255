import Hummingbird
import NIOCore

/// The context of one request to the emulator: Hummingbird's core storage and the connection's
/// channel, so a refused oversized body can stop being read.
public struct EmulatorRequestContext: RequestContext {
  public var coreContext: CoreRequestContextStorage
  /// The connection the request came on.
  public let channel: any Channel

  public init(source: ApplicationRequestContextSource) {
    coreContext = CoreRequestContextStorage(source: source)
    channel = source.channel
  }
}
