namespace PeftU.Generators.Tests;

/// <summary>Plugin sources used across generator tests.</summary>
internal static class Samples
{
    public const string Lora = """
        using System.Collections.Generic;
        using System.Linq;
        using PeftU.Abstractions;
        using PeftU.Abstractions.Backbone;
        using PeftU.Abstractions.Methods;

        namespace Sample.Methods;

        public enum Init { Gaussian, KaimingUniform }

        /// <summary>Low-rank adaptation of linear layers.</summary>
        [PeftMethod("lora", Display = "LoRA", Paper = "Hu et al., 2021, arXiv:2106.09685")]
        [Trainable("lora_A", Sites = nameof(TargetSites), Shape = "R, In")]
        [Trainable("lora_B", Sites = nameof(TargetSites), Shape = "Out, R")]
        [Trainable("bias", When = nameof(TrainsBias), Shape = "2, DModel")]
        public sealed partial class Lora : IPeftMethod
        {
            private IEnumerable<LinearSite> TargetSites(BackboneDims dims) => BackboneSites.Linears(dims).Where(s => TargetModules.Contains(s.Module));

            private bool TrainsBias => Bias != "none";

            public IMethodBank Attach(IBackboneHooks hooks, int users, long seed) => new MethodBank(users);

            public IReadOnlyDictionary<string, object?> AdapterConfig() => new Dictionary<string, object?>();

            /// <summary>Rank of the update.</summary>
            [PeftOption(Default = 8, Min = 1), BudgetKnob]
            public partial int R { get; }

            [PeftOption(Default = 32.0, Description = "Scale numerator: the update is scaled by lora_alpha / r.")]
            public partial double LoraAlpha { get; }

            [PeftOption(Default = 0.1, Min = 0.0, Max = 1.0)]
            public partial double LoraDropout { get; }

            [PeftOption(Default = new[] { "q", "v" }, OneOf = new[] { "q", "k", "v", "o", "wi", "wi_0", "wi_1", "wo" })]
            public partial string[] TargetModules { get; }

            [PeftOption(Default = Init.KaimingUniform)]
            public partial Init InitLoraWeights { get; }

            [PeftOption(Default = false)]
            public partial bool UseRslora { get; }

            [PeftOption(Default = 1L << 40, Name = "seed64")]
            public partial long Seed { get; }

            [PeftOption(Default = "none", OneOf = new[] { "none", "all", "lora_only" })]
            public partial string Bias { get; }
        }
        """;

    public const string Task = """
        using System.Collections.Generic;
        using PeftU.Abstractions;
        using PeftU.Abstractions.Tasks;

        namespace Sample.Tasks;

        // A task without options: the generator still emits its metadata and registry entry. The task members are
        // minimal here; the generator only reads the attributes.
        [PeftTask("tweeteval", Display = "TweetEval")]
        public sealed partial class TweetEval : IPeftTask
        {
            public TaskDefinition Definition { get; } = new("tweeteval", ["Hateful", "Non-hateful"], false, "Is it hateful?");
            public PersonalizedDataset Load(string? dataDirectory) => new([]);
            public bool CanPrepare => false;
            public PersonalizedDataset Prepare(string rawPath) => throw new TaskDataException("no preparer");
            public IReadOnlyList<PromptedSample> BuildPrompts(UserData user, SplitName split, PromptOptions options) => [];
            public IReadOnlyList<string> ParseGenerated(string generated) => [generated];
        }
        """;
}
