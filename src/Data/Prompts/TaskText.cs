using PeftU.Abstractions.Tasks;
namespace PeftU.Data.Prompts;

/// <summary>The original's prompt and target templates.</summary>
public static class TaskText
{
    /// <summary><c>"{instruction} "</c> + <c>"Text: {demo} Label: {label}. "</c> per demo + <c>"Text: {text} Label: "</c>.</summary>
    public static string Prompt(string instruction, IEnumerable<(string Text, string Label)> demos, string text)
    {
        var prompt = new System.Text.StringBuilder(instruction).Append(' ');
        foreach (var (demoText, label) in demos)
            prompt.Append("Text: ").Append(demoText).Append(" Label: ").Append(label).Append(". ");
        return prompt.Append("Text: ").Append(text).Append(" Label: ").ToString();
    }

    /// <summary>The label, or several joined by ", " (multi-label).</summary>
    public static string Target(IReadOnlyList<string> labels) => string.Join(", ", labels);
}
