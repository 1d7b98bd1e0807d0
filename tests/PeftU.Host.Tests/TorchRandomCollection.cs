namespace PeftU.Host.Tests;

/// <summary>Tests that compare in-process runs with dropout: dropout draws from torch's one global generator, which
/// <c>BankTrainer</c> seeds per bank. A run owns that generator in its own process (the CLI runs one experiment at a
/// time); here any test drawing random numbers in parallel would shift the draws, so these tests run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchRandomCollection
{
    public const string Name = "torch global generator";
}
