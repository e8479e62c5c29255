// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "wan-preflight",
  platforms: [.macOS(.v13)],
  products: [
    .library(name: "MediaProbe", targets: ["MediaProbe"]),
    .library(name: "MediaTransform", targets: ["MediaTransform"]),
    .library(name: "WanPreflight", targets: ["WanPreflight"]),
    .library(name: "WanEmulator", targets: ["WanEmulator"]),
    .executable(name: "wan-preflight", targets: ["wan-preflight"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
    // `swift package generate-documentation` (make docs): DocC archives of the libraries.
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
  ],
  targets: [
    // FFmpeg's C libraries and zlib (Debian: libavformat-dev libavcodec-dev libavutil-dev
    // libswscale-dev libswresample-dev zlib1g-dev).
    .systemLibrary(
      name: "CFFmpeg",
      pkgConfig: "libavformat libavcodec libavutil libswscale libswresample zlib",
      providers: [
        .apt([
          "libavformat-dev", "libavcodec-dev", "libavutil-dev", "libswscale-dev",
          "libswresample-dev", "zlib1g-dev",
        ]),
        .brew(["ffmpeg"]),
      ]
    ),
    // The only module that touches C: opens media safely and returns plain values.
    .target(name: "MediaProbe", dependencies: ["CFFmpeg"]),
    // Writes media: decodes with the probe's guards, converts with libswscale, encodes.
    .target(name: "MediaTransform", dependencies: ["MediaProbe", "CFFmpeg"]),
    // Pure Swift: the API's rules, predictions, request building, the fix planner and
    // reporters.
    .target(
      name: "WanPreflight",
      dependencies: [
        "MediaProbe", "MediaTransform", "Yams",
        .product(name: "SystemPackage", package: "swift-system"),
      ]
    ),
    // The dry-run of the service's HTTP API (Hummingbird): judges requests with WanPreflight,
    // keeps tasks in memory or SQLite (GRDB; Debian: libsqlite3-dev), renders placeholder videos
    // with MediaTransform.
    .target(
      name: "WanEmulator",
      dependencies: [
        "MediaProbe", "MediaTransform", "WanPreflight",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdCore", package: "hummingbird"),
        .product(name: "MultipartKit", package: "multipart-kit"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "NIOCore", package: "swift-nio"),
      ]
    ),
    // The command-line tool: parses flags, calls the libraries, prints.
    .executableTarget(
      name: "wan-preflight",
      dependencies: [
        "MediaProbe",
        "MediaTransform",
        "WanPreflight",
        "WanEmulator",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "MediaProbeTests", dependencies: ["MediaProbe"]),
    .testTarget(name: "MediaTransformTests", dependencies: ["MediaTransform", "MediaProbe"]),
    .testTarget(
      name: "WanPreflightTests", dependencies: ["WanPreflight", "MediaProbe", "MediaTransform"],
      exclude: ["Golden"]),
    .testTarget(name: "CLITests", dependencies: ["wan-preflight", "WanPreflight"]),
    .testTarget(
      name: "WanEmulatorTests",
      dependencies: [
        "WanEmulator", "WanPreflight", "MediaProbe",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ]
    ),
  ],
  swiftLanguageModes: [.v6]
)
