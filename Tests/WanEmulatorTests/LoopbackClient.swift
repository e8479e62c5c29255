import Dispatch
import Foundation
import Hummingbird

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An HTTP/1.1 client of the emulator for the tests: one loopback connection a request
/// (`Connection: close`), the answer read to the end. Its sockets block on a dispatch thread,
/// never on the cooperative pool the server's handlers run on.
struct LoopbackClient: Sendable {
  /// The port the emulator listens on, on 127.0.0.1.
  let port: Int

  /// Sends `method` `uri` with `headers` and `body`, and returns the whole answer.
  func execute(
    uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil
  ) async throws -> LoopbackResponse {
    var head = "\(method.rawValue) \(uri) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
    head += "Connection: close\r\n"
    for field in headers { head += "\(field.name.rawName): \(field.value)\r\n" }
    let bytes = body.map { Array($0.readableBytesView) } ?? []
    if body != nil || method == .post { head += "Content-Length: \(bytes.count)\r\n" }
    let request = Array((head + "\r\n").utf8) + bytes
    let port = self.port
    let answer = try await withCheckedThrowingContinuation { continuation in
      DispatchQueue.global().async {
        continuation.resume(
          with: Result {
            let socket = try LoopbackSocket(port: port, timeoutSeconds: 60)
            try socket.send(request)
            let answer = try socket.receive { _ in false }
            guard !answer.timedOut else { throw LoopbackSocket.Failure(step: "a timely answer") }
            return answer.bytes
          })
      }
    }
    return try LoopbackResponse(parsing: answer)
  }
}

/// An answer as ``LoopbackClient`` read it.
struct LoopbackResponse: Sendable {
  /// The status line's status.
  var status: HTTPResponse.Status
  /// The header fields.
  var headers: HTTPFields
  /// The body (chunked transfer decoded).
  var body: ByteBuffer

  struct Malformed: Error, CustomStringConvertible {
    let description: String
  }

  /// Reads the status line, the fields and the body of `bytes`, a whole HTTP/1.1 answer.
  init(parsing bytes: [UInt8]) throws {
    let separator = Array("\r\n\r\n".utf8)
    guard let end = bytes.firstRange(of: separator) else {
      throw Malformed(description: "no end of head in \(bytes.count) bytes")
    }
    let lines = String(decoding: bytes[..<end.lowerBound], as: UTF8.self)
      .components(separatedBy: "\r\n")
    let statusParts = lines[0].split(separator: " ", maxSplits: 2)
    guard statusParts.count >= 2, let code = Int(statusParts[1]) else {
      throw Malformed(description: "status line \(lines[0])")
    }
    status = HTTPResponse.Status(code: code)
    headers = [:]
    for line in lines.dropFirst() {
      guard let colon = line.firstIndex(of: ":"),
        let name = HTTPFields.Element.Name(String(line[..<colon]))
      else { throw Malformed(description: "field \(line)") }
      headers.append(
        HTTPFields.Element(
          name: name, value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
      )
    }
    var rest = Array(bytes[end.upperBound...])
    if headers[.transferEncoding]?.lowercased() == "chunked" {
      rest = try Self.dechunked(rest)
    } else if let length = headers[.contentLength].flatMap(Int.init), length <= rest.count {
      rest = Array(rest.prefix(length))
    }
    body = ByteBuffer(bytes: rest)
  }

  /// The payload of a chunked body.
  private static func dechunked(_ bytes: [UInt8]) throws -> [UInt8] {
    var payload: [UInt8] = []
    var index = 0
    let lineEnd = Array("\r\n".utf8)
    while true {
      guard let sizeEnd = bytes[index...].firstRange(of: lineEnd) else {
        throw Malformed(description: "chunk size without an end of line")
      }
      let sizeText = String(decoding: bytes[index..<sizeEnd.lowerBound], as: UTF8.self)
      guard let size = Int(sizeText.split(separator: ";")[0], radix: 16) else {
        throw Malformed(description: "chunk size \(sizeText)")
      }
      index = sizeEnd.upperBound
      if size == 0 { return payload }
      guard index + size <= bytes.count else { throw Malformed(description: "short chunk") }
      payload += bytes[index..<index + size]
      index += size + lineEnd.count
    }
  }
}

/// A blocking TCP connection to 127.0.0.1 with POSIX sockets, closed when released.
final class LoopbackSocket {
  struct Failure: Error, CustomStringConvertible {
    let step: String
    var description: String { "loopback socket: \(step) failed (errno \(errno))" }
  }

  private let descriptor: Int32

  /// Connects to `port`; reads give up after `timeoutSeconds` of silence.
  init(port: Int, timeoutSeconds: Int) throws {
    #if canImport(Glibc)
      descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
      descriptor = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard descriptor >= 0 else { throw Failure(step: "socket") }
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
    guard connected == 0 else {
      close(descriptor)
      throw Failure(step: "connect")
    }
  }

  deinit { close(descriptor) }

  /// Writes all of `bytes`.
  func send(_ bytes: [UInt8]) throws {
    var sent = 0
    while sent < bytes.count {
      let count = bytes[sent...].withUnsafeBytes { rest -> Int in
        guard let start = rest.baseAddress else { return 0 }
        #if canImport(Glibc)
          return Glibc.send(descriptor, start, rest.count, Int32(MSG_NOSIGNAL))
        #else
          return Darwin.send(descriptor, start, rest.count, 0)
        #endif
      }
      guard count > 0 else { throw Failure(step: "send") }
      sent += count
    }
  }

  /// Reads until the peer closes, the read times out, or `enough` says what came is enough;
  /// what came, and whether the timeout ended it.
  func receive(until enough: ([UInt8]) -> Bool) throws -> (bytes: [UInt8], timedOut: Bool) {
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = recv(descriptor, &buffer, buffer.count, 0)
      if count < 0 {
        if errno == EINTR { continue }
        if errno == EAGAIN || errno == EWOULDBLOCK { return (received, true) }
        // A server that answers without reading a whole body may reset the connection.
        if errno == ECONNRESET, !received.isEmpty { return (received, false) }
        throw Failure(step: "recv")
      }
      if count == 0 { return (received, false) }
      received += buffer[0..<count]
      if enough(received) { return (received, false) }
    }
  }
}
