import Foundation
import Testing

@testable import MediaProbe

/// A Swift client reads the probe's JSON back into equal values (issue #11, item 7).
@Suite("Probe JSON read back")
struct ProbeErrorCodingTests {
  /// One error of every reason, with and without FFmpeg's message.
  static let errors: [ProbeError] = {
    let reasons: [ProbeError.Reason] = [
      .notFound, .nameNotUTF8, .notAFile("a directory"), .permissionDenied, .empty, .readFailed,
      .unrecognized, .refusedFormat("an HLS playlist (m3u8)"), .noMediaStream,
      .invalidDimensions, .decompressionBomb(limit: 16 << 20),
      .pixelBudgetExceeded(width: 65536, height: 65536, limit: 8192 * 8192),
      .sampleBudgetExceeded(samples: 50_000_000, limit: 10_000_000), .unknownCodec(stream: 1),
      .emptyStream, .undecodable, .truncated("the JPEG data ends before its end-of-image marker"),
      .corrupt("run-length data (a) reaches outside"), .timedOut(2.5), .timedOut(10),
      .cancelled, .other("out of memory"),
    ]
    return reasons.flatMap { reason in
      [
        ProbeError(path: "a/b.png", reason: reason),
        ProbeError(
          path: "c.mp4", reason: reason, ffmpegCode: -1_094_995_529,
          ffmpegMessage: "Invalid data found when processing input"),
      ]
    }
  }()

  @Test("every reason's error decodes from its JSON into an equal error")
  func everyReason() throws {
    for error in Self.errors {
      let data = try JSONEncoder().encode(error)
      #expect(try JSONDecoder().decode(ProbeError.self, from: data) == error)
    }
  }

  @Test("a code this version does not know reads as other, with its message")
  func unknownCode() throws {
    let json = #"{"path":"x.png","code":"from_the_future","message":"a new sentence"}"#
    let error = try JSONDecoder().decode(ProbeError.self, from: Data(json.utf8))
    #expect(error == ProbeError(path: "x.png", reason: .other("a new sentence")))
  }

  @Test("every fixture's MediaInfo survives a JSON round trip")
  func fixtures() throws {
    for folder in ["image", "audio", "video"] {
      for name in TestPaths.names(in: "fixtures/media/\(folder)") {
        guard let info = try? Prober().probe(TestPaths.fixture("\(folder)/\(name)")) else {
          continue
        }
        let data = try JSONEncoder().encode(info)
        #expect(try JSONDecoder().decode(MediaInfo.self, from: data) == info, "\(name)")
      }
    }
  }

  @Test("an error after the sniff carries the sniffed format; one before it, none")
  func sniffedFormat() throws {
    let heic = TestPaths.corpus("images/unsupported/heic_still_photo.heic")
    if FileManager.default.fileExists(atPath: heic) {
      do {
        _ = try Prober().probe(heic)
        Issue.record("a HEIC photo probed")
      } catch {
        #expect(error.reason == .unrecognized)
        #expect(error.sniffedFormat?.name == "heif" && error.sniffedFormat?.family == .image)
      }
    }
    let svg = Array(#"<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>"#.utf8)
    do {
      _ = try Prober().probe(bytes: svg, name: "data.svg")
      Issue.record("an SVG probed")
    } catch {
      #expect(
        error.sniffedFormat == ContentFormat(name: "svg", family: .image, mimeType: "image/svg+xml")
      )
    }
    do {
      _ = try Prober().probe("/nonexistent/file.png")
      Issue.record("a missing file probed")
    } catch {
      #expect(error.sniffedFormat == nil)
    }
  }
}
