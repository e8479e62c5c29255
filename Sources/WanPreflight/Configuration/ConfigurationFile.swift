import Foundation

/// Reading and validating a `.wan-preflight.json` file, with errors that name the file and the
/// place.
extension Configuration {
  /// Reads and validates a configuration file.
  public static func load(_ path: String) throws(Configuration.Error) -> Configuration {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
      throw Error(description: "\(path): no such file")
    }
    guard !isFolder.boolValue else { throw Error(description: "\(path): is a folder") }
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw Error(description: "\(path): cannot be read")
    }
    defer { try? handle.close() }
    let limits = ParseLimits()
    guard let data = try? handle.read(upToCount: limits.maxBytes + 1) else {
      throw Error(description: "\(path): cannot be read")
    }
    guard data.count <= limits.maxBytes else {
      throw Error(description: "\(path): is larger than \(limits.maxBytes) bytes")
    }
    let document: SourceDocument
    do {
      document = try JSONSourceParser.parse([UInt8](data), limits: limits)
    } catch {
      throw Error(description: "\(path):\(error.position): \(error.message)")
    }
    return try parse(document.root, file: path)
  }

  static func parse(_ root: SourceNode, file: String) throws(Configuration.Error) -> Configuration {
    func fail(_ message: String) -> Error { Error(description: "\(file): \(message)") }
    guard case .object(let members) = root.value else {
      throw fail("the configuration must be an object")
    }
    let known = Set(CodingKeys.allCases.map(\.rawValue)).union([schemaKey])
    let unknown = members.map(\.key).filter { !known.contains($0) }
    guard unknown.isEmpty else { throw fail(unknownKeysMessage(unknown)) }
    if let node = root[schemaKey], node.stringValue == nil { throw fail(schemaKeyMessage) }
    guard case .number(let literal)? = root["version"]?.value, let version = Int(literal) else {
      throw fail(versionRequired)
    }
    guard version <= highestVersion, version >= 1 else { throw fail(unsupportedMessage(version)) }
    var configuration = Configuration()
    configuration.file = file
    if case .object(let rules)? = root["rules"]?.value {
      for member in rules {
        guard let rule = RuleID(rawValue: member.key) else {
          throw fail(unknownRuleMessage(member.key))
        }
        guard let text = member.value.stringValue, let setting = RuleSetting(rawValue: text) else {
          throw fail(settingMessage(member.key))
        }
        configuration.rules[rule] = setting
      }
    } else if root["rules"] != nil {
      throw fail("\"rules\" must be an object of rule id to off|note|warning|error")
    }
    configuration.include = try globs(root["include"], "include", fail)
    configuration.exclude = try globs(root["exclude"], "exclude", fail)
    if let node = root["region"] {
      guard let text = node.stringValue, let region = Region(rawValue: text) else {
        throw fail(regionMessage)
      }
      configuration.region = region
    }
    if case .object(let regions)? = root["prices"]?.value {
      for member in regions {
        guard let region = Region(rawValue: member.key),
          case .object(let tiers) = member.value.value
        else { throw fail(priceRegionMessage(member.key)) }
        for tier in tiers {
          guard case .number(let amount) = tier.value.value, let value = Double(amount),
            Configuration.allowedPrices.contains(value)
          else {
            let found: String
            if case .number(let amount) = tier.value.value {
              found = amount
            } else {
              found = "a \(tier.value.typeName)"
            }
            throw fail(Configuration.priceMessage(member.key, tier.key, found: found))
          }
          configuration.prices[region, default: [:]][tier.key] = value
        }
      }
    } else if root["prices"] != nil {
      throw fail("\"prices\" must be an object of region to tier prices")
    }
    if case .object(let mappings)? = root["url_mappings"]?.value {
      for member in mappings {
        guard let folder = member.value.stringValue else {
          throw fail("url_mappings.\(member.key) must be a folder path")
        }
        guard HostedURL(member.key) != nil else {
          throw fail("url_mappings.\(member.key) is not an http(s) URL prefix")
        }
        configuration.urlMappings[member.key] = folder
      }
    } else if root["url_mappings"] != nil {
      throw fail("\"url_mappings\" must be an object of URL prefix to folder")
    }
    return configuration
  }

  private static func globs(
    _ node: SourceNode?, _ name: String, _ fail: (String) -> Error
  ) throws(Configuration.Error) -> [String] {
    guard let node else { return [] }
    guard case .array(let items) = node.value else {
      throw fail("\(name) must be an array of globs")
    }
    var result: [String] = []
    for item in items {
      guard let text = item.stringValue else { throw fail("\(name) must be an array of globs") }
      do {
        _ = try Glob(text)
      } catch {
        throw fail("\(name): \(error.description)")
      }
      result.append(text)
    }
    return result
  }
}
