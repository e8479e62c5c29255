import MediaProbe

/// Warns when EXIF orientation or a rotation matrix makes the displayed size differ from the
/// stored one: whether the service applies them is undocumented.
enum Orientation {
  /// The `orientation` warning for the picture of `item`, if its orientation is in doubt.
  static func check(_ item: MediaItem, role: MediaRole, info: MediaInfo) -> [Diagnostic] {
    guard let picture = info.video, let width = picture.width, let height = picture.height,
      let displayWidth = picture.displayWidth, let displayHeight = picture.displayHeight
    else { return [] }
    let source: String
    if let orientation = info.image?.orientation, orientation.value != 1 {
      source = "EXIF orientation \(orientation.value)"
    } else if let rotation = picture.rotation, rotation != 0 || picture.mirrored == true {
      source =
        "a rotation matrix of \(rotation)°" + (picture.mirrored == true ? " with mirroring" : "")
    } else {
      return []
    }
    let turned = picture.rotation == 90 || picture.rotation == 270
    let effect =
      turned
      ? "stored \(width)x\(height), displayed \(displayWidth)x\(displayHeight)"
      : "the picture is displayed turned or mirrored"
    return [
      Diagnostic(
        .orientation, at: item.pointer,
        "\(role.rawValue) \(info.path) has \(source) (\(effect)); whether the service applies it "
          + "is undocumented: the plan predicts for the displayed orientation"
          + (turned ? " and gives the other reading as alternate_output" : ""),
        hint: "bake the orientation into the pixels to remove the doubt")
    ]
  }
}
