import Foundation
import Hummingbird
import Testing
import WanEmulator

@Suite("Oversized bodies and raw connections")
struct BadInputTests {
  @Test func bodyOverTheLimitIs413() async throws {
    try await EmulatorHarness { $0.maxBodyBytes = 1000 }.run { client, _ in
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
    }.run { client, emulator in
      // The live client's port is the server's; a raw socket sends a head promising 50 MB and
      // only 10 bytes of it. The rest never comes, so an answer at all (long before the idle
      // timeout) is one given without reading the body.
      let port = client.port
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
    try await EmulatorHarness { $0.idleTimeoutSeconds = 1 }.run { client, _ in
      // Half a request head, then silence: the server closes the connection after the idle
      // second, long before the client's own limit.
      let port = client.port
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

/// One TCP exchange on loopback: send `text`, read until a whole JSON answer came, the peer
/// closes or the timeout passes.
enum RawConnection {
  /// What came back, and whether the read ended by the timeout rather than by the peer.
  struct Exchange {
    var text: String
    var timedOut: Bool
  }

  static func exchange(_ text: String, port: Int, timeoutSeconds: Int) throws -> Exchange {
    let socket = try LoopbackSocket(port: port, timeoutSeconds: timeoutSeconds)
    try socket.send(Array(text.utf8))
    let answer = try socket.receive { received in
      let text = String(decoding: received, as: UTF8.self)
      return text.contains("\r\n\r\n") && text.contains("}")
    }
    return Exchange(text: String(decoding: answer.bytes, as: UTF8.self), timedOut: answer.timedOut)
  }
}
