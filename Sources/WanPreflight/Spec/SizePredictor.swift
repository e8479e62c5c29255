/// Predicts the output video's size from the input's displayed size and the tier's pixel budget.
///
/// The rule fits the user guide's worked example (750×1000 at 720P gives 816×1104) and is the
/// one the open Wan image-to-video code uses: keep the aspect ratio, scale the pixel count to
/// the budget `A`, and floor each axis to a multiple of 16 on its own:
///
///     width  = 16 · ⌊√(A · W / H) / 16⌋
///     height = 16 · ⌊√(A · H / W) / 16⌋
///
/// Rounding to the nearest multiple instead would give 832×1104 for the example, which does not
/// match. The result is a prediction: the service does not document its rule.
public enum SizePredictor {
  /// The predicted output size for an input displayed `width` × `height` pixels, or of that
  /// shape: only the ratio counts, so an anamorphic clip's exact display aspect ratio (16:9 for
  /// 800×640 with pixels 64:45 wide) predicts what its rounded display size (1138×640) cannot.
  ///
  /// Computed in integers, so exact cases (1920×1080 at a 1920×1080 budget) never lose a step
  /// to floating-point error; a shape too extreme to compute gives (0, 0) on that axis rather
  /// than trapping.
  /// - Parameters:
  ///   - width: The input's displayed width (after orientation), or its aspect ratio's first
  ///     term, > 0.
  ///   - height: The input's displayed height, or its aspect ratio's second term, > 0.
  ///   - pixelBudget: The tier's target pixel count `A`.
  ///   - alignment: The multiple each side is floored to (16).
  public static func outputSize(
    width: Int, height: Int, pixelBudget: Int, alignment: Int = 16
  ) -> (width: Int, height: Int) {
    guard width > 0, height > 0, pixelBudget > 0, alignment > 0 else { return (0, 0) }
    return (
      alignment * largestMultiplier(budget: pixelBudget, along: width, across: height, alignment),
      alignment * largestMultiplier(budget: pixelBudget, along: height, across: width, alignment)
    )
  }

  /// The largest k with (alignment · k)² · across ≤ budget · along, i.e.
  /// k = ⌊√(budget · along / across) / alignment⌋.
  private static func largestMultiplier(
    budget: Int, along: Int, across: Int, _ alignment: Int
  ) -> Int {
    let limit = budget.multipliedFullWidth(by: along)
    func fits(_ k: Int) -> Bool {
      let (side, sideOverflow) = alignment.multipliedReportingOverflow(by: k)
      let (square, squareOverflow) = side.multipliedReportingOverflow(by: side)
      guard !sideOverflow, !squareOverflow else { return false }
      let (high, low) = square.multipliedFullWidth(by: across)
      return (high, low) <= (limit.high, limit.low)
    }
    let estimate =
      (Double(budget) * Double(along) / Double(across)).squareRoot()
      / Double(alignment)
    // A side of 2^31 pixels or more has a square beyond what `fits` computes: no prediction.
    guard estimate.isFinite, estimate * Double(alignment) < Double(1 << 31) else { return 0 }
    var k = Int(estimate.rounded(.down))
    while k > 0 && !fits(k) { k -= 1 }
    while fits(k + 1) { k += 1 }
    return k
  }
}
