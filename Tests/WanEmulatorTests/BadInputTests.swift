import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import WanEmulator

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@Suite("Oversized bodies and raw connections")
struct BadInputTests {
  @Test func bodyOverTheLimitIs413() async throws {
    try await EmulatorHarness { $0.maxBodyBytes = 1000 }.run(.live) { client, _ in
      let response = try await client.create(String(repeating: " ", count: 5000) + "{}")
      #expect(response.status == .contentTooLarge)
      let body = try JSONBody(response)
      #expect(body.code == "BadRequest.TooLarge")
      #expect(body.message == "Payload Too Large.")
    }
  }

  @Test func declaredOversizedBodyIsAnsweredWithoutReadingTheRest() async throws {
    try await EmulatorHarness {
      $0.maxBodyBytes = 1000
      $0.idleTimeoutSeconds = 120
    }.run(.live) { client, emulator in
      // The live client's port is the server's; a raw socket sends a head promising 50 MB and
      // only 10 bytes of it. The rest never comes, so an answer at all (long before the idle
      // timeout) is one given without reading the body.
      let port = try #require(client.port)
      let head =
        "POST /api/v1/services/aigc/video-generation/video-synthesis HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\nAuthorization: Bearer k\r\nX-DashScope-Async: enable\r\n"
        + "Content-Type: application/json\r\nContent-Length: 50000000\r\n\r\n{\"model\":"
      let exchange = try RawConnection.exchange(head, port: port, timeoutSeconds: 60)
      #expect(exchange.text.hasPrefix("HTTP/1.1 413"))
      #expect(exchange.text.contains("BadRequest.TooLarge"))
      #expect(!exchange.timedOut)
    }
  }

  @Test func aSilentHalfOpenConnectionIsClosedAfterTheIdleTimeout() async throws {
    try await EmulatorHarness { $0.idleTimeoutSeconds = 1 }.run(.live) { client, _ in
      // Half a request head, then silence: the server closes the connection after the idle
      // second, long before the client's own limit.
      let port = try #require(client.port)
      let started = Date()
      let exchange = try RawConnection.exchange(
        "GET /api/v1/tasks/abc HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthor", port: port,
        timeoutSeconds: 60)
      let waited = Date().timeIntervalSince(started)
      #expect(!exchange.text.contains("200 OK"))
      #expect(!exchange.timedOut)
      #expect(waited >= 0.9)
    }
  }
}

/// One TCP exchange on loopback with POSIX sockets: send `text`, read until a whole JSON answer
/// came, the peer closes or the timeout passes.
enum RawConnection {
  struct Failure: Error { let step: String }

  /// What came back, and whether the read ended by the timeout rather than by the peer.
  struct Exchange {
    var text: String
    var timedOut: Bool
  }

  static func exchange(_ text: String, port: Int, timeoutSeconds: Int) throws -> Exchange {
    #if canImport(Glibc)
      let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
      let descriptor = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard descriptor >= 0 else { throw Failure(step: "socket") }
    defer { close(descriptor) }
    var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
    setsockopt(
      descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard connected == 0 else { throw Failure(step: "connect") }
    let bytes = Array(text.utf8)
    guard send(descriptor, bytes, bytes.count, 0) == bytes.count else {
      throw Failure(step: "send")
    }
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    var timedOut = false
    while true {
      let count = recv(descriptor, &buffer, buffer.count, 0)
      if count < 0 {
        timedOut = errno == EAGAIN || errno == EWOULDBLOCK
        break
      }
      if count == 0 { break }
      received += buffer[0..<count]
      if let text = String(bytes: received, encoding: .utf8), text.contains("\r\n\r\n"),
        text.contains("}")
      {
        break
      }
    }
    return Exchange(text: String(decoding: received, as: UTF8.self), timedOut: timedOut)
  }
}
