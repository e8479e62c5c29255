internal import CFFmpeg

/// The mark a placeholder draws at the bottom right when the request asks for a watermark: the
/// letters "AI" in a tiny built-in bitmap font (5 × 7 and 3 × 7 cells), white at 80 % over a
/// black box at 50 %, blended into the picture's own Y, Cb and Cr values (no font library).
///
/// A cell is `2 × ⌊min(width, height) / 240⌋` pixels (at least 2: even, so the chroma planes
/// line up), which makes the mark 9 cells (54 px at 720P) high and 11 cells wide, two cells
/// in from the right and bottom edges; on a picture too small for it, the part inside is drawn.
enum Watermark {
  /// "A", a blank column and "I", row by row: `#` is lit. The box adds one cell all round.
  static let letters = [
    ".###. ###",
    "#...#  # ",
    "#...#  # ",
    "#####  # ",
    "#...#  # ",
    "#...#  # ",
    "#...# ###",
  ]

  /// The mark's cells, row by row (the letters in their box): `true` is lit.
  static let glyph: [[Bool]] = {
    let inside = letters.map { row in [false] + row.map { $0 == "#" } + [false] }
    let blank = [Bool](repeating: false, count: inside[0].count)
    return [blank] + inside + [blank]
  }()

  /// The black box's opacity (of 256).
  static let boxOpacity: UInt32 = 128
  /// The letters' opacity (of 256).
  static let letterOpacity: UInt32 = 205

  /// The side of one cell, in pixels, for a `width` × `height` picture.
  static func cell(width: Int, height: Int) -> Int { max(2, min(width, height) / 240 * 2) }

  /// Draws the mark into the yuv420p `frame`'s own pixels.
  static func draw(into frame: UnsafeMutablePointer<AVFrame>) {
    let planes = YUVPlane.planes(of: frame)
    guard planes.count == 3 else { return }
    let (width, height) = (planes[0].width, planes[0].height)
    let cell = cell(width: width, height: height)
    let columns = glyph[0].count
    let left = width - (columns + 2) * cell
    let top = height - (glyph.count + 2) * cell
    for (row, cells) in glyph.enumerated() {
      for (column, lit) in cells.enumerated() {
        let (x, y) = (left + column * cell, top + row * cell)
        let (opacity, luma): (UInt32, UInt32) = lit ? (letterOpacity, 235) : (boxOpacity, 16)
        paint(planes[0], x: x, y: y, side: cell, value: luma, opacity: opacity)
        for chroma in planes[1...] {
          paint(chroma, x: x / 2, y: y / 2, side: cell / 2, value: 128, opacity: opacity)
        }
      }
    }
  }

  /// Blends `value` at `opacity` (of 256) into the square of `side` at (`x`, `y`) of `plane`,
  /// leaving out what lies outside it.
  private static func paint(
    _ plane: YUVPlane, x: Int, y: Int, side: Int, value: UInt32, opacity: UInt32
  ) {
    let kept = 256 - opacity
    let (top, bottom) = (max(0, y), min(plane.height, y + side))
    let (left, right) = (max(0, x), min(plane.width, x + side))
    guard top < bottom, left < right else { return }
    let (rows, columns) = (top..<bottom, left..<right)
    for row in rows {
      let line = plane.base + row * plane.stride
      for column in columns {
        line[column] = UInt8((UInt32(line[column]) * kept + value * opacity + 128) >> 8)
      }
    }
  }
}
