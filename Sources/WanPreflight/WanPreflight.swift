/// Facts about this toolkit.
public enum WanPreflightVersion {
  /// The version of wan-preflight, shown by `wan-preflight --version` and written into reports.
  public static let current = "0.1.0"
}
