internal import CFFmpeg
internal import MediaProbe

/// One yuv420p picture (limited range) as three Swift arrays, for the steps libswscale does not
/// do: turning it upright, cropping and padding. Width and height are even.
struct PicturePlanes {
  /// The size in pixels (the chroma planes are half of it each way).
  var width, height: Int
  /// The Y, Cb and Cr planes, rows back to back without padding.
  var luma, blue, red: [UInt8]

  /// A black picture (Y 16, Cb and Cr 128).
  init(blackWidth width: Int, height: Int) {
    (self.width, self.height) = (width, height)
    luma = [UInt8](repeating: 16, count: width * height)
    blue = [UInt8](repeating: 128, count: width * height / 4)
    red = blue
  }

  /// The pixels of a yuv420p `frame` with even sides.
  init(frame: UnsafePointer<AVFrame>) {
    (width, height) = (Int(frame.pointee.width), Int(frame.pointee.height))
    let planes = [frame.pointee.data.0, frame.pointee.data.1, frame.pointee.data.2]
    let strides = [frame.pointee.linesize.0, frame.pointee.linesize.1, frame.pointee.linesize.2]
    func copy(_ index: Int, _ w: Int, _ h: Int) -> [UInt8] {
      guard let base = planes[index] else { return [UInt8](repeating: 128, count: w * h) }
      var out = [UInt8](repeating: 0, count: w * h)
      for row in 0..<h {
        let line = UnsafeBufferPointer(start: base + row * Int(strides[index]), count: w)
        out.replaceSubrange(row * w..<(row + 1) * w, with: line)
      }
      return out
    }
    luma = copy(0, width, height)
    blue = copy(1, width / 2, height / 2)
    red = copy(2, width / 2, height / 2)
  }

  /// A new yuv420p frame holding these pixels, stamped `pts`.
  func frame(pts: Int64) throws(TransformError) -> Frame {
    guard let frame = Frame() else {
      throw .ffmpeg(stage: "av_frame_alloc", code: cffmpeg_averror(ENOMEM), message: "no memory")
    }
    let code = frame.withFrame { frame -> Int32 in
      frame.pointee.width = Int32(width)
      frame.pointee.height = Int32(height)
      frame.pointee.format = AV_PIX_FMT_YUV420P.rawValue
      frame.pointee.color_range = AVCOL_RANGE_MPEG
      frame.pointee.pts = pts
      return av_frame_get_buffer(frame, 0)
    }
    if code < 0 { throw .ffmpeg(stage: "av_frame_get_buffer", code: code, message: describe(code)) }
    frame.withFrame { frame in
      let planes = [frame.pointee.data.0, frame.pointee.data.1, frame.pointee.data.2]
      let strides = [frame.pointee.linesize.0, frame.pointee.linesize.1, frame.pointee.linesize.2]
      for (index, (plane, w)) in [(luma, width), (blue, width / 2), (red, width / 2)].enumerated() {
        guard let base = planes[index], w > 0 else { continue }
        plane.withUnsafeBufferPointer { source in
          for row in 0..<(plane.count / w) {
            guard let start = source.baseAddress else { return }
            (base + row * Int(strides[index])).update(from: start + row * w, count: w)
          }
        }
      }
    }
    return frame
  }

  /// The picture turned by `orientation`.
  func oriented(_ orientation: Orientation) -> PicturePlanes {
    let (w, h) = orientation.swapsSides ? (height, width) : (width, height)
    var out = PicturePlanes(blackWidth: w, height: h)
    out.luma = orientation.apply(luma, width: width, height: height)
    out.blue = orientation.apply(blue, width: width / 2, height: height / 2)
    out.red = orientation.apply(red, width: width / 2, height: height / 2)
    return out
  }

  /// The `w` × `h` part whose top-left corner is (`x`, `y`); all four even.
  func cropped(x: Int, y: Int, width w: Int, height h: Int) -> PicturePlanes {
    var out = PicturePlanes(blackWidth: w, height: h)
    func cut(_ plane: [UInt8], _ stride: Int, _ scale: Int) -> [UInt8] {
      var result: [UInt8] = []
      result.reserveCapacity(w * h / (scale * scale))
      for row in 0..<(h / scale) {
        let start = (y / scale + row) * stride + x / scale
        result += plane[start..<start + w / scale]
      }
      return result
    }
    out.luma = cut(luma, width, 1)
    out.blue = cut(blue, width / 2, 2)
    out.red = cut(red, width / 2, 2)
    return out
  }

