internal import CFFmpeg

/// What only an image file has: orientation, animation and transparency, from its decoded first
/// frame and the header the sniffer read.
enum ImageDescriber {
  /// Orientation, animation and transparency of an image, applied to its stream.
  static func details(
    frame: UnsafeMutablePointer<AVFrame>, header: ImageHeader?, stream: inout StreamInfo
  ) -> ImageDetails {
    var orientation: ImageDetails.Orientation?
    if let tag = av_dict_get(frame.pointee.metadata, "Orientation", nil, 0),
      let value = Int(String(cString: tag.pointee.value).filter { !$0.isWhitespace }),
      (1...8).contains(value)
    {
      orientation = ImageDetails.Orientation(value: value, source: .exif)
    } else if let value = header?.orientation,
      let source = header?.orientationSource.flatMap(ImageDetails.OrientationSource.init(rawValue:))
    {
      orientation = ImageDetails.Orientation(value: value, source: source)
    }
    if let orientation {
      stream.rotation = orientation.rotation
      stream.mirrored = orientation.mirrored
    }
    // CMYK's K plane sits where FFmpeg's alpha would be: it is ink, not transparency.
    var transparent =
      stream.pixelFormat == "cmyk" ? nil : TransparencyScanner.hasTransparentPixels(frame)
    if stream.pixelFormat == "pal8" {  // a palette has an alpha channel only if it uses it
      if transparent != true { transparent = nil }
      stream.hasAlpha = transparent == true
    }
    let frameCount = header?.frameCount ?? stream.frameCount
    return ImageDetails(
      orientation: orientation,
      animated: header?.isAnimated == true || (frameCount ?? 1) > 1,
      frameCount: frameCount, hasTransparentPixels: transparent)
  }
}
