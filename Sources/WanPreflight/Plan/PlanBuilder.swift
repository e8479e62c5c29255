import MediaProbe

/// Builds the ``Plan`` from the request's fields and the probed source.
enum PlanBuilder {
  static func plan(
    fields: RequestFields, source: MediaInfo?, clipSeconds: Double?, spec: ModelSpec,
    region: Region
  ) -> Plan? {
    guard let roles = fields.roles, spec.combinations.contains(roles) else { return nil }
    let resolution = fields.resolution ?? spec.defaultResolution.rawValue
    let duration = fields.duration ?? spec.defaultDuration
    let tier = spec.tier(named: resolution)
    var output = Plan.Output(
      width: nil, height: nil, fps: spec.outputFPS, frames: spec.outputFPS * duration,
      seconds: duration, basis: .unknown)
    var alternate: Plan.Size?
    var ignores: Plan.Reading?
    if let tier, let picture = source?.video, let width = picture.displayWidth,
      let height = picture.displayHeight
    {
      // The exact shape when known: 800x640 with pixels 64:45 wide is 16:9, displayed 1138x640.
      let shape = picture.displayAspectRatio ?? Rational(width, height)
      let size = SizePredictor.outputSize(
        width: shape.numerator, height: shape.denominator, pixelBudget: tier.pixelBudget,
        alignment: spec.outputAlignment)
      output.width = size.width
      output.height = size.height
      output.basis = tier.budgetBasis == .documented ? .predicted : .assumed
      if let stored = picture.width, let storedHeight = picture.height {
        let other = SizePredictor.outputSize(
          width: stored, height: storedHeight, pixelBudget: tier.pixelBudget,
          alignment: spec.outputAlignment)
        let turned = picture.rotation == 90 || picture.rotation == 270
        // Images ignore their sample aspect ratio (a JPEG's JFIF density) in the probe already.
        let anamorphic = picture.kind == .video && picture.sampleAspectRatio != nil
        if other != size, turned || anamorphic {
          alternate = Plan.Size(width: other.width, height: other.height)
          ignores =
            turned && anamorphic
            ? .orientationAndPixelAspectRatio : turned ? .orientation : .pixelAspectRatio
        }
      }
    }
    let price = ResolutionTier(rawValue: resolution).flatMap {
      spec.price(tier: $0, region: region)
    }.map {
      Plan.Price(
        amount: (($0.perSecond * Double(duration)) * 1_000_000).rounded() / 1_000_000,
        currency: $0.currency, region: region, basis: .listPrice)
    }
    return Plan(
      model: fields.model ?? spec.name, task: roles.map(\.rawValue).joined(separator: "+"),
      resolution: resolution, output: output, alternateOutput: alternate, alternateIgnores: ignores,
      continuationSeconds: clipSeconds.map {
        max(0, ((Double(duration) - $0) * 1000).rounded() / 1000)
      },
      billedSeconds: duration, price: price)
  }
}
