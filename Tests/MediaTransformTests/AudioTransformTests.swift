import Foundation
import MediaProbe
import Testing

@testable import MediaTransform

@Suite("audio: decode, resample, trim, pad, WAV")
struct AudioTransformTests {
  typealias Support = TransformSupport

  /// Transforms `name` (under `fixtures/media/audio/`) into a WAV, checking that the source is
  /// unchanged and that the output probes with the result's facts; returns both.
  static func wav(
    _ name: String, _ transform: AudioTransform, in folder: URL, as output: String = "out.wav"
  ) throws -> (result: AudioTransformResult, info: MediaInfo) {
    let source = Support.fixture("media/audio/\(name)")
    let before = try Data(contentsOf: URL(fileURLWithPath: source))
    let out = folder.appendingPathComponent(output).path
    let result = try AudioTransformer().transform(source, transform, to: out)
    #expect(try Data(contentsOf: URL(fileURLWithPath: source)) == before)
    #expect(try Data(contentsOf: URL(fileURLWithPath: out)).count == result.byteCount)
    #expect(result.byteCount == 44 + result.sampleCount * result.channels * 2)
    let info = try Prober().probe(out)
    #expect(info.kind == .audio && info.format == "wav")
    #expect(info.audio?.codec == "pcm_s16le")
    #expect(info.audio?.sampleRate == result.sampleRate)
    #expect(info.audio?.channels == result.channels)
    #expect(abs((info.durationSeconds ?? 0) - result.durationSeconds) < 0.001)
    return (result, info)
  }

  @Test("a 3 s WAV trimmed to 1 s: exactly 8000 samples, the first second's samples")
  func trimWav() throws {
    try Support.withFolder { folder in
      let (result, _) = try Self.wav(
        "wav_3s_8000_mono.wav", AudioTransform(output: .wav).trim(toSeconds: 1), in: folder)
      #expect(result.sampleRate == 8000 && result.channels == 1 && result.sampleCount == 8000)
      let whole = try Self.wav(
        "wav_3s_8000_mono.wav", AudioTransform(output: .wav), in: folder, as: "whole.wav")
      #expect(whole.result.sampleCount == 24000)
      let trimmed = try Data(contentsOf: URL(fileURLWithPath: result.path)).dropFirst(44)
      let all = try Data(contentsOf: URL(fileURLWithPath: whole.result.path)).dropFirst(44)
      let same = Array(trimmed) == Array(all.prefix(16000))
      #expect(same)
    }
  }

  @Test("an MP3 padded to 5 s: 5 s of 44.1 kHz stereo, silent after the sound")
  func padMp3() throws {
    try Support.withFolder { folder in
      let (result, _) = try Self.wav(
        "mp3_3s_44100_stereo.mp3", AudioTransform(output: .wav).pad(toSeconds: 5), in: folder)
      #expect(result.sampleRate == 44100 && result.channels == 2)
      #expect(result.sampleCount == 5 * 44100)
      let bytes = try Data(contentsOf: URL(fileURLWithPath: result.path))
      let tail = bytes.suffix(44100 * 2 * 2)  // the last second
      #expect(tail.allSatisfy { $0 == 0 })
      let early = bytes.dropFirst(44 + 44100 * 4 / 2).prefix(44100)  // around 0.5 s
      #expect(early.contains { $0 != 0 })
    }
  }

  @Test("pad and trim to the same length give exactly that length, longer or shorter")
  func fitBoth() throws {
    try Support.withFolder { folder in
      let fit = AudioTransform(output: .wav).trim(toSeconds: 2).pad(toSeconds: 2)
      for name in ["wav_1s_8000_stereo.wav", "wav_3s_8000_mono.wav"] {
        let (result, _) = try Self.wav(name, fit, in: folder)
        #expect(result.sampleCount == 16000, "\(name)")
      }
    }
  }

  @Test("AAC in M4A resampled to 16 kHz mono")
  func resampleM4a() throws {
    try Support.withFolder { folder in
      let (result, info) = try Self.wav(
        "m4a_aac_2s.m4a", AudioTransform(output: .wav).resample(sampleRate: 16000, channels: 1),
        in: folder)
      #expect(result.sampleRate == 16000 && result.channels == 1)
      #expect(abs(result.durationSeconds - 2) < 0.1)
      #expect(info.audio?.channels == 1)
    }
  }

  @Test("hostile and picture inputs are refused with the probe's code, nothing written")
  func refused() throws {
    let inputs =
      RefusalTests.hostile.map { (Support.fixture("hostile/files/\($0.0)"), $0.1) }
      + [(Support.fixture("media/image/png_640x480.png"), "no_media_stream")]
    try Support.withFolder { folder in
      let out = folder.appendingPathComponent("out.wav").path
      for (path, code) in inputs {
        do throws(TransformError) {
          _ = try AudioTransformer().transform(path, AudioTransform(output: .wav), to: out)
          Issue.record("\(path) was transformed")
        } catch {
          #expect(error.code == code, "\(path)")
        }
      }
      #expect(Support.names(in: folder).isEmpty)
      let source = Support.fixture("media/audio/wav_3s_8000_mono.wav")
      #expect(throws: TransformError.destinationIsSource(source)) {
        try AudioTransformer().transform(source, AudioTransform(output: .wav), to: source)
      }
    }
  }

  @Test("a WAV encoded as MP3 (libmp3lame, 64 kb/s, trimmed to 2 s) probes as a 2 s MP3")
  func mp3() throws {
    let source = Support.fixture("media/audio/wav_3s_8000_mono.wav")
    let before = try Data(contentsOf: URL(fileURLWithPath: source))
    try Support.withFolder { folder in
      let out = folder.appendingPathComponent("voice.mp3").path
      let transform = AudioTransform(output: .mp3(bitRate: 64000)).trim(toSeconds: 2)
        .resample(sampleRate: 22050)
      let result = try AudioTransformer().transform(source, transform, to: out)
      #expect(result.codec == "mp3" && result.sampleRate == 22050 && result.channels == 1)
      #expect(result.sampleCount == 44100)
      #expect(try Data(contentsOf: URL(fileURLWithPath: out)).count == result.byteCount)
      #expect(try Data(contentsOf: URL(fileURLWithPath: source)) == before)
      let info = try Prober().probe(out)
      #expect(info.kind == .audio && info.format == "mp3")
      #expect(info.audio?.codec == "mp3" && info.audio?.sampleRate == 22050)
      #expect(info.audio?.channels == 1)
      #expect(abs((info.durationSeconds ?? 0) - 2) < 0.15)
      let back = try AudioTransformer().transform(
        out, AudioTransform(output: .wav), to: folder.appendingPathComponent("back.wav").path)
      #expect(abs(back.durationSeconds - 2) < 0.15)
    }
  }

  @Test("an MP3 bit rate out of range is an invalid transform")
  func badBitRate() throws {
    #expect(throws: TransformError.invalidTransform("bit rate 1 (allowed: 8000…320000)")) {
      try AudioTransformer().transform(
        Support.fixture("media/audio/wav_3s_8000_mono.wav"),
        AudioTransform(output: .mp3(bitRate: 1)),
        to: "/tmp/never-written.mp3")
    }
  }
}
