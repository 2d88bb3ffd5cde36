import Foundation

// A process may inherit a blocked signal mask from whoever started it (a thread pool that spawned it,
// a supervisor): then SIGTERM would stay pending for ever and `klai serve` could not be stopped.
// Start from an empty mask, before any thread exists, so every thread inherits it.
var unblocked = sigset_t()
sigemptyset(&unblocked)
pthread_sigmask(SIG_SETMASK, &unblocked, nil)
signal(SIGPIPE, SIG_IGN)
exit(KlaiCLI.run(Array(CommandLine.arguments.dropFirst())))
