using PeftU.Benchmarks;
using PeftU.Core;

// Usage: dotnet run -c Release --project benchmarks/PeftU.Benchmarks -- backbone [--quick]
string which = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "backbone";
bool quick = args.Contains("--quick");
TorchRuntime.Initialize();
Console.WriteLine($"threads {TorchRuntime.Threads}, {Environment.ProcessorCount} cores");
switch (which)
{
    case "backbone":
        BackboneBenchmark.Run(quick);
        return 0;
    default:
        Console.Error.WriteLine($"unknown benchmark '{which}'; known: backbone");
        return 2;
}