  /// The picture centred on a black `w` × `h` canvas (at least as large, even sides).
  func padded(width w: Int, height h: Int) -> PicturePlanes {
    var out = PicturePlanes(blackWidth: w, height: h)
    let (x, y) = ((w - width) / 4 * 2, (h - height) / 4 * 2)
    func place(_ plane: [UInt8], into canvas: inout [UInt8], scale: Int) {
      let (pw, ph, cw) = (width / scale, height / scale, w / scale)
      for row in 0..<ph {
        let target = (y / scale + row) * cw + x / scale
        canvas.replaceSubrange(target..<target + pw, with: plane[row * pw..<(row + 1) * pw])
      }
    }
    place(luma, into: &out.luma, scale: 1)
    place(blue, into: &out.blue, scale: 2)
    place(red, into: &out.red, scale: 2)
    return out
  }
}

/// How a display matrix turns the stored picture, as FFmpeg 6.1's `ffmpeg` reads it (the
/// quarter turns, and the mirrors that come with them).
enum Orientation: Equatable {
  /// A quarter turn clockwise (`transpose=clock`).
  case clockwise
  /// A quarter turn counter-clockwise (`transpose=cclock`).
  case counterClockwise
  /// Rows become columns (`transpose=cclock_flip`): a quarter turn and a mirror.
  case transpose
  /// The other diagonal (`transpose=clock_flip`).
  case antiTranspose
  /// Half a turn.
  case halfTurn
  /// Mirrored left to right.
  case mirror
  /// Upside down (mirrored top to bottom).
  case flip

  /// The turn `matrix` asks for; `nil` for none, or for an angle that is not a quarter turn.
  static func of(matrix: [Int32]) -> Orientation? {
    guard matrix.count == 9 else { return nil }
    let angle = matrix.withUnsafeBufferPointer { av_display_rotation_get($0.baseAddress) }
    guard angle.isFinite else { return nil }
    var theta = -angle
    theta -= 360 * (theta / 360 + 0.9 / 360).rounded(.down)
    if abs(theta - 90) < 1 { return matrix[3] > 0 ? .transpose : .clockwise }
    if abs(theta - 270) < 1 { return matrix[3] < 0 ? .antiTranspose : .counterClockwise }
    if abs(theta - 180) < 1 {
      switch (matrix[0] < 0, matrix[4] < 0) {
      case (true, true): return .halfTurn
      case (true, false): return .mirror
      case (false, true): return .flip
      case (false, false): return nil
      }
    }
    if abs(theta) < 1 {
      switch (matrix[0] < 0, matrix[4] < 0) {
      case (true, true): return .halfTurn
      case (true, false): return .mirror
      case (false, true): return .flip
      case (false, false): return nil
      }
    }
    return nil
  }

  /// Whether the picture's width and height trade places.
  var swapsSides: Bool {
    [.clockwise, .counterClockwise, .transpose, .antiTranspose].contains(self)
  }

  /// `plane` (`width` × `height`, rows back to back) turned.
  func apply(_ plane: [UInt8], width: Int, height: Int) -> [UInt8] {
    let (w, h) = swapsSides ? (height, width) : (width, height)
    var out = [UInt8](repeating: 0, count: w * h)
    for y in 0..<h {
      for x in 0..<w {
        let (row, column): (Int, Int)
        switch self {
        case .clockwise: (row, column) = (height - 1 - x, y)
        case .counterClockwise: (row, column) = (x, width - 1 - y)
        case .transpose: (row, column) = (x, y)
        case .antiTranspose: (row, column) = (height - 1 - x, width - 1 - y)
        case .halfTurn: (row, column) = (height - 1 - y, width - 1 - x)
        case .mirror: (row, column) = (y, width - 1 - x)
        case .flip: (row, column) = (height - 1 - y, x)
        }
        out[y * w + x] = plane[row * width + column]
      }
    }
    return out
  }
}
