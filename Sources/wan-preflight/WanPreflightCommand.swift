import ArgumentParser
import WanPreflight

/// `wan-preflight`: the root command.
struct WanPreflightCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "wan-preflight",
    abstract: "Check media and requests for the wan2.7-i2v image-to-video API before you pay.",
    discussion: """
      Probes local images, audio and clips with FFmpeg's libraries, entirely offline: nothing is \
      uploaded and no network connection is made.

      Exit status: 0 success; 1 a file could not be probed (or a request has errors); 2 usage \
      error; 3 internal fault.
      """,
    version: WanPreflightVersion.current,
    subcommands: [
      CheckCommand.self, BuildCommand.self, FixCommand.self, PreviewCommand.self, LintCommand.self,
      ServeCommand.self,
      ProbeCommand.self,
      RulesCommand.self,
      DumpConfigCommand.self,
    ]
  )
}
