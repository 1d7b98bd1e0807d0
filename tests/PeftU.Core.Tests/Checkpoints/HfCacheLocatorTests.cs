using PeftU.Core.Backbone;
using PeftU.Core.Checkpoints;
using PeftU.Core.Experiments;
using PeftU.Core.Tests.Backbone;
using PeftU.Testing;

namespace PeftU.Core.Tests.Checkpoints;

/// <summary>Model ids from a Hugging Face cache folder built here in the hub's own layout (blobs, symlinked snapshots,
/// refs), with huggingface_hub's precedence of cache variables; never a download.</summary>
public sealed class HfCacheLocatorTests : IDisposable
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private const string Other = "fedcba9876543210fedcba9876543210fedcba98";
    private readonly TempFolder _tmp = new("peftu-hfcache");

    public void Dispose() => _tmp.Dispose();

    private string Cache => Path.Combine(_tmp.Path, "hub");

    [Fact]
    public void An_id_resolves_to_the_snapshot_refs_main_names_and_the_model_loads_from_it()
    {
        string snapshot = HfCacheLayout.AddModel(Cache, "google/flan-t5-tiny", TinyFlan.Dir, Commit);
        string folder = HfCacheLocator.Resolve("google/flan-t5-tiny", Env(("HF_HUB_CACHE", Cache)));
        Assert.Equal(snapshot, folder);
        Assert.NotNull(new FileInfo(Path.Combine(folder, "model.safetensors")).LinkTarget); // a symlink into blobs/, as the hub writes it

        TorchRuntime.Initialize();
        using var loaded = T5CheckpointLoader.Load(folder, BackboneDtype.Fp32, requireTokenizer: true);
        using var reference = TinyFlan.Load();
        var (ids, mask) = TinyFlan.Prompts();
        using var noGrad = TorchSharp.torch.no_grad();
        Assert.True(loaded.Model.Forward(ids, mask, TinyFlan.DecoderIds()).allclose(reference.Model.Forward(ids, mask, TinyFlan.DecoderIds()), rtol: 0, atol: 0));
    }

    [Fact]
    public void An_explicit_revision_is_a_ref_name_or_a_commit()
    {
        HfCacheLayout.AddModel(Cache, "google/flan-t5-tiny", TinyFlan.Dir, Commit);
        string other = HfCacheLayout.AddModel(Cache, "google/flan-t5-tiny", TinyFlan.Dir, Other, refName: "v2");
        var env = Env(("HF_HUB_CACHE", Cache));
        Assert.Equal(other, HfCacheLocator.Resolve("google/flan-t5-tiny@v2", env));
        Assert.Equal(other, HfCacheLocator.Resolve($"google/flan-t5-tiny@{Other}", env));
        Assert.EndsWith(Commit, HfCacheLocator.Resolve("google/flan-t5-tiny", env));
    }

    [Fact]
    public void The_cache_is_HF_HUB_CACHE_else_HF_HOME_hub_else_XDG_else_home()
    {
        Assert.Equal("/a/hub-cache", HfCacheLocator.CacheRoot(Env(("HF_HUB_CACHE", "/a/hub-cache"), ("HF_HOME", "/b"))));
        Assert.Equal(Path.Combine("/b", "hub"), HfCacheLocator.CacheRoot(Env(("HF_HOME", "/b"), ("XDG_CACHE_HOME", "/x"))));
        Assert.Equal(Path.Combine("/x", "huggingface", "hub"), HfCacheLocator.CacheRoot(Env(("XDG_CACHE_HOME", "/x"), ("HOME", "/h"))));
        Assert.Equal(Path.Combine("/h", ".cache", "huggingface", "hub"), HfCacheLocator.CacheRoot(Env(("HOME", "/h"))));

        string home = Path.Combine(_tmp.Path, "hfhome");
        string snapshot = HfCacheLayout.AddModel(Path.Combine(home, "hub"), "google/flan-t5-tiny", TinyFlan.Dir, Commit);
        Assert.Equal(snapshot, HfCacheLocator.Resolve("google/flan-t5-tiny", Env(("HF_HOME", home))));
    }

    [Fact]
    public void A_missing_model_names_the_folder_searched_and_never_downloads()
    {
        var error = Assert.Throws<BackboneException>(() => HfCacheLocator.Resolve("google/flan-t5-base", Env(("HF_HUB_CACHE", Cache))));
        Assert.Equal($"model 'google/flan-t5-base' is neither a folder nor in the Hugging Face cache (searched: {Path.Combine(Cache, "models--google--flan-t5-base")}; " +
            "the cache is $HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub); peftu resolves model ids from the local cache only and never downloads.", error.Message);
    }

    [Fact]
    public void A_ref_without_its_snapshot_says_which_snapshots_are_cached()
    {
        HfCacheLayout.AddModel(Cache, "google/flan-t5-tiny", TinyFlan.Dir, Commit);
        File.WriteAllText(Path.Combine(Cache, "models--google--flan-t5-tiny", "refs", "main"), Other);
        var error = Assert.Throws<BackboneException>(() => HfCacheLocator.Resolve("google/flan-t5-tiny", Env(("HF_HUB_CACHE", Cache))));
        Assert.Contains($"snapshot {Other} is not cached (searched: {Path.Combine(Cache, "models--google--flan-t5-tiny", "snapshots", Other)}); cached snapshots: {Commit}", error.Message);
    }

    [Fact]
    public void Folders_win_over_ids_and_paths_are_never_taken_for_ids()
    {
        Assert.Equal(TinyFlan.Dir, HfCacheLocator.Resolve(TinyFlan.Dir, Env()));
        Assert.Equal("./google/flan-t5-base", HfCacheLocator.Resolve("./google/flan-t5-base", Env(("HF_HUB_CACHE", Cache))));
        Assert.Equal("/abs/google", HfCacheLocator.Resolve("/abs/google", Env(("HF_HUB_CACHE", Cache))));
        Assert.False(HfCacheLocator.LooksLikeId("flan-t5-base"));
        Assert.True(HfCacheLocator.LooksLikeId("google/flan-t5-base@main"));
    }

    [Fact]
    public void An_experiment_backbone_path_may_be_an_id_and_a_folder_beside_the_file_wins()
    {
        string snapshot = HfCacheLayout.AddModel(Cache, "google/flan-t5-tiny", TinyFlan.Dir, Commit);
        string file = Path.Combine(_tmp.Path, "exp", "e.yaml");
        var env = Env(("HF_HUB_CACHE", Cache));
        Assert.Equal(snapshot, ExperimentPaths.ResolveBackbone(file, "google/flan-t5-tiny", env));

        Directory.CreateDirectory(Path.Combine(_tmp.Path, "exp", "google", "flan-t5-tiny"));
        Assert.Equal(Path.Combine(_tmp.Path, "exp", "google", "flan-t5-tiny"), ExperimentPaths.ResolveBackbone(file, "google/flan-t5-tiny", env));

        var error = Assert.Throws<BackboneException>(() => ExperimentPaths.ResolveBackbone(file, "models/m", env));
        Assert.StartsWith($"no folder {Path.Combine(_tmp.Path, "exp", "models", "m")}, and as a model id: model 'models/m' is neither a folder nor in the Hugging Face cache", error.Message);
    }

    private static Func<string, string?> Env(params (string Key, string Value)[] values) =>
        key => values.FirstOrDefault(v => v.Key == key).Value;
}
