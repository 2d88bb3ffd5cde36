import Foundation

// klai-learning-stress: load and crash driver for KlaiLearning's event ingest.
//   klai-learning-stress post DB [SEED]     post batches until killed (crash-safety test)
//   klai-learning-stress check DB           recompute summaries from events; exit 1 on a difference
//   klai-learning-stress bench [options]    the events benchmark (see Benchmarks/events.sh)
let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch arguments.first {
    case "post" where arguments.count >= 2:
        try CrashMode.run(path: arguments[1], seed: arguments.count > 2 ? UInt64(arguments[2]) ?? 1 : 1)
    case "check" where arguments.count == 2:
        exit(try CheckMode.run(path: arguments[1]))
    case "bench":
        try BenchMode.run(Array(arguments.dropFirst()))
    default:
        FileHandle.standardError.write(Data("usage: klai-learning-stress post DB [SEED] | check DB | bench [--help]\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("klai-learning-stress: \(error)\n".utf8))
    exit(1)
}
