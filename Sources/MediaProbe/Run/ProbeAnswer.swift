/// What one probe found and, when it was asked to keep it, a still image's decoded first
/// frame: the very pixels the probe judged, for the transform module to scale or draw without
/// decoding the file again.
package struct ProbeAnswer: Sendable {
  /// What the probe found.
  package let info: MediaInfo
  /// The decoded first frame of a still image, when the probe kept it; `nil` otherwise.
  package let picture: FirstImageFrame?
}
