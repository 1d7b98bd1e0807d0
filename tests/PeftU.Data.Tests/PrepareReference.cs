using PeftU.Testing;

namespace PeftU.Data.Tests;

/// <summary>tests/fixtures/peft-u-prepare/&lt;task&gt;/: synthetic raw files in each task's real layout, and what the
/// original preparer and split write from them (see NOTICE.md there).</summary>
internal static class PrepareReference
{
    public static readonly string[] Tasks =
        ["cockamamie", "epic", "gabhate", "goemotion", "hatexplain", "measuringhatespeech", "unhealthyconversations", "wikidetox"];

    public static string Dir(string task) => Path.Combine(RepoPaths.Fixtures, "peft-u-prepare", task);

    public static string File(string task, string name) => Path.Combine(Dir(task), name);
}
