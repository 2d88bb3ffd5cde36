import Foundation

signal(SIGPIPE, SIG_IGN)
exit(KlaiCLI.run(Array(CommandLine.arguments.dropFirst())))
