using System.Globalization;
using PeftU.Core.Experiments;

namespace PeftU.Core.Tests.Experiments;

/// <summary>The schema's table of settings and the reader agree: every bound the schema states is where the reader
/// starts refusing, and every listed value is accepted while others are not.</summary>
public sealed class SchemaReaderAgreementTests
{
    public static TheoryData<string, string> BoundedFields() => Data(f => f.Min is not null || f.Max is not null);

    public static TheoryData<string, string> EnumFields() => Data(f => f.Values is not null);

    private static TheoryData<string, string> Data(Func<SpecField, bool> which)
    {
        var data = new TheoryData<string, string>();
        foreach (var field in ExperimentSchema.Fields.Where(which))
            data.Add(field.Section, field.Key);
        return data;
    }

    private static IReadOnlyList<SpecError> Errors(string section, string key, string value)
    {
        string backbone = section == "backbone" ? $"{{path: m, {key}: {value}}}" : "{path: m}";
        string extra = section == "backbone" ? "" : section == "budget" && key != "params" ? $"\nbudget: {{params: 10, {key}: {value}}}" : $"\n{section}: {{{key}: {value}}}";
        string yaml = $"backbone: {backbone}\ntasks: [synthetic]\nmethods: [lora]{extra}\n";
        return ExperimentSpecReader.ParseLenient(new StringReader(yaml), "x.yaml", _ => null).Errors;
    }

    private static string Text(double value, bool integer) =>
        integer ? ((long)value).ToString(CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture);

    [Theory]
    [MemberData(nameof(BoundedFields))]
    public void Bounds_are_where_the_reader_refuses(string section, string key)
    {
        var field = ExperimentSchema.Fields.Single(f => f.Section == section && f.Key == key);
        bool integer = field.Type == "integer";
        double step = integer ? 1 : 1e-6;
        if (field.Min is { } min)
        {
            Assert.Empty(Errors(section, key, Text(min, integer)));
            Assert.NotEmpty(Errors(section, key, Text(min - step, integer)));
        }
        if (field.Max is { } max)
        {
            Assert.Empty(Errors(section, key, Text(max, integer)));
            Assert.NotEmpty(Errors(section, key, Text(max + Math.Max(step, max * 1e-9), integer)));
        }
    }

    [Theory]
    [MemberData(nameof(EnumFields))]
    public void Listed_values_are_accepted_and_others_refused(string section, string key)
    {
        var field = ExperimentSchema.Fields.Single(f => f.Section == section && f.Key == key);
        foreach (string value in field.Values!)
            Assert.Empty(Errors(section, key, value));
        Assert.NotEmpty(Errors(section, key, "zzz"));
    }
}
