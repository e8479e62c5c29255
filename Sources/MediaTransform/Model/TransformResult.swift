/// What a transform wrote.
public struct TransformResult: Sendable, Equatable {
  /// The file written.
  public var path: String
  /// The output's width in pixels.
  public var width: Int
  /// The output's height in pixels.
  public var height: Int
  /// FFmpeg's name of the pixel format encoded: `yuvj420p` for JPEG, `rgb24` for PNG.
  public var pixelFormat: String
  /// The size of the file written, in bytes.
  public var byteCount: Int
  /// For JPEG, the quantiser scale used (FFmpeg's `-q:v`: 2 is the best, 31 the worst); `nil`
  /// for PNG.
  public var jpegQScale: Int?

  /// Creates a result.
  public init(
    path: String, width: Int, height: Int, pixelFormat: String, byteCount: Int, jpegQScale: Int?
  ) {
    self.path = path
    self.width = width
    self.height = height
    self.pixelFormat = pixelFormat
    self.byteCount = byteCount
    self.jpegQScale = jpegQScale
  }
}
