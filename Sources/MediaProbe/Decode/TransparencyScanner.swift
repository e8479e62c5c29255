internal import CFFmpeg

/// Finds out whether a decoded picture has any pixel that is not fully opaque.
///
/// Reads the alpha component row by row with `av_read_image_line2`, which understands every
/// packed and planar layout libavutil describes; for palette formats it looks each index up in
/// the palette. Stops at the first transparent pixel and allocates one row.
enum TransparencyScanner {
  /// `true` if a pixel is transparent, `false` if all are opaque, `nil` if the pixel format has
  /// no alpha at all.
  static func hasTransparentPixels(_ frame: UnsafeMutablePointer<AVFrame>) -> Bool? {
    let format = AVPixelFormat(frame.pointee.format)
    guard let descriptor = av_pix_fmt_desc_get(format) else { return nil }
    let flags = descriptor.pointee.flags
    let width = Int(frame.pointee.width)
    let height = Int(frame.pointee.height)
    guard width > 0, height > 0 else { return nil }
    if flags & CFFMPEG_PIX_FMT_FLAG_PAL != 0 {
      return paletteHasTransparency(frame, descriptor: descriptor, width: width, height: height)
    }
    guard flags & CFFMPEG_PIX_FMT_FLAG_ALPHA != 0 else { return nil }
    // Floating-point alpha is not read here; treat it as possibly transparent (fail closed).
    guard flags & UInt64(AV_PIX_FMT_FLAG_FLOAT) == 0 else { return true }
    let alphaComponent = Int32(descriptor.pointee.nb_components) - 1
    let depth = component(descriptor, alphaComponent).depth
    let opaque = depth >= 32 ? UInt32.max : (UInt32(1) << UInt32(depth)) - 1
    var row = [UInt32](repeating: 0, count: width)
    for y in 0..<height {
      readRow(frame, descriptor: descriptor, y: y, component: alphaComponent, into: &row)
      if row.contains(where: { $0 < opaque }) { return true }
    }
    return false
  }

  private static func paletteHasTransparency(
    _ frame: UnsafeMutablePointer<AVFrame>, descriptor: UnsafePointer<AVPixFmtDescriptor>,
    width: Int, height: Int
  ) -> Bool {
    guard let palette = frame.pointee.data.1 else { return false }
    // The palette is 256 native-endian ARGB words.
    var transparentIndex = [Bool](repeating: false, count: 256)
    palette.withMemoryRebound(to: UInt32.self, capacity: 256) { words in
      for index in 0..<256 { transparentIndex[index] = words[index] >> 24 < 0xFF }
    }
    guard transparentIndex.contains(true) else { return false }
    var row = [UInt32](repeating: 0, count: width)
    for y in 0..<height {
      readRow(frame, descriptor: descriptor, y: y, component: 0, into: &row)
      if row.contains(where: { transparentIndex[Int($0 & 0xFF)] }) { return true }
    }
    return false
  }

  private static func readRow(
    _ frame: UnsafeMutablePointer<AVFrame>, descriptor: UnsafePointer<AVPixFmtDescriptor>,
    y: Int, component: Int32, into row: inout [UInt32]
  ) {
    var planes: [UnsafePointer<UInt8>?] = [
      UnsafePointer(frame.pointee.data.0), UnsafePointer(frame.pointee.data.1),
      UnsafePointer(frame.pointee.data.2), UnsafePointer(frame.pointee.data.3),
    ]
    var lineSizes = [
      frame.pointee.linesize.0, frame.pointee.linesize.1,
      frame.pointee.linesize.2, frame.pointee.linesize.3,
    ]
    let width = Int32(row.count)
    row.withUnsafeMutableBytes { destination in
      planes.withUnsafeMutableBufferPointer { planePointers in
        lineSizes.withUnsafeMutableBufferPointer { sizes in
          av_read_image_line2(
            destination.baseAddress, planePointers.baseAddress, sizes.baseAddress, descriptor,
            0, Int32(y), component, width, 0, 4)
        }
      }
    }
  }

  private static func component(
    _ descriptor: UnsafePointer<AVPixFmtDescriptor>, _ index: Int32
  ) -> AVComponentDescriptor {
    switch index {
    case 0: descriptor.pointee.comp.0
    case 1: descriptor.pointee.comp.1
    case 2: descriptor.pointee.comp.2
    default: descriptor.pointee.comp.3
    }
  }
}
