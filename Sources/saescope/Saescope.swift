import ArgumentParser
import Foundation
import SAEKit

/// The `saescope` command: the root of every subcommand.
struct Saescope: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "saescope",
        abstract: "Explore the features that sparse autoencoders find in a language model.",
        discussion: "With no command, opens the explorer (tui) on the sample dictionaries in SampleData/.",
        subcommands: [
            TuiCommand.self,
            InfoCommand.self,
            EncodeCommand.self,
            NeighboursCommand.self,
            FeatureCommand.self,
            SearchCommand.self,
            ContrastCommand.self,
            AnnotateCommand.self,
            StarsCommand.self,
            ExportCommand.self,
            LabelsCommand.self,
            IndexCommand.self,
            ModelCommand.self,
            FetchCommand.self,
            TokenizeCommand.self,
            ActivationsCommand.self,
            GenerateCommand.self,
            SteerCommand.self,
            EvalCommand.self,
            AttributeCommand.self,
            CorpusCommand.self,
            HarvestCommand.self,
            TrainCommand.self,
            BenchCommand.self,
        ],
        defaultSubcommand: TuiCommand.self
    )
}
