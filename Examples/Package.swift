// swift-tools-version: 6.0
// A program that uses wan-preflight as a library, the way another Swift package would: it depends
// on the package one folder up by path and uses MediaProbe and WanPreflight.
import PackageDescription

let package = Package(
  name: "wan-preflight-examples",
  platforms: [.macOS(.v13)],
  dependencies: [.package(name: "wan-preflight", path: "..")],
  targets: [
    .executableTarget(
      name: "preflight-example",
      dependencies: [
        .product(name: "MediaProbe", package: "wan-preflight"),
        .product(name: "WanPreflight", package: "wan-preflight"),
      ]
    )
  ]
)
