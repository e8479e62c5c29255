/// A DashScope region: endpoint, API key and model must all be of one region.
public enum Region: String, Sendable, Codable, CaseIterable {
  /// China (Beijing): `dashscope.aliyuncs.com`.
  case beijing
  /// International (Singapore): `dashscope-intl.aliyuncs.com`.
  case singapore

  /// The API base URL of the region.
  public var baseURL: String {
    switch self {
    case .beijing: "https://dashscope.aliyuncs.com"
    case .singapore: "https://dashscope-intl.aliyuncs.com"
    }
  }
}
