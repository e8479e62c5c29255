/// The configurations of one lint's request files: each file's found (or given) once per
/// folder, each configuration file loaded and checked once.
struct LintConfigurations {
  /// Where each request's configuration comes from.
  let source: Configuration.Source
  /// The folders mapped URLs must lie in, resolved.
  let roots: [String]
  private var configurationByFolder: [String: Configuration] = [:]
  private var configurationByFile: [String: Configuration] = [:]

  init(source: Configuration.Source, roots: [String]) {
    self.source = source
    self.roots = roots
  }

  /// The configuration of the request file `path`, loaded once per file and checked once.
  mutating func configuration(for path: String) throws(LintError) -> Configuration {
    let folder = LocalPath.absolute(LocalPath.folder(of: path))
    if let known = configurationByFolder[folder] { return known }
    let file: String?
    switch source {
    case .defaults: file = nil
    case .file(let path): file = path
    case .discovered: file = Configuration.discover(from: folder)
    }
    let configuration: Configuration
    if let file, let known = configurationByFile[file] {
      configuration = known
    } else if let file {
      do {
        configuration = try Configuration.load(file)
      } catch {
        throw .configuration(error)
      }
      if let (prefix, mapped) = configuration.mappingOutside(roots) {
        throw .configuration(
          Configuration.Error(
            description: "\(file): url_mappings.\(prefix) maps to \(mapped), which is outside "
              + "the repository (\(roots.joined(separator: ", ")))"))
      }
      configurationByFile[file] = configuration
    } else {
      configuration = Configuration()
    }
    configurationByFolder[folder] = configuration
    return configuration
  }
}
