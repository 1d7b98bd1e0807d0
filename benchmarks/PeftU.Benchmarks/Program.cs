using PeftU.Benchmarks;
using PeftU.Core;

// Usage: dotnet run -c Release --project benchmarks/PeftU.Benchmarks -- backbone|bank|protocol|dropout [--quick]
string which = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "backbone";
bool quick = args.Contains("--quick");
TorchRuntime.Initialize();
Console.WriteLine($"threads {TorchRuntime.Threads}, {Environment.ProcessorCount} cores");
switch (which)
{
    case "backbone":
        BackboneBenchmark.Run(quick);
        return 0;
    case "dropout":
        DropoutBenchmark.Run(quick);
        return 0;
    case "bank" or "protocol":
        return ExperimentBenchmark.Run(which, quick);
    default:
        Console.Error.WriteLine($"unknown benchmark '{which}'; known: backbone, bank, protocol, dropout");
        return 2;
}
