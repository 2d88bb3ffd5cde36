enum BenchMode { static func run(_ arguments: [String]) throws { fatalError("not yet") } }
