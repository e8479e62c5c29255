import Foundation

/// A `.wan-preflight.json` file: rule severities, file selection, region, prices and where
/// hosted media have local copies. `check`, `build` and `lint` follow the same one (see
/// ``Preflight/init(configuration:region:probeOptions:cache:)``), so a Swift caller gets the
/// same verdict as the command line.
///
/// ```json
/// { "version": 1,
///   "rules": { "image_animated": "error", "unknown_field": "off" },
///   "include": ["jobs/**"], "exclude": ["jobs/drafts/**"],
///   "region": "singapore",
///   "prices": { "beijing": { "720P": 0.5 } },
///   "url_mappings": { "https://cdn.example.com/": "assets/" } }
/// ```
///
/// Globs and mapped folders are relative to the configuration file's folder. The type is
/// `Codable` in that shape; decoding validates as ``load(_:)`` does.
public struct Configuration: Sendable, Equatable, Codable {
  /// The newest `version` this build understands.
  public static let highestVersion = 1
  /// The file name searched for from the request's folder up.
  public static let fileName = ".wan-preflight.json"

  /// A rule's severity, or `off` to drop its diagnostics.
  public enum RuleSetting: String, Sendable, Equatable, CaseIterable, Codable {
    case off, note, warning, error
  }

  /// Per-rule overrides.
  public var rules: [RuleID: RuleSetting] = [:]
  /// Globs a linted file must match (it or a folder above it), when not empty.
  public var include: [String] = []
  /// Globs of files lint passes over (a file matches when it or a folder above it does).
  public var exclude: [String] = []
  /// The default region.
  public var region: Region?
  /// List prices per second to use instead of the built-in ones: region → tier → amount.
  public var prices: [Region: [String: Double]] = [:]
  /// URL prefixes whose files have local copies: prefix → folder (relative to the configuration).
  public var urlMappings: [String: String] = [:]
  /// The file this configuration came from; `nil` for the defaults. Not part of the encoding.
  public var file: String?

  /// The defaults (no file).
  public init() {}

  /// Why a configuration file was refused: names the file and what is wrong.
  public struct Error: Swift.Error, Sendable, Equatable, CustomStringConvertible {
    /// `FILE: what is wrong`.
    public let description: String

    /// An error with this text.
    public init(description: String) { self.description = description }
  }
}
