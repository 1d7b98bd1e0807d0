using PeftU.Testing;
using static PeftU.Host.Tests.CliRunner;

namespace PeftU.Host.Tests;

/// <summary>The Markdown parameter-count report (<c>peftu params</c> without <c>--method</c>) is snapshot-tested.</summary>
public sealed class ParameterReportTests
{
    [Fact]
    public async Task Markdown_report_of_every_method_on_flan_t5_base()
    {
        var (code, output, error) = Run("params", "--backbone-config", Path.Combine(RepoPaths.Fixtures, "t5", "flan-t5-base.config.json"), "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.True(code == 0, error);
        await Snapshot.Verify(output, "md");
    }
}
