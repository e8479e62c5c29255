// swift-tools-version: 6.0
// libFuzzer targets for wan-preflight, in a package of their own: they are built only with
// `swift build --sanitize=fuzzer --sanitize=address` (libFuzzer supplies `main`), which the
// main package's `swift build` and `swift test` must never see. Run them with `make fuzz`.
import PackageDescription

let package = Package(
  name: "wan-preflight-fuzz",
  dependencies: [.package(name: "wan-preflight", path: "..")],
  targets: [
    // MediaProbe from memory: any bytes, through the custom AVIOContext.
    .executableTarget(
      name: "FuzzProbe",
      dependencies: [.product(name: "MediaProbe", package: "wan-preflight"), "FuzzProbeMutator"]
    ),
    // FuzzProbe's structure-aware mutator (ISO BMFF box sizes, PNG chunk lengths), in C because
    // libFuzzer calls it by its C name.
    .target(name: "FuzzProbeMutator"),
    // Request files: the JSON and YAML parsers, then the whole check and its reporters.
    .executableTarget(
      name: "FuzzRequest",
      dependencies: [.product(name: "WanPreflight", package: "wan-preflight")]
    ),
  ],
  swiftLanguageModes: [.v6]
)
