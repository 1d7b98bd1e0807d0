using PeftU.Benchmarks;
using PeftU.Core;

// Usage: dotnet run -c Release --project benchmarks/PeftU.Benchmarks -- backbone|profile|bank|protocol|dropout|probe|memory|serve [--quick]
string which = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "backbone";
bool quick = args.Contains("--quick");
TorchRuntime.Initialize();
if (which == "memory-once")
{
    var rest = args.SkipWhile(a => a != "memory-once").Skip(1).ToList();  // a child of `memory`
    MemoryBenchmark.Once(rest[0], int.Parse(rest[1], System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}
if (which == "probe-once")
{
    ProbeBenchmark.Once(args.SkipWhile(a => a != "probe-once").Skip(1).First());  // a child of `probe`: prints only its result
    return 0;
}
Console.WriteLine($"threads {TorchRuntime.Threads}, {Environment.ProcessorCount} cores, CPU model: {CpuModel()}");
switch (which)
{
    case "backbone":
        BackboneBenchmark.Run(quick);
        return 0;
    case "dropout":
        DropoutBenchmark.Run(quick);
        return 0;
    case "profile":
        ProfileBenchmark.Run(quick, ProfileBenchmark.Batches(args, quick));
        return 0;
    case "probe":
        ProbeBenchmark.Run(quick);
        return 0;
    case "memory":
        MemoryBenchmark.Run(quick);
        return 0;
    case "serve":
        return ServeBenchmark.Run(quick);
    case "bank" or "protocol":
        return ExperimentBenchmark.Run(which, quick);
    default:
        Console.Error.WriteLine($"unknown benchmark '{which}'; known: backbone, profile, bank, protocol, dropout, probe, memory, serve");
        return 2;
}

// These machines differ (AMD EPYC, Intel Xeon with or without AMX, some naming themselves only "Intel Xeon
// Processor"): every figure is printed with the CPU model and its bf16 features.
static string CpuModel()
{
    if (!File.Exists("/proc/cpuinfo"))
        return System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
    var lines = File.ReadLines("/proc/cpuinfo").ToList();
    string Field(string name) => lines.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "";
    var flags = Field("flags").Split(' ');
    var bf16 = new[] { "avx512_bf16", "amx_bf16" }.Where(flags.Contains).ToList();
    return $"{Field("model name")} ({(bf16.Count > 0 ? string.Join(", ", bf16) : "no bf16 instructions")})";
}
