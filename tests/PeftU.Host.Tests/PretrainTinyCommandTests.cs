using PeftU.Core.Checkpoints;
using PeftU.Testing;
using static PeftU.Host.Tests.CliRunner;

namespace PeftU.Host.Tests;

/// <summary><c>peftu pretrain-tiny</c> is deterministic (same arguments → same bytes), and the bundled backbone is what
/// the documented command makes (its recorded arguments are the command's defaults).</summary>
public sealed class PretrainTinyCommandTests : IDisposable
{
    private readonly TempFolder _temp = new("peftu-pretrain");

    private string Root => _temp.Path;

    private static string Bundled => Path.Combine(RepoPaths.Root, "models", "peftu-tiny");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_same_arguments_give_the_same_bytes()
    {
        byte[] Make(string name, string seed)
        {
            string folder = Path.Combine(Root, name);
            Directory.CreateDirectory(folder);
            File.Copy(Path.Combine(Bundled, "spiece.model"), Path.Combine(folder, "spiece.model"));
            var (code, output, error) = Run("pretrain-tiny", "--out", folder, "--steps", "3", "--batch", "4", "--users", "4", "--seed", seed,
                "--plugins-dir", RepoPaths.StagedPlugins);
            Assert.True(code == 0, error);
            Assert.Equal(Path.GetFullPath(folder), output.Trim());
            Assert.Contains("step 3: loss", error);
            using var reader = SafetensorsReader.Open(Path.Combine(folder, "model.safetensors"));
            Assert.Equal("steps=3;batch=4;lr=0.003;seed=" + seed + ";users=4;corpus=pretraining", reader.Metadata["peftu_pretrain"]);
            return File.ReadAllBytes(Path.Combine(folder, "model.safetensors"));
        }

        var first = Make("a", "42");
        Assert.Equal(first, Make("b", "42"));
        Assert.NotEqual(first, Make("c", "43"));
    }

    [Fact]
    public void The_bundled_backbone_records_the_documented_command()
    {
        using var reader = SafetensorsReader.Open(Path.Combine(Bundled, "model.safetensors"));
        Assert.Equal("steps=400;batch=64;lr=0.003;seed=42;users=31;corpus=pretraining", reader.Metadata["peftu_pretrain"]);
        Assert.True(new FileInfo(Path.Combine(Bundled, "model.safetensors")).Length < 10_000_000);
        Assert.Contains("pretrain-tiny --out models/peftu-tiny --steps 400", File.ReadAllText(Path.Combine(Bundled, "NOTICE.md")));
    }

    [Fact]
    public void A_folder_without_the_tokenizer_is_refused()
    {
        Directory.CreateDirectory(Root);
        var (code, _, error) = Run("pretrain-tiny", "--out", Root, "--steps", "1", "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.Equal(1, code);
        Assert.Contains("no spiece.model", error);
        Assert.Empty(Directory.GetFiles(Root));
    }
}
