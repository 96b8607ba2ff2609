import ArgumentParser

/// `saescope bench` on the model branch alone; the main branch's own `bench` group takes `BenchModelCommand` instead.
struct BenchGroupForModel: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "Benchmarks.",
                                                    subcommands: [BenchModelCommand.self])
}
